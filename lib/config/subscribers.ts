// addSubscriber: a function called with every published event of a class (or its subclasses).
import { ConfigurationError } from '../errors.js';
import type { Class } from '../types.js';
import type { ConfigContext } from './context.js';

/** Record a subscriber; subscribers never conflict and run in registration order. */
export function addSubscriber<E>(ctx: ConfigContext, fn: (event: E) => unknown, eventClass: Class<E>): void {
  if (typeof fn !== 'function' || typeof eventClass !== 'function') {
    throw new ConfigurationError(`addSubscriber needs a function and an event class at ${ctx.site}`, {
      code: 'ZIG_ERR_CONFIG_OPTION',
    });
  }
  ctx.record(null, () => {
    ctx.state.subscribers.push({ eventClass, fn: fn as (event: never) => unknown });
    ctx.registry.subscribersChanged();
  });
}
