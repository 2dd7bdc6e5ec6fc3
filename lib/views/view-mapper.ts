// Turns what the user registered (a function, or a class and a method name) into (request) => result.

import type { Container } from 'inversify';
import type { MappedView } from '../config/state.js';
import { methodCaller } from '../declarative/injection.js';
import { ConfigurationError } from '../errors.js';

/** Whether `value` is a class (as opposed to a plain or arrow function). */
export function isClass(value: unknown): value is new (...args: unknown[]) => object {
  return typeof value === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(value));
}

function mapClassView(
  cls: new (...args: unknown[]) => object,
  attr: string,
  container: Container,
): MappedView {
  if (typeof (cls.prototype as Record<string, unknown>)[attr] !== 'function') {
    throw new ConfigurationError(
      `View class ${cls.name} has no method '${attr}' (set the view's attr option)`,
      {
        code: 'ZIG_ERR_CONFIG_OPTION',
      },
    );
  }
  return methodCaller(container, cls, attr);
}

/**
 * Map a view: a function is called with the request; a class is made per request (through the
 * container, see injection.ts) and its method called.
 */
export function mapView(view: unknown, attr: string | null, container: Container): MappedView {
  if (isClass(view)) return mapClassView(view, attr ?? 'call', container);
  if (typeof view !== 'function') {
    throw new ConfigurationError(`A view must be a function or a class, got ${typeof view}`, {
      code: 'ZIG_ERR_CONFIG_OPTION',
    });
  }
  if (attr !== null) {
    throw new ConfigurationError(`The attr option '${attr}' needs a view class, got function ${view.name}`, {
      code: 'ZIG_ERR_CONFIG_OPTION',
    });
  }
  return view as MappedView;
}
