// Decorators that declare views and subscribers next to their code; config.scan registers them.
// They only record what they declare, by class: nothing is registered until a scan.

import type {
  ExceptionViewOptions,
  NotFoundViewOptions,
  SpecialViewOptions,
  ViewOptions,
} from '../config/views.js';
import type { WebSocketViewOptions } from '../config/websocket-views.js';
import { ConfigurationError } from '../errors.js';
import type { Class } from '../types.js';
import { type CallSite, captureCallSite } from './call-site.js';

/** The kinds of view a decorator declares, matching addView, addNotFoundView, … */
export type DeclaredViewKind = 'view' | 'notFound' | 'forbidden' | 'exception' | 'webSocket';

/** One view declared by a decorator, as config.scan reads it. */
export interface DeclaredView {
  readonly kind: DeclaredViewKind;
  /** The decorated method, or null when the decorator sits on the class. */
  readonly method: string | null;
  readonly options: Readonly<Record<string, unknown>>;
  readonly decorator: string;
  /** Where the decorator is, described: `views.ts:12 (@viewConfig on ItemViews.list)`. */
  readonly site: CallSite;
  /** Evaluation order of the decorator expressions, so stacked decorators keep source order. */
  readonly sequence: number;
}

/** Subscriptions declared with @subscriber. */
export interface DeclaredSubscriber {
  readonly eventClasses: readonly Class[];
  readonly site: CallSite;
}

/** A decorator usable on a class (the class's `call`, or its `attr`, is the view) or on a method. */
export type ViewDecorator = {
  (target: Function): void;
  (target: object, propertyKey: string | symbol, descriptor?: PropertyDescriptor): void;
};

// What the decorators declare, by class. Not in reflect-metadata, which would keep two Maps for
// every class it knows of (a large app declares thousands of view classes).
const DECLARED_VIEWS = new WeakMap<Function, readonly DeclaredView[]>();
const VIEW_DEFAULTS = new WeakMap<Function, Readonly<Record<string, unknown>>>();
const SUBSCRIBER = new WeakMap<Function, DeclaredSubscriber>();
let sequence = 0;

function misuse(decorator: string, message: string, site: CallSite): ConfigurationError {
  return new ConfigurationError(`${decorator} ${message} at ${site.location}`, {
    code: 'ZIG_ERR_CONFIG_OPTION',
  });
}

function viewDecorator(
  decorator: string,
  kind: DeclaredViewKind,
  options: Readonly<Record<string, unknown>>,
): ViewDecorator {
  const site = captureCallSite();
  const order = sequence++;
  return (target: object, propertyKey?: string | symbol): void => {
    const onClass = propertyKey === undefined;
    if (!onClass && typeof target === 'function') {
      throw misuse(decorator, `is on static method ${String(propertyKey)}: use an instance method`, site);
    }
    if (typeof propertyKey === 'symbol')
      throw misuse(decorator, 'cannot decorate a symbol-named method', site);
    const cls = (onClass ? target : target.constructor) as Function;
    const method = onClass ? null : (propertyKey as string);
    const declared: DeclaredView = {
      kind,
      method,
      options,
      decorator,
      site: site.labelled(`${decorator} on ${method === null ? cls.name : `${cls.name}.${method}`}`),
      sequence: order,
    };
    DECLARED_VIEWS.set(cls, [...(DECLARED_VIEWS.get(cls) ?? []), declared]);
  };
}

/**
 * Declare a view. On a method, that method is the view (several decorators register several
 * views); on a class, its `call` method (or the `attr` option). Registered by `config.scan`.
 * @example
 * class ItemViews {
 *   constructor(@inject(Request) private request: Request) {}
 *   @viewConfig({ routeName: 'items', renderer: 'json' })
 *   list() { return { items: [] }; }
 * }
 */
export function viewConfig(options: ViewOptions = {}): ViewDecorator {
  return viewDecorator('@viewConfig', 'view', options as Record<string, unknown>);
}

