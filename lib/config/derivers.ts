// addViewDeriver: functions that wrap every view at commit (Pyramid's view derivers), with their own view options.
import { ConfigurationError } from '../errors.js';
import type { Request } from '../http/request.js';
import { PHASE } from './actions.js';
import type { ConfigContext } from './context.js';
import { replaceCommitted } from './overrides.js';
import type { Registry } from './registry.js';
import type { ConfigState, MappedView, ViewEntry } from './state.js';

/** What a view deriver learns about the view it wraps. */
export interface ViewDeriverInfo {
  /** The options the view was registered with (its own deriver options included). */
  readonly options: Readonly<Record<string, unknown>>;
  readonly registry: Registry;
  /** True for exception, not-found and forbidden views. */
  readonly exceptionOnly: boolean;
  /** What was registered: the function or class. */
  readonly original: unknown;
  /** `file:line` of the registration. */
  readonly location: string;
}

/** Wraps a view: returns the view to call instead, `(request) => result`. Runs once per view, at commit. */
export type ViewDeriver = (
  view: (request: Request) => unknown,
  info: ViewDeriverInfo,
) => (request: Request) => unknown;

/** Options of addViewDeriver. */
export interface ViewDeriverOptions {
  /** Defaults to the deriver's function name. */
  name?: string;
  /** View options the deriver reads (so addView accepts them). */
  options?: readonly string[];
}

/** A recorded deriver. */
export interface DeriverEntry {
  readonly name: string;
  readonly deriver: ViewDeriver;
}

/** Record a view deriver; derivers added later wrap the ones added earlier. */
export function addViewDeriver(
  ctx: ConfigContext,
  deriver: ViewDeriver,
  options: ViewDeriverOptions = {},
): void {
  const name = options.name ?? deriver?.name;
  if (typeof deriver !== 'function' || !name) {
    throw new ConfigurationError(
      `addViewDeriver needs a named function (or the name option) at ${ctx.site}`,
      {
        code: 'ZIG_ERR_CONFIG_OPTION',
      },
    );
  }
  const viewOptions = [...(options.options ?? [])];
  ctx.record(
    `view deriver '${name}'`,
    () => {
      replaceCommitted(ctx.state.viewDerivers, { name, deriver }, (entry) => entry.name === name);
      for (const option of viewOptions) ctx.state.viewDeriverOptions.add(option);
    },
    PHASE.EXTENSIONS,
  );
}

function derive(
  entry: ViewEntry,
  derivers: readonly DeriverEntry[],
  registry: Registry,
  exceptionOnly: boolean,
) {
  let view: MappedView = entry.mapped;
  for (const { deriver } of derivers) {
    view = deriver(view, {
      options: entry.options,
      registry,
      exceptionOnly,
      original: entry.original,
      get location() {
        return entry.site.location;
      },
    });
  }
  entry.view = view;
}

/** Apply the derivers to every view (from the mapped view each time, so a second commit does not wrap twice). */
export function applyViewDerivers(state: ConfigState, registry: Registry): void {
  for (const entry of state.views) derive(entry, state.viewDerivers, registry, false);
  for (const entry of state.exceptionViews) derive(entry, state.viewDerivers, registry, true);
}
