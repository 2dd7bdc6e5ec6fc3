// ziggurat/addons/session: request.session as a signed and encrypted cookie, or kept in Redis.
import {
  ConfigurationError,
  type Configurator,
  EXCVIEW,
  type Handler,
  PHASE,
  type Request,
  type Response,
  ZigguratError,
} from '../../lib/index.js';
import { readSessionOptions, SessionManager } from './manager.js';
import { RedisSessionStore, type SessionStore } from './stores.js';

export { CookieCipher } from './cookie-cipher.js';
export { readSessionOptions, SessionManager, type SessionOptions } from './manager.js';
export { RequestSession, type SessionRecord } from './session.js';
export { RedisSessionStore, type RedisSessionStoreOptions, type SessionStore } from './stores.js';

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
    /** For the redis store (default redis://127.0.0.1:6379). */
    'session.redis.url'?: string;
    'session.redis.prefix'?: string;
  }
  interface Configurator {
    /** Keep sessions in this store (the cookie then holds a signed id). Added by ziggurat/addons/session. */
    setSessionStore(store: SessionStore): void;
  }
}

function storeFromSettings(config: Configurator): SessionStore | null {
  const settings = config.registry.settings;
  const kind = String(settings['session.store'] ?? 'cookie');
  if (kind === 'cookie') return null;
  if (kind === 'redis') {
    const url = settings['session.redis.url'];
    const prefix = settings['session.redis.prefix'];
    return new RedisSessionStore({
      ...(url === undefined ? {} : { url: String(url) }),
      ...(prefix === undefined ? {} : { prefix: String(prefix) }),
    });
  }
  throw new ConfigurationError(`'session.store' must be cookie or redis, got ${kind}`, {
    code: 'ZIG_ERR_CONFIG_OPTION',
  });
}

/**
 * Include with `config.include(session)`: request.session, flash messages, key rotation.
 * @example
 * import session from 'ziggurat/addons/session';
 * config.addSettings({ 'session.secret': process.env.SESSION_SECRET });
 * config.include(session);
 */
export function includeme(config: Configurator): void {
  let store: SessionStore | null = null;
  let chosenStore: SessionStore | null = null;
  let manager: SessionManager | null = null;
  const ready = (): SessionManager => {
    if (manager === null)
      throw new ZigguratError(
        'ZIG_ERR_NO_SESSION',
        'The session add-on is used before its configuration was committed',
      );
    return manager;
  };

  config.addDirective('setSessionStore', (target: Configurator, given: SessionStore) => {
    target.action('session store', () => void (chosenStore = given), { order: PHASE.SETTINGS + 1 });
  });
  config.action(
    'ziggurat.session',
    () => {
      store = chosenStore ?? storeFromSettings(config);
      manager = new SessionManager(readSessionOptions(config.registry.settings), store);
    },
    { order: PHASE.EXTENSIONS },
  );
  config.setSessionFactory((request: Request) => ready().sessionFor(request));
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
  config.configureFastify((app) =>
    app.addHook('onClose', async () => {
      await store?.close?.();
    }),
  );
}

export default includeme;