/**
 * Declare a WebSocket view on its handler class (see addWebSocketView); registered by `config.scan`.
 * @example
 * @webSocketViewConfig({ routeName: 'chat', permission: 'chat' })
 * class Chat {
 *   constructor(@inject(Request) private request: Request) {}
 *   onMessage(message: WebSocketMessage, socket: WebSocketConnection) { socket.send(message); }
 * }
 */
export function webSocketViewConfig(options: WebSocketViewOptions = {}): (target: Function) => void {
  const declare = viewDecorator('@webSocketViewConfig', 'webSocket', options as Record<string, unknown>);
  return (target: Function) => declare(target);
}

/** Declare the view answering 404s (see addNotFoundView). */
export function notFoundViewConfig(options: NotFoundViewOptions = {}): ViewDecorator {
  return viewDecorator('@notFoundViewConfig', 'notFound', options as Record<string, unknown>);
}

/** Declare the view answering 403s (see addForbiddenView). */
export function forbiddenViewConfig(options: SpecialViewOptions = {}): ViewDecorator {
  return viewDecorator('@forbiddenViewConfig', 'forbidden', options as Record<string, unknown>);
}

/**
 * Declare a view for errors of `errorClass` (see addExceptionView).
 * @example
 * @exceptionViewConfig(OutOfStock, { renderer: 'json' })
 * outOfStock() { return { error: 'out of stock' }; }
 */
export function exceptionViewConfig(
  errorClass: Class,
  options: Omit<ExceptionViewOptions, 'context'> = {},
): ViewDecorator {
  if (typeof errorClass !== 'function') {
    throw misuse('@exceptionViewConfig', 'needs an error class', captureCallSite());
  }
  return viewDecorator('@exceptionViewConfig', 'exception', { ...options, context: errorClass });
}

/**
 * Options merged under every view the class declares (a method's own options win).
 * @example
 * @viewDefaults({ routeName: 'item', renderer: 'json' })
 * class ItemViews { … }
 */
export function viewDefaults(options: ViewOptions): (target: Function) => void {
  return (target: Function): void => {
    VIEW_DEFAULTS.set(target, options as Record<string, unknown>);
  };
}

/**
 * Declare a subscriber class: its `handle(event)` runs for each event of these classes. The class
 * is made through the container, so it can inject services (and the Request, for request events).
 * @example
 * @subscriber(NewResponse)
 * class PoweredBy { handle(event: NewResponse) { event.response.headers.set('X-Powered-By', 'Ziggurat'); } }
 */
export function subscriber(...eventClasses: Class[]): (target: Function) => void {
  const site = captureCallSite();
  if (eventClasses.length === 0 || eventClasses.some((cls) => typeof cls !== 'function')) {
    throw misuse('@subscriber', 'needs one or more event classes', site);
  }
  return (target: Function): void => {
    const declared: DeclaredSubscriber = { eventClasses, site };
    SUBSCRIBER.set(target, declared);
  };
}

/** The views a class declares itself (not inherited), in source order. */
export function declaredViews(cls: Function): readonly DeclaredView[] {
  return [...(DECLARED_VIEWS.get(cls) ?? [])].sort((a, b) => a.sequence - b.sequence);
}

/** The @viewDefaults options of a class, or an empty object. */
export function declaredViewDefaults(cls: Function): Readonly<Record<string, unknown>> {
  return VIEW_DEFAULTS.get(cls) ?? {};
}

/** The @subscriber declaration of a class, or null. */
export function declaredSubscriber(cls: Function): DeclaredSubscriber | null {
  return SUBSCRIBER.get(cls) ?? null;
}

/** Whether a class carries any of Ziggurat's declarations. */
export function isDeclared(value: unknown): value is Function {
  if (typeof value !== 'function') return false;
  return DECLARED_VIEWS.has(value) || SUBSCRIBER.has(value);
}
