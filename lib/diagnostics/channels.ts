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
  /** A tween (or MAIN) returned: {@link TweenTimedMessage}. Installed only when someone listens at start-up. */
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
