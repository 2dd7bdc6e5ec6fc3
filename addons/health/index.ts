// ziggurat/addons/health: readiness and liveness endpoints, and load shedding (@fastify/under-pressure).
import { type Configurator, PHASE, ZigguratError } from '../../lib/index.js';
import { type ReadinessCheck, registerHealthEndpoints } from './endpoints.js';
import { registerLoadShedding } from './load-shedding.js';
import { HEALTH_SETTINGS, type HealthOptions, readHealthOptions } from './settings.js';

export type { ReadinessCheck } from './endpoints.js';
export { type HealthOptions, readHealthOptions } from './settings.js';

declare module '../../lib/index.js' {
  interface Settings {
    /** The readiness endpoint's path (default `/_health/ready`). */
    'health.readyPath'?: string;
    /** The liveness endpoint's path (default `/_health/live`). */
    'health.livePath'?: string;
    /** Milliseconds of event loop delay past which requests are answered 503 (default 1000; 0: no limit). */
    'health.maxEventLoopDelay'?: number | string;
    /** Heap in use past which requests are answered 503: bytes, or with kb, mb, gb (default 0: no limit). */
    'health.maxHeapUsed'?: number | string;
    /** Resident memory past which requests are answered 503: bytes, or with kb, mb, gb (default 0: no limit). */
    'health.maxRss'?: number | string;
    /** Seconds in the `Retry-After` of a shed request (default 10). */
    'health.retryAfter'?: number | string;
    /** Milliseconds between two measures of the load (default 1000). */
    'health.sampleInterval'?: number | string;
    /** Milliseconds a readiness check may take before it counts as failed (default 2000). */
    'health.checkTimeout'?: number | string;
  }
  interface Configurator {
    /**
     * Add a readiness check (a database ping...): readiness answers 503 while it resolves to `false`,
     * throws or takes longer than `health.checkTimeout`. Added by ziggurat/addons/health.
     * @example config.addReadinessCheck('database', async () => (await pool.query('select 1')).rowCount === 1);
     */
    addReadinessCheck(name: string, check: ReadinessCheck): void;
  }
}

function checkArguments(name: unknown, check: unknown): void {
  if (typeof name !== 'string' || name.trim() === '' || typeof check !== 'function') {
    throw new ZigguratError(
      'ZIG_ERR_CONFIG_OPTION',
      'addReadinessCheck needs a name and a function (app) => boolean | Promise<boolean>',
    );
  }
}

/**
 * Include with `config.include(health)`: `GET /_health/live` answers 200 while the process answers,
 * `GET /_health/ready` 200 while the app can take traffic and 503 while it shuts down (`ziggurat serve`
 * on SIGTERM, or `closeGracefully`), sheds load or fails a readiness check. Past a load limit (event
 * loop delay 1 s by default; heap and RSS when set), every other request is answered 503 with
 * `Retry-After` and logged as ZIG_ERR_OVERLOADED at most every 10 s. Both endpoints answer whatever
 * the request's Host, and skip the app's tweens, views and security.
 * @example
 * import health from 'ziggurat/addons/health';
 * const config = new Configurator({ settings: { 'health.maxRss': '1gb' } });
 * config.include(health);
 */
export function includeme(config: Configurator): void {
  const checks = new Map<string, ReadinessCheck>();
  let options: HealthOptions | null = null;
  config.declareSettings('health', HEALTH_SETTINGS);
  config.addDirective('addReadinessCheck', (target: Configurator, name: string, check: ReadinessCheck) => {
    checkArguments(name, check);
    target.action(`ziggurat.health readiness check ${name}`, () => void checks.set(name, check));
  });
  config.action(
    'ziggurat.health',
    () => {
      options = readHealthOptions(config.registry.settings);
    },
    { order: PHASE.EXTENSIONS },
  );
  config.configureFastify(async (app) => {
    if (options === null) return;
    const load = await registerLoadShedding(app, options);
    registerHealthEndpoints(app, options, load, checks);
  });
}

export default includeme;
