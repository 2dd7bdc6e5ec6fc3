// addSettings: settings added during configuration, merged before anything else runs at commit.
import { ConfigurationError } from '../errors.js';
import type { Settings } from '../types.js';
import { PHASE } from './actions.js';
import type { ConfigContext } from './context.js';

/** Record settings to merge into registry.settings in the first phase of commit. */
export function addSettings(ctx: ConfigContext, settings: Settings): void {
  if (settings === null || typeof settings !== 'object' || Array.isArray(settings)) {
    throw new ConfigurationError(`addSettings needs an object of settings at ${ctx.site}`, {
      code: 'ZIG_ERR_CONFIG_OPTION',
    });
  }
  ctx.record(null, () => void Object.assign(ctx.registry.settings, settings), PHASE.SETTINGS);
}
