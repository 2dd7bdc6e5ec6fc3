// The diagnostics channels debugging tools subscribe to.
export {
  DIAGNOSTICS_CHANNELS,
  type PermitsMessage,
  type RenderedMessage,
  SYNCABLE_TWEEN,
  type TweenTimedMessage,
  timeTweens,
} from './channels.js';
