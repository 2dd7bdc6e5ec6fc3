// addTween and building the tween chain around MAIN at start-up.

import type { SyncableHandler } from '../dispatch/runtime.js';
import { EXCVIEW, sortTweens } from '../dispatch/tweens.js';
import { ConfigurationError } from '../errors.js';
import type { Handler, TweenFactory } from '../types.js';
import type { ConfigContext } from './context.js';
import type { Registry } from './registry.js';
import type { TweenEntry } from './state.js';

/** Options of addTween. */
export interface TweenOptions {
  /** Defaults to the factory's function name. */
  name?: string;
  /** Names (or MAIN, INGRESS) this tween sits above; in a list, unknown names are skipped. */
  over?: string | readonly string[];
  /** Names (or MAIN, INGRESS) this tween sits below. */
  under?: string | readonly string[];
}

function asList(value: string | readonly string[] | undefined): readonly string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}

/** Record a tween. */
export function addTween(ctx: ConfigContext, factory: TweenFactory, options: TweenOptions = {}): void {
  const name = options.name ?? factory?.name;
  if (typeof factory !== 'function' || !name) {
    throw new ConfigurationError(
      `addTween needs a named factory function (or the name option) at ${ctx.site}`,
      {
        code: 'ZIG_ERR_CONFIG_OPTION',
      },
    );
  }
  const entry: TweenEntry = {
    name,
    factory,
    over: asList(options.over),
    under: asList(options.under),
    site: ctx.site,
  };
  ctx.record(`tween '${name}'`, () => void ctx.state.tweens.push(entry));
}

/** A handler that always returns a promise, as app tweens expect (a sync throw becomes a rejection). */
function promised(handler: SyncableHandler): Handler {
  return (request) => {
    try {
      const result = handler(request);
      return result instanceof Promise ? result : Promise.resolve(result);
    } catch (error) {
      return Promise.reject(error);
    }
  };
}

/** A tween factory as the chain applies it; the built-in excview tween keeps the chain synchronous. */
type ChainFactory = (handler: SyncableHandler, registry: Registry) => SyncableHandler;

/** Wrap `main` in the sorted tweens, the excview tween innermost by default. */
export function buildTweenChain(
  tweens: readonly TweenEntry[],
  excview: (handler: SyncableHandler) => SyncableHandler,
  main: SyncableHandler,
  registry: Registry,
): SyncableHandler {
  const appTween =
    (factory: TweenFactory): ChainFactory =>
    (handler, reg) =>
      factory(promised(handler), reg);
  const nodes = [
    { name: EXCVIEW, factory: excview as ChainFactory, over: [], under: [], location: 'ziggurat' },
    ...tweens.map((tween) => ({ ...tween, factory: appTween(tween.factory), location: tween.site.location })),
  ];
  let handler = main;
  for (const node of sortTweens(nodes)) handler = node.factory(handler, registry);
  return handler;
}
