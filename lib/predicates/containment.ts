// The containment predicate: the context or one of its __parent__ ancestors is an instance of a class.
import { ConfigurationError } from '../errors.js';
import type { Class } from '../types.js';

const MAX_DEPTH = 10_000;

/** The factory registered under `containment`. */
export function containmentPredicate(value: unknown) {
  if (typeof value !== 'function') {
    throw new ConfigurationError(`containment must be a class, got ${String(value)}`, {
      code: 'ZIG_ERR_CONFIG_OPTION',
    });
  }
  const cls = value as Class;
  const text = `containment = ${cls.name}`;
  return {
    text: () => text,
    phash: () => text,
    call(context: unknown): boolean {
      let node = context;
      for (let depth = 0; node !== null && typeof node === 'object' && depth < MAX_DEPTH; depth++) {
        if (node instanceof cls) return true;
        node = (node as { __parent__?: unknown }).__parent__;
      }
      return false;
    },
  };
}
