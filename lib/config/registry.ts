// The registry: settings, the inversify container, and the committed configuration.
import { Container } from 'inversify';
import { STATE } from '../symbols.js';
import type { Class, Settings } from '../types.js';
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

  constructor(settings: Settings = {}, container: Container = new Container()) {
    this.settings = settings;
    this.container = container;
  }

  /** The subscribers an event of this class reaches, in registration order. */
  subscribersFor(eventClass: Function): Array<(event: never) => unknown> {
    let found = this.#subscriberCache.get(eventClass);
    if (!found) {
      found = this[STATE].subscribers
        .filter((entry) => isSameOrSubclass(eventClass, entry.eventClass))
        .map((entry) => entry.fn);
      this.#subscriberCache.set(eventClass, found);
    }
    return found;
  }

  /** Forget cached subscriber lists (after the subscribers changed). */
  subscribersChanged(): void {
    this.#subscriberCache.clear();
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
