// How a view is named for people: its function's or class's name (`Pages.show`), else where it was added.
import type { ViewEntry } from '../config/state.js';

/**
 * The view's callable: the function's name, or `Class.method` for a class (and a function with `attr`).
 * @example callableName(entry) // 'Pages.show'
 */
export function callableName(entry: ViewEntry): string {
  const original = entry.original as { name?: string; prototype?: unknown } | null;
  const name = original?.name || 'anonymous';
  const isClass =
    typeof original === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(original));
  return entry.attr !== null || isClass ? `${name}.${entry.attr ?? 'call'}` : name;
}

const labels = new WeakMap<ViewEntry, string>();

/**
 * The view's name, or the call site that added it when it has none (an arrow function); made once per view.
 * @example viewLabel(entry) // 'home', or 'src/app.ts:14' for an anonymous view
 */
export function viewLabel(entry: ViewEntry): string {
  let label = labels.get(entry);
  if (label === undefined) {
    const name = callableName(entry);
    label = name === 'anonymous' || name.startsWith('anonymous.') ? entry.site.location : name;
    labels.set(entry, label);
  }
  return label;
}
