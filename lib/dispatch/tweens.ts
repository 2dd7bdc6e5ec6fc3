// Tween ordering: a topological sort of the tweens between INGRESS (outermost) and MAIN (innermost).
import { ConfigurationError } from '../errors.js';

/** The outermost point of the tween chain, next to the server. */
export const INGRESS = 'INGRESS';
/** The innermost point of the tween chain: the view-calling core. */
export const MAIN = 'MAIN';
/** The name of the built-in tween that turns exceptions into exception-view responses. */
export const EXCVIEW = 'ziggurat.excview';

/** What the sorter needs of a tween. */
export interface TweenNode {
  readonly name: string;
  readonly over: readonly string[];
  readonly under: readonly string[];
  readonly location: string;
}

function tweenError(message: string): ConfigurationError {
  return new ConfigurationError(message, { code: 'ZIG_ERR_TWEEN_ORDER' });
}

/** Resolve a hint list: unknown names are skipped when the list has another known one. */
function resolveHint(
  node: TweenNode,
  hint: readonly string[],
  known: ReadonlySet<string>,
  kind: string,
): string[] {
  const found = hint.filter((name) => known.has(name));
  if (hint.length > 0 && found.length === 0) {
    throw tweenError(
      `Tween '${node.name}' (${node.location}) is ${kind} ${hint.join(' or ')}, which is not a tween`,
    );
  }
  return found;
}

/**
 * Order tweens from the one nearest MAIN to the one nearest INGRESS. Without hints, a tween added
 * later sits above one added earlier (Pyramid's implicit order). Throws on unknown names and cycles.
 */
export function sortTweens<T extends TweenNode>(nodes: readonly T[]): T[] {
  const known = new Set([INGRESS, MAIN, ...nodes.map((node) => node.name)]);
  // below.get(x) = the names that must sit below (nearer MAIN than) x
  const below = new Map<string, Set<string>>([...known].map((name) => [name, new Set<string>()]));
  for (const node of nodes) {
    below.get(node.name)?.add(MAIN);
    below.get(INGRESS)?.add(node.name);
    for (const name of resolveHint(node, node.over, known, 'over')) below.get(node.name)?.add(name);
    for (const name of resolveHint(node, node.under, known, 'under')) below.get(name)?.add(node.name);
  }
  return placeInOrder(nodes, below);
}

function placeInOrder<T extends TweenNode>(nodes: readonly T[], below: Map<string, Set<string>>): T[] {
  const placed = new Set<string>([MAIN]);
  const result: T[] = [];
  while (result.length < nodes.length) {
    const next = nodes.find(
      (node) => !placed.has(node.name) && [...(below.get(node.name) ?? [])].every((name) => placed.has(name)),
    );
    if (!next) {
      const stuck = nodes.filter((node) => !placed.has(node.name)).map((node) => node.name);
      throw tweenError(`Tweens cannot be ordered, their over/under hints form a cycle: ${stuck.join(', ')}`);
    }
    placed.add(next.name);
    result.push(next);
  }
  if ((below.get(MAIN)?.size ?? 0) > 0) throw tweenError('No tween can sit below MAIN');
  return result;
}
