// ziggurat/addons/session: request.session as a signed and encrypted cookie, or kept in Redis.
import {
  asInt,
  ConfigurationError,
  type Configurator,
  EXCVIEW,
  type Handler,
  PHASE,
  type Request,
  type Response,
  type Settings,
  ZigguratError,
} from '../../lib/index.js';
import { readSessionOptions, SessionManager } from './manager.js';
import { storeLifetime } from './options.js';
import { RedisSessionStore } from './redis-store.js';
import { Revocation } from './revocation.js';
import { keepsGenerations, type SessionGenerationStore, type SessionStore } from './store.js';

export { CookieCipher } from './cookie-cipher.js';
export { readSessionOptions, SessionManager, type SessionOptions } from './manager.js';
export { RedisSessionStore, type RedisSessionStoreOptions } from './redis-store.js';
export { RequestSession, type SessionRecord } from './session.js';
export {
  keepsGenerations,
  type OutageLogger,
  type SessionGenerationStore,
  type SessionStore,
} from './store.js';

declare module '../../lib/index.js' {
  interface Settings {
    /** A secret of at least 32 characters, or a list (or comma-separated string), newest first. */
    'session.secret'?: string | readonly string[];
    'session.cookieName'?: string;
    /** Seconds of inactivity before a session is dropped (default 1200); null or 'none': never. */
    'session.timeout'?: number | string | null;
    /** Seconds after which an unchanged session is written again (default: a tenth of the timeout). */
    'session.reissueTime'?: number | string;
    /** Max-Age of the cookie in seconds (default: a browser-session cookie). */
    'session.maxAge'?: number | string | null;
    /** 'auto' (default: Secure on https), true or false. */
    'session.secure'?: boolean | 'auto' | string;
    'session.sameSite'?: 'lax' | 'strict' | 'none' | string;
    'session.httpOnly'?: boolean | string;
    'session.path'?: string;
    'session.domain'?: string;
    /** 'cookie' (default) or 'redis'. */
    'session.store'?: 'cookie' | 'redis' | string;
    /** For the redis store, and the cookie store's generations (default redis://127.0.0.1:6379). */
    'session.redis.url'?: string;
    'session.redis.prefix'?: string;
    /** Milliseconds a Redis connection attempt or command may take before Redis counts as down (default 1000). */
    'session.redis.timeout'?: number | string;
    /**
     * Per-user session generations, so log-out ends the user's sessions everywhere, copied cookies
     * included. Default: on with a store that keeps them (redis), off with the cookie store, where
     * true keeps them in Redis (`session.redis.*`) or in `config.setSessionGenerationStore(store)`.
     */
    'session.revocation'?: boolean | string;
    /** Seconds in Retry-After when the session store is unavailable (default 5). */
    'session.retryAfter'?: number | string;
  }
  interface Configurator {
    /** Keep sessions in this store (the cookie then holds a signed id). Added by ziggurat/addons/session. */
    setSessionStore(store: SessionStore): void;
    /** Keep the users' session generations (revocation) in this store. Added by ziggurat/addons/session. */
    setSessionGenerationStore(store: SessionGenerationStore): void;
  }
}

/** A Redis store from the `session.redis.*` settings. */
function redisFromSettings(settings: Settings): RedisSessionStore {
  const url = settings['session.redis.url'];
  const prefix = settings['session.redis.prefix'];
  return new RedisSessionStore({
    ...(url === undefined ? {} : { url: String(url) }),
    ...(prefix === undefined ? {} : { prefix: String(prefix) }),
    timeout: asInt(settings['session.redis.timeout'], 1000),
  });
}

function storeFromSettings(settings: Settings): SessionStore | null {
  const kind = String(settings['session.store'] ?? 'cookie');
  if (kind === 'cookie') return null;
  if (kind === 'redis') return redisFromSettings(settings);
  throw new ConfigurationError(`'session.store' must be cookie or redis, got ${kind}`, {
    code: 'ZIG_ERR_CONFIG_OPTION',
  });
}

