// The diagnostics channels debugging tools subscribe to.
export {
  DIAGNOSTICS_CHANNELS,
  type PermitsMessage,
  type RenderedMessage,
  type TweenTimedMessage,
} from './channels.js';
