// The physicalPath predicate: the context's path from the root, `/a/b` or ['', 'a', 'b'] (Pyramid's
// physical_path): unlike containment, it names one place in the tree, whatever the virtual root.
import { ConfigurationError } from '../errors.js';

const MAX_DEPTH = 10_000;

function expectedNames(value: unknown): readonly string[] {
  if (typeof value === 'string') return ['', ...value.split('/').filter((name) => name !== '')];
  if (Array.isArray(value) && value.every((name) => typeof name === 'string')) return value;
  throw new ConfigurationError(
    `physicalPath must be a path such as '/a/b' or a list of names such as ['', 'a', 'b'], got ${String(value)}`,
    { code: 'ZIG_ERR_CONFIG_OPTION' },
  );
}

/** The names from the root (whose own name counts as '') down to `resource`; null when it is no resource. */
function pathNames(resource: unknown): string[] | null {
  const names: string[] = [];
  let node = resource as { __name__?: unknown; __parent__?: unknown } | null;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    if (node === null || typeof node !== 'object' || !('__name__' in node)) return null;
    const parent = node.__parent__;
    if (parent === null || parent === undefined) {
      names.unshift('');
      return names;
    }
    names.unshift(String(node.__name__));
    node = parent as typeof node;
  }
  return null;
}

/** The factory registered under `physicalPath`. */
export function physicalPathPredicate(value: unknown) {
  const expected = expectedNames(value);
  const text = `physicalPath = ${JSON.stringify(expected)}`;
  return {
    text: () => text,
    phash: () => text,
    call(context: unknown): boolean {
      const names = pathNames(context);
      return names !== null && names.length === expected.length && names.every((n, i) => n === expected[i]);
    },
  };
}