/** Where generations live: the store given, the session store itself, or Redis when asked for; null: off. */
function generationsFor(
  wanted: boolean | null,
  given: SessionGenerationStore | null,
  store: SessionStore | null,
  settings: Settings,
): SessionGenerationStore | null {
  if (wanted === false) return null;
  const available = given ?? (keepsGenerations(store) ? store : null);
  if (available !== null || wanted === null) return available;
  return redisFromSettings(settings);
}

/** The add-on's state once committed: the manager and the stores it closes with the app. */
interface Committed {
  readonly manager: SessionManager;
  readonly stores: ReadonlySet<SessionStore | SessionGenerationStore>;
}

function commitSessions(
  settings: Settings,
  chosenStore: SessionStore | null,
  chosenGenerations: SessionGenerationStore | null,
): Committed {
  const options = readSessionOptions(settings);
  const store = chosenStore ?? storeFromSettings(settings);
  const generations = generationsFor(options.revocation, chosenGenerations, store, settings);
  const stores = new Set([store, generations].filter((each) => each !== null));
  if (generations === null) return { manager: new SessionManager(options, store), stores };
  const lifetime = store === null ? options.timeout : storeLifetime(options);
  return { manager: new SessionManager(options, store, new Revocation(generations, lifetime)), stores };
}

/** The two tweens: below EXCVIEW a failed save is an error exception views render; above it, responses they made are saved. */
function addTweens(config: Configurator, ready: () => SessionManager): void {
  config.addTween(
    (handler: Handler) =>
      async (request: Request): Promise<Response> => {
        const response = await handler(request);
        await ready().persist(request, response);
        return response;
      },
    { name: 'ziggurat.session.save', under: EXCVIEW },
  );
  config.addTween(
    (handler: Handler) =>
      async (request: Request): Promise<Response> => {
        const sessions = ready();
        await sessions.preload(request);
        const response = await handler(request);
        await sessions.persist(request, response);
        return response;
      },
    { name: 'ziggurat.session', over: EXCVIEW },
  );
}

/** The keys of the `session.*` settings, declared with config.declareSettings so typos are reported. */
const SESSION_SETTINGS: readonly string[] = [
  'secret',
  'cookieName',
  'timeout',
  'reissueTime',
  'maxAge',
  'secure',
  'sameSite',
  'httpOnly',
  'path',
  'domain',
  'store',
  'redis.url',
  'redis.prefix',
  'redis.timeout',
  'revocation',
  'retryAfter',
];

/**
 * Include with `config.include(session)`: request.session, flash messages, key rotation, revocation.
 * @example
 * import session from 'ziggurat/addons/session';
 * config.addSettings({ 'session.secret': process.env.SESSION_SECRET });
 * config.include(session);
 */
export function includeme(config: Configurator): void {
  config.declareSettings('session', SESSION_SETTINGS);
  let chosenStore: SessionStore | null = null;
  let chosenGenerations: SessionGenerationStore | null = null;
  let committed: Committed | null = null;
  const ready = (): SessionManager => {
    if (committed === null)
      throw new ZigguratError(
        'ZIG_ERR_NO_SESSION',
        'The session add-on is used before its configuration was committed',
      );
    return committed.manager;
  };

  config.addDirective('setSessionStore', (target: Configurator, given: SessionStore) => {
    target.action('session store', () => void (chosenStore = given), { order: PHASE.SETTINGS + 1 });
  });
  config.addDirective('setSessionGenerationStore', (target: Configurator, given: SessionGenerationStore) => {
    target.action('session generation store', () => void (chosenGenerations = given), {
      order: PHASE.SETTINGS + 1,
    });
  });
  config.action(
    'ziggurat.session',
    () => void (committed = commitSessions(config.registry.settings, chosenStore, chosenGenerations)),
    { order: PHASE.EXTENSIONS },
  );
  config.setSessionFactory((request: Request) => ready().sessionFor(request));
  addTweens(config, ready);
  config.configureFastify((app) => {
    for (const store of committed?.stores ?? []) store.setLogger?.(app.log);
    app.addHook('onClose', async () => {
      for (const store of committed?.stores ?? []) await store.close?.();
    });
  });
}

export default includeme;
