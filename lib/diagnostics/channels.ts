// Diagnostics channels (node:diagnostics_channel) the framework publishes to, for debugging tools such as
// the debug toolbar. A channel costs one `hasSubscribers` check while nobody listens, so nothing here
// slows an app that does not use such a tool; tools subscribe by name and never reach into the framework.
import diagnostics from 'node:diagnostics_channel';
import type { Request } from '../http/request.js';
import type { PermitsResult } from '../types.js';

/**
 * The names of the channels Ziggurat publishes to. Each message carries the `request` it belongs to
 * (null for a render outside any request), so a tool keeps only the requests it records.
 * @example diagnostics_channel.subscribe(DIAGNOSTICS_CHANNELS.render, (message) => console.log(message));
 */
export const DIAGNOSTICS_CHANNELS = Object.freeze({
  /** A renderer ran: {@link RenderedMessage}. */
  render: 'ziggurat:render',
  /** The security policy answered a permission check: {@link PermitsMessage}. */
  permits: 'ziggurat:permits',
  /**
   * A tween (or MAIN) returned: {@link TweenTimedMessage}. Installed only when someone listens at
   * start-up, or the app asked for it with {@link timeTweens}; published only while someone listens.
   */
  tween: 'ziggurat:tween',
});

/** Published on `ziggurat:render` once a renderer has produced its output (or failed). */
export interface RenderedMessage {
  readonly request: Request | null;
  /** The renderer name (`json`, `pages/show.hbs`...). */
  readonly renderer: string;
  /** The file the renderer read, when it says (`RenderFunction.source`). */
  readonly source: string | null;
  /** The values the renderer got (after BeforeRender subscribers). */
  readonly values: unknown;
  /** Milliseconds the renderer took. */
  readonly durationMs: number;
  /** What it threw, if it failed. */
  readonly error: unknown;
}

/** Published on `ziggurat:permits` once the security policy has answered. */
export interface PermitsMessage {
  readonly request: Request;
  readonly permission: string;
  readonly context: unknown;
  /** The policy's answer: a boolean, or a result that explains itself (ACLPermitsResult). */
  readonly result: PermitsResult;
}

/** Published on `ziggurat:tween` when a tween (or MAIN, the view-calling core) returns or throws. */
export interface TweenTimedMessage {
  readonly request: Request;
  /** The tween's name (MAIN for the core). */
  readonly name: string;
  /** Milliseconds from calling it to its response, the tweens it wraps included. */
  readonly durationMs: number;
}

export const renderChannel = diagnostics.channel(DIAGNOSTICS_CHANNELS.render);
export const permitsChannel = diagnostics.channel(DIAGNOSTICS_CHANNELS.permits);
export const tweenChannel = diagnostics.channel(DIAGNOSTICS_CHANNELS.tween);

const TIMED_APPS = new WeakSet<object>();

/**
 * Time the tweens of the app `registry` builds even though nobody listens on `ziggurat:tween` at start-up:
 * for a tool that subscribes only while it records a request (the debug toolbar), so that requests it
 * does not record pay one `hasSubscribers` check per tween and nothing else.
 * @example timeTweens(config.registry); // before makeApp
 */
export function timeTweens(registry: object): void {
  TIMED_APPS.add(registry);
}

/** Whether the tween chain of `registry`'s app is built with timing. */
export function tweensTimed(registry: object): boolean {
  return tweenChannel.hasSubscribers || TIMED_APPS.has(registry);
}

/**
 * Marks a tween factory that takes the next handler as it is (it may answer synchronously) and may
 * itself answer synchronously, rather than the promise-returning handler tweens get: a tween that lets
 * most requests straight through (the debug toolbar's) then adds no promise to them.
 */
export const SYNCABLE_TWEEN = Symbol.for('ziggurat.syncableTween');
