// Tween ordering as Pyramid orders tweens: a topological sort between INGRESS (outermost) and MAIN
// (innermost) over the over/under hints (its util.TopologicalSorter), or the explicit chain a setting lists.
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
  /** Names this tween sits above (nearer INGRESS than). */
  readonly over: readonly string[];
  /** Names this tween sits below (nearer MAIN than). */
  readonly under: readonly string[];
  readonly location: string;
}

function tweenError(message: string): ConfigurationError {
  return new ConfigurationError(message, { code: 'ZIG_ERR_TWEEN_ORDER' });
}

/** Arcs from a name to the names that must sit below it, and how many arcs reach each name. */
interface Graph {
  readonly below: Map<string, string[]>;
  readonly incoming: Map<string, number>;
}

/** An arc between two present names (hints naming absent tweens make none). */
function addArc(graph: Graph, from: string, to: string): void {
  const below = graph.below.get(from);
  if (below === undefined || !graph.below.has(to)) return;
  below.push(to);
  graph.incoming.set(to, (graph.incoming.get(to) ?? 0) + 1);
}

function hintError(node: TweenNode, kind: 'over' | 'under', names: readonly string[]): ConfigurationError {
  const hint = kind === 'over' ? node.over : node.under;
  return tweenError(
    `Tween '${node.name}' (${node.location}) is ${kind} ${hint.map((name) => `'${name}'`).join(' or ')}, ` +
      `none of which is a tween (tweens: ${names.join(', ')})`,
  );
}

/**
 * Pyramid's check that hints were satisfied: a tween with `over` hints must have some tween below
 * it, one with `under` hints some tween above it, whichever arcs put them there. A list's names of
 * tweens that are not installed are fallbacks; every present one constrains the order.
 */
function checkHints(nodes: readonly TweenNode[], graph: Graph, names: readonly string[]): void {
  for (const node of nodes) {
    if (node.over.length > 0 && (graph.below.get(node.name)?.length ?? 0) === 0) {
      throw hintError(node, 'over', names);
    }
    if (node.under.length > 0 && (graph.incoming.get(node.name) ?? 0) === 0) {
      throw hintError(node, 'under', names);
    }
  }
}

function buildGraph(nodes: readonly TweenNode[]): { graph: Graph; names: string[] } {
  const names = [INGRESS, MAIN, ...nodes.map((node) => node.name)];
  const graph: Graph = { below: new Map(names.map((name) => [name, []])), incoming: new Map() };
  addArc(graph, INGRESS, MAIN);
  for (const node of nodes) {
    // Without hints, a tween sits under INGRESS (and so above the tweens added before it).
    const under = node.under.length === 0 && node.over.length === 0 ? [INGRESS] : node.under;
    for (const name of under) addArc(graph, name, node.name);
    for (const name of node.over) addArc(graph, node.name, name);
  }
  checkHints(nodes, graph, names);
  return { graph, names };
}

/**
 * Order tweens from the one nearest INGRESS to the one nearest MAIN, exactly as Pyramid's sorter
 * does: the names with nothing above them start the walk, and each name freed by the one just
 * placed is placed next, the last freed first. Without hints a tween added later sits above one
 * added earlier. Throws ZIG_ERR_TWEEN_ORDER when a hint names no present tween, or on a cycle.
 */
export function sortTweens<T extends TweenNode>(nodes: readonly T[]): T[] {
  const { graph, names } = buildGraph(nodes);
  const ready = names.filter((name) => (graph.incoming.get(name) ?? 0) === 0);
  const placed: string[] = [];
  while (ready.length > 0) {
    const name = ready.shift() as string;
    placed.push(name);
    for (const child of graph.below.get(name) ?? []) {
      const left = (graph.incoming.get(child) ?? 0) - 1;
      graph.incoming.set(child, left);
      if (left === 0) ready.unshift(child);
    }
  }
  if (placed.length < names.length) {
    const stuck = names.filter((name) => !placed.includes(name));
    throw tweenError(`Tweens cannot be ordered, their over/under hints form a cycle: ${stuck.join(', ')}`);
  }
  const byName = new Map(nodes.map((node) => [node.name, node]));
  return placed.flatMap((name) => byName.get(name) ?? []);
}

/**
 * The explicit chain (Pyramid's `pyramid.tweens`): the named tweens, outermost first, each once;
 * over/under hints are ignored and tweens it leaves out are not used. Throws ZIG_ERR_TWEEN_ORDER
 * for a name no tween has, or a name listed twice.
 */
export function explicitTweens<T extends TweenNode>(nodes: readonly T[], chain: readonly string[]): T[] {
  const byName = new Map(nodes.map((node) => [node.name, node]));
  const seen = new Set<string>();
  return chain.map((name) => {
    const node = byName.get(name);
    if (node === undefined) {
      throw tweenError(
        `The ziggurat.tweens setting names '${name}', which is not a tween (tweens: ${[...byName.keys()].join(', ')})`,
      );
    }
    if (seen.has(name)) throw tweenError(`The ziggurat.tweens setting names '${name}' twice`);
    seen.add(name);
    return node;
  });
}
