// What config.include accepts: a function, or a module whose includeme is one.
import { ConfigurationError } from '../errors.js';

/** An add-on: `(config) => void | Promise<void>`, or a module exporting `includeme`. */
export type Includable<C> =
  | ((config: C) => void | Promise<void>)
  | { includeme: (config: C) => void | Promise<void> };

/** Options of include. */
export interface IncludeOptions {
  /** Prefix for the relative routes the add-on registers; nested prefixes compose. */
  routePrefix?: string;
}

/** The includeme function of an add-on; `where` (the include's call site) is formatted only for an error. */
export function resolveIncludeme<C>(
  addon: Includable<C>,
  where: { readonly location: string },
): (config: C) => void | Promise<void> {
  if (typeof addon === 'function') return addon;
  if (addon !== null && typeof addon === 'object' && typeof addon.includeme === 'function')
    return addon.includeme;
  throw new ConfigurationError(
    `include needs a function or a module exporting includeme, at ${where.location}`,
    {
      code: 'ZIG_ERR_CONFIG_OPTION',
    },
  );
}

/** A readable name for an include in conflict messages. */
export function includeLabel(fn: Function, where: string): string {
  return `${fn.name || 'anonymous include'} (${where})`;
}
