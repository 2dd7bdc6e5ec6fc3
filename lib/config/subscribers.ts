// addSubscriber: a function called with every published event of a class (or its subclasses).
import type { Container } from 'inversify';
import { withInstance } from '../declarative/injection.js';
import { ConfigurationError } from '../errors.js';
import type { Request } from '../http/request.js';
import type { Class } from '../types.js';
import { isClass } from '../views/view-mapper.js';
import type { ConfigContext } from './context.js';

/** A subscriber class: made per event (through the container), then its `handle` is called. */
export type SubscriberClass<E> = new (...args: any[]) => { handle(event: E): unknown };

function classSubscriber<E>(cls: SubscriberClass<E>, container: Container, ctx: ConfigContext) {
  if (typeof cls.prototype.handle !== 'function') {
    throw new ConfigurationError(`Subscriber class ${cls.name} has no handle(event) method at ${ctx.site}`, {
      code: 'ZIG_ERR_CONFIG_OPTION',
    });
  }
  const handle = withInstance(container, cls, (instance: InstanceType<SubscriberClass<E>>, event: E) =>
    instance.handle(event),
  );
  return (event: E): unknown => handle((event as { request?: Request }).request ?? null, event);
}

/** Record a subscriber; subscribers never conflict and run in registration order. */
export function addSubscriber<E>(
  ctx: ConfigContext,
  fn: ((event: E) => unknown) | SubscriberClass<E>,
  eventClass: Class<E>,
): void {
  if (typeof fn !== 'function' || typeof eventClass !== 'function') {
    throw new ConfigurationError(
      `addSubscriber needs a function or class and an event class at ${ctx.site}`,
      {
        code: 'ZIG_ERR_CONFIG_OPTION',
      },
    );
  }
  const call = isClass(fn) ? classSubscriber(fn as SubscriberClass<E>, ctx.registry.container, ctx) : fn;
  ctx.record(null, () => {
    ctx.state.subscribers.push({ eventClass, fn: call as (event: never) => unknown });
    if (isClass(fn)) ctx.state.containerClasses.push({ cls: fn, role: 'subscriber class', site: ctx.site });
    ctx.registry.subscribersChanged();
  });
}
