// addTween and building the tween chain around MAIN at start-up.
import { ConfigurationError } from '../errors.js';
import { EXCVIEW, sortTweens } from '../tweens.js';
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

/** Wrap `main` in the sorted tweens, the excview tween innermost by default. */
export function buildTweenChain(
  tweens: readonly TweenEntry[],
  excview: TweenFactory,
  main: Handler,
  registry: Registry,
): Handler {
  const nodes = [
    { name: EXCVIEW, factory: excview, over: [], under: [], location: 'ziggurat' },
    ...tweens.map((tween) => ({ ...tween, location: tween.site.location })),
  ];
  let handler = main;
  for (const node of sortTweens(nodes)) handler = node.factory(handler, registry);
  return handler;
}
