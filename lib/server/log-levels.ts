// Log levels per namespace, from the [logging] section: a child logger made with a `name` binding
// (`app.log.child({ name: 'ziggurat.addons.sql' })`, `request.log.child({ name })`) takes the level of its
// name, or of the longest dotted prefix of it that has one (`ziggurat.addons` covers
// `ziggurat.addons.sql`), as Python's logging (and so Pyramid's ini files) configures loggers by name.
import pino, { type Logger } from 'pino';

/** Namespace → level (`{ 'ziggurat.addons.sql': 'debug' }`). */
export type NamespaceLevels = Readonly<Record<string, string>>;

const { chindingsSym } = pino.symbols;
const NAME_BINDING = ',"name":"';

/**
 * The level `levels` gives `name` (its own, else its longest dotted prefix's), or undefined.
 * @example levelOf({ ziggurat: 'warn' }, 'ziggurat.requests') // 'warn'
 */
export function levelOf(levels: NamespaceLevels, name: string): string | undefined {
  for (let prefix = name; ; prefix = prefix.slice(0, prefix.lastIndexOf('.'))) {
    const level = levels[prefix];
    if (level !== undefined) return level;
    if (!prefix.includes('.')) return undefined;
  }
}

/** The `name` bound last on a child: read from pino's serialized bindings, so no JSON is parsed. */
function boundName(child: Logger): string | null {
  const bindings = (child as unknown as Record<symbol, unknown>)[chindingsSym];
  if (typeof bindings !== 'string') return null;
  const start = bindings.lastIndexOf(NAME_BINDING);
  if (start === -1) return null;
  const from = start + NAME_BINDING.length;
  const end = bindings.indexOf('"', from);
  return end === -1 ? null : bindings.slice(from, end);
}

/**
 * pino's `onChild` option applying `levels`: a named child gets its namespace's level, unless it was
 * given a level of its own (it then differs from its parent's). Children without a name (Fastify's
 * per-request one) are left as they are, at the cost of one string search.
 * @example pino({ level: 'info', onChild: namespaceLevels({ 'ziggurat.addons.sql': 'debug' }) })
 */
export function namespaceLevels(levels: NamespaceLevels): (child: Logger) => void {
  const resolved = new Map<string, string | undefined>();
  return (child) => {
    const name = boundName(child);
    if (name === null) return;
    const parent = Object.getPrototypeOf(child) as Logger;
    if (child.level !== parent.level) return;
    if (!resolved.has(name)) resolved.set(name, levelOf(levels, name));
    const level = resolved.get(name);
    if (level !== undefined) child.level = level;
  };
}
