// addTween, the tween chain's order (implicit from over/under, or explicit from the ziggurat.tweens
// setting, as Pyramid's pyramid.tweens), and building the chain around MAIN at start-up.

import { SYNCABLE_TWEEN, tweenChannel, tweensTimed } from '../diagnostics/channels.js';
import type { SyncableHandler } from '../dispatch/runtime.js';
import { EXCVIEW, explicitTweens, INGRESS, MAIN, sortTweens } from '../dispatch/tweens.js';
import { ConfigurationError } from '../errors.js';
import { asList } from '../settings/values.js';
import type { Handler, Settings, TweenFactory } from '../types.js';
import { type FactoryOrClass, factoryOf } from './container-classes.js';
import type { ConfigContext } from './context.js';
import { replaceCommitted } from './overrides.js';
import type { Registry } from './registry.js';
import type { ConfigState, TweenEntry } from './state.js';

/** Options of addTween. */
export interface TweenOptions {
  /** Defaults to the factory's function name. */
  name?: string;
  /**
   * Names (or MAIN) this tween sits above. In a list, names of tweens that are not installed are
   * skipped, but one at least must be present; every present one constrains the order.
   */
  over?: string | readonly string[];
  /** Names (or INGRESS) this tween sits below; a list works as for `over`. */
  under?: string | readonly string[];
}

/** The setting that lists the tween chain explicitly, outermost first. */
export const TWEENS_SETTING = 'ziggurat.tweens';

function asHints(value: string | readonly string[] | undefined): readonly string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}

function optionError(message: string, ctx: ConfigContext): ConfigurationError {
  return new ConfigurationError(`${message} at ${ctx.site}`, { code: 'ZIG_ERR_CONFIG_OPTION' });
}

/** The checks Pyramid makes when a tween is added: reserved names, nothing over INGRESS or under MAIN. */
function checkTween(
  name: string,
  over: readonly string[],
  under: readonly string[],
  ctx: ConfigContext,
): void {
  if (name === INGRESS || name === MAIN || name === EXCVIEW) {
    throw optionError(`addTween: '${name}' is a reserved tween name`, ctx);
  }
  if (over.includes(INGRESS)) throw optionError(`addTween: tween '${name}' cannot be over INGRESS`, ctx);
  if (under.includes(MAIN)) throw optionError(`addTween: tween '${name}' cannot be under MAIN`, ctx);
}

/**
 * Record a tween: a factory function, or a class the container makes once (its `create` is the
 * factory). Added again after a commit, it replaces the committed one of its name.
 */
export function addTween(
  ctx: ConfigContext,
  factory: FactoryOrClass<TweenFactory>,
  options: TweenOptions = {},
): void {
  const name = options.name ?? factory?.name;
  if (typeof factory !== 'function' || !name) {
    throw optionError('addTween needs a named factory function or class (or the name option)', ctx);
  }
  const over = asHints(options.over);
  const under = asHints(options.under);
  checkTween(name, over, under, ctx);
  const given = factoryOf(ctx, factory, 'tween factory class');
  const entry: TweenEntry = { name, factory: given.fn, over, under, site: ctx.site };
  ctx.record(`tween '${name}'`, () => {
    given.register();
    replaceCommitted(ctx.state.tweens, entry, (tween) => tween.name === name);
  });
}

/** One tween of a chain: a recorded one, or the built-in exception-view tween (entry null). */
export interface TweenLink {
  readonly name: string;
  readonly location: string;
  readonly entry: TweenEntry | null;
}

/** The tween chains of a committed configuration, outermost first (INGRESS and MAIN left out). */
export interface TweenChains {
  /** The order over/under give. */
  readonly implicit: readonly TweenLink[];
  /** The order the ziggurat.tweens setting gives, or null when it is not set; used when set. */
  readonly explicit: readonly TweenLink[] | null;
}

/**
 * Both orders of the chain. The built-in exception-view tween is added first with no hints, as in
 * Pyramid, so without hints of their own the app's tweens sit above it. Throws ZIG_ERR_TWEEN_ORDER.
 */
export function tweenChains(state: ConfigState, settings: Settings): TweenChains {
  const links: TweenLink[] = [
    { name: EXCVIEW, location: 'ziggurat', entry: null },
    ...state.tweens.map((entry) => ({ name: entry.name, location: entry.site.location, entry })),
  ];
  const nodes = links.map((link) => ({
    ...link,
    over: link.entry?.over ?? [],
    under: link.entry?.under ?? [],
  }));
  const chain = asList(settings[TWEENS_SETTING]);
  return {
    implicit: sortTweens(nodes),
    explicit: chain.length === 0 ? null : explicitTweens(nodes, chain),
  };
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

/** The app's handler, and whether it is the excview tween alone around MAIN, untimed. */
export interface TweenChain {
  readonly handler: SyncableHandler;
  readonly onlyExcview: boolean;
}

/**
 * Wrap `main` in the chain in use (explicit when the setting lists one, else implicit), innermost
 * first; the built-in excview tween keeps its part of the chain synchronous.
 */
export function buildTweenChain(
  state: ConfigState,
  excview: (handler: SyncableHandler) => SyncableHandler,
  main: SyncableHandler,
  registry: Registry,
): TweenChain {
  const { implicit, explicit } = tweenChains(state, registry.settings);
  const chain = explicit ?? implicit;
  // Timing every link costs a closure per tween: only when a tool listens as the app starts (or will).
  const timing = tweensTimed(registry);
  const timed = timing ? timedHandler : (_name: string, next: SyncableHandler) => next;
  let handler = timed(MAIN, main);
  for (const link of [...chain].reverse()) {
    handler = link.entry === null ? excview(handler) : wrap(link.entry, handler, registry);
    handler = timed(link.name, handler);
  }
  return { handler, onlyExcview: !timing && chain.length === 1 && chain[0]?.entry === null };
}

/** Call a tween's factory with the next handler: promised, unless the factory is marked SYNCABLE_TWEEN. */
function wrap(entry: TweenEntry, next: SyncableHandler, registry: Registry): SyncableHandler {
  const syncable = (entry.factory as { [SYNCABLE_TWEEN]?: boolean })[SYNCABLE_TWEEN] === true;
  return entry.factory(syncable ? (next as Handler) : promised(next), registry);
}

/** `handler`, publishing on the `ziggurat:tween` channel how long each call took (its inner tweens included). */
function timedHandler(name: string, handler: SyncableHandler): SyncableHandler {
  return (request) => {
    // Nobody listening now (a tool that listens only while it records a request): straight through.
    if (!tweenChannel.hasSubscribers) return handler(request);
    const started = performance.now();
    const done = (): void => {
      if (tweenChannel.hasSubscribers)
        tweenChannel.publish({ request, name, durationMs: performance.now() - started });
    };
    let result: ReturnType<SyncableHandler>;
    try {
      result = handler(request);
    } catch (error) {
      done();
      throw error;
    }
    if (!(result instanceof Promise)) {
      done();
      return result;
    }
    return result.finally(done);
  };
}
