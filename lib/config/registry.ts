// The registry: settings, the inversify container, and the committed configuration.
import { Container } from 'inversify';
import { Broadcaster, broadcastRedisUrl } from '../realtime/sse-index.js';
import type { SettingsWarning } from '../settings/unknown-settings.js';
import { STATE } from '../symbols.js';
import type { Class, SecurityPolicy, Settings } from '../types.js';
import { ConfigState } from './state.js';

/**
 * The application registry, shared by a configurator, everything it includes, and the app it makes.
 * @example
 * config.registry.container.bind(Mailer).toSelf().inSingletonScope();
 * const greeting = config.registry.settings['app.greeting'];
 */
export class Registry {
  readonly settings: Settings;
  readonly container: Container;
  readonly [STATE] = new ConfigState();
  readonly #subscriberCache = new Map<Function, Array<(event: never) => unknown>>();
  #lastEventClass: Function | null = null;
  #lastSubscribers: Array<(event: never) => unknown> = [];
  #broadcaster: Broadcaster | null = null;

  constructor(settings: Settings = {}, container: Container = new Container()) {
    this.settings = settings;
    this.container = container;
  }

  /**
   * Settings nothing reads, most likely typos, found at the last commit: keys of a declared namespace
   * (`ziggurat.*`, an add-on's) that it does not declare, and, for an app loaded from a settings file,
   * unknown sections and `[logging]` keys. makeApp logs each on the app's logger.
   * @example for (const warning of config.registry.settingsWarnings) console.warn(warning.message);
   */
  get settingsWarnings(): readonly SettingsWarning[] {
    return this[STATE].settingsWarnings;
  }

  /**
   * The committed security policy (setSecurityPolicy), or null: then views' permissions are not checked.
   * @example if (config.registry.securityPolicy === null) console.warn('permissions are not enforced');
   */
  get securityPolicy(): SecurityPolicy | null {
    return this[STATE].securityPolicy;
  }

  /**
   * Publish/subscribe by channel, in this process or (with the `realtime.redis` setting) across every
   * process on that Redis; made on first use. See Broadcaster.
   * @example await request.registry.broadcaster.publish('pages', { page: 'FrontPage' });
   */
  get broadcaster(): Broadcaster {
    this.#broadcaster ??= new Broadcaster(broadcastRedisUrl(this.settings));
    return this.#broadcaster;
  }

  /** The subscribers an event of this class reaches, in registration order. */
  subscribersFor(eventClass: Function): Array<(event: never) => unknown> {
    // Rendering asks for BeforeRender's on every request: the last answer needs no hashing.
    if (eventClass === this.#lastEventClass) return this.#lastSubscribers;
    let found = this.#subscriberCache.get(eventClass);
    if (!found) {
      found = this[STATE].subscribers
        .filter((entry) => isSameOrSubclass(eventClass, entry.eventClass))
        .map((entry) => entry.fn);
      this.#subscriberCache.set(eventClass, found);
    }
    this.#lastEventClass = eventClass;
    this.#lastSubscribers = found;
    return found;
  }

  /** Forget cached subscriber lists (after the subscribers changed). */
  subscribersChanged(): void {
    this.#subscriberCache.clear();
    this.#lastEventClass = null;
  }

  /**
   * Publish an event to its subscribers, awaiting each in registration order.
   * @example await request.registry.notify(new OrderPlaced(order));
   */
  async notify(event: object): Promise<void> {
    for (const subscriber of this.subscribersFor(event.constructor)) {
      await subscriber(event as never);
    }
  }
}

function isSameOrSubclass(candidate: Function, base: Class): boolean {
  return candidate === base || candidate.prototype instanceof base;
}
