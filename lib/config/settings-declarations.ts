// declareSettings: the keys a settings namespace has (Ziggurat's own, each add-on's), so that commit can warn
// about the keys nothing reads (typos), naming the settings file's line and the closest known key.
import type { FastifyInstance } from 'fastify';
import { ConfigurationError } from '../errors.js';
import { fileWarningsOf, type SettingsWarning, unknownSettings } from '../settings/unknown-settings.js';
import { asBool } from '../settings/values.js';
import { STATE } from '../symbols.js';
import { PHASE } from './actions.js';
import type { ConfigContext } from './context.js';
import type { Registry } from './registry.js';
import type { ConfigState } from './state.js';

/** The settings Ziggurat itself reads: the `ziggurat` namespace. */
export const ZIGGURAT_SETTINGS: readonly string[] = [
  'allowed_hosts',
  'debug',
  'debugAuthorization',
  'includes',
  'tweens',
];

const NAMESPACE = /^[A-Za-z_][\w-]*$/;

function optionError(message: string, ctx: ConfigContext): ConfigurationError {
  return new ConfigurationError(`declareSettings: ${message} at ${ctx.site}`, {
    code: 'ZIG_ERR_CONFIG_OPTION',
  });
}

/**
 * Record the keys of a settings namespace (`'sql'`, `['url', 'poolSize']` for `sql.url` and
 * `sql.poolSize`). Declarations of one namespace add up; a namespace nobody declares is not checked.
 */
export function declareSettings(ctx: ConfigContext, namespace: string, keys: readonly string[]): void {
  if (typeof namespace !== 'string' || !NAMESPACE.test(namespace)) {
    throw optionError(`the namespace must be a name without dots, got ${JSON.stringify(namespace)}`, ctx);
  }
  if (!Array.isArray(keys) || keys.some((key) => typeof key !== 'string' || key === '')) {
    throw optionError(`'${namespace}' needs a list of keys (without '${namespace}.')`, ctx);
  }
  ctx.record(
    null,
    () => {
      const known = ctx.state.settingsNamespaces.get(namespace) ?? new Set<string>();
      for (const key of keys) known.add(key);
      ctx.state.settingsNamespaces.set(namespace, known);
    },
    PHASE.SETTINGS,
  );
}

/** At commit: the warnings about the registry's settings (and the settings file they came from). */
export function checkSettings(state: ConfigState, registry: Registry): void {
  state.settingsWarnings = [
    ...fileWarningsOf(registry.settings),
    ...unknownSettings(registry.settings, state.settingsNamespaces),
    ...debugInProduction(registry),
  ];
}

/**
 * A warning when `ziggurat.debug` is on under NODE_ENV=production: not refused (a staging box may want
 * the error pages), but the pages show source and stacks to every client, so it must not go unnoticed.
 */
function debugInProduction(registry: Registry, env: NodeJS.ProcessEnv = process.env): SettingsWarning[] {
  if (env.NODE_ENV !== 'production' || !asBool(registry.settings['ziggurat.debug'])) return [];
  return [
    {
      key: 'ziggurat.debug',
      location: null,
      suggestion: null,
      message:
        'ziggurat.debug is on with NODE_ENV=production: uncaught errors answer development error pages that show stacks and source code to every client. Set ziggurat.debug = false unless this server is not public',
    },
  ];
}

/** Log on the app's logger the warnings not logged yet for this registry: each once. */
export function logSettingsWarnings(state: ConfigState, app: FastifyInstance): void {
  for (const warning of state.settingsWarnings) {
    if (state.loggedSettingsWarnings.has(warning.message)) continue;
    state.loggedSettingsWarnings.add(warning.message);
    app.log.warn({ setting: warning.key }, warning.message);
  }
}

/**
 * Add warnings about a settings file that commit could not see (when main() gave the Configurator
 * settings of its own making), and log them.
 */
export function addSettingsFileWarnings(
  registry: Registry,
  app: FastifyInstance,
  warnings: readonly SettingsWarning[],
): void {
  const state = registry[STATE];
  const known = new Set(state.settingsWarnings.map((warning) => warning.message));
  state.settingsWarnings = [
    ...warnings.filter((warning) => !known.has(warning.message)),
    ...state.settingsWarnings,
  ];
  logSettingsWarnings(state, app);
}
