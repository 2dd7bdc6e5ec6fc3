// The WebSocket scale bench's checks that a process may hold the connections it is asked to: each
// socket is a file descriptor, and a process over its limit does not fail loudly (the server stops
// accepting, the client's connects stall), so the bench checks the limit before it starts.
import { readFileSync } from 'node:fs';

/** Descriptors a bench process needs besides its sockets (stdio, IPC, Node's own, the listener). */
export const SPARE_DESCRIPTORS = 256;

/** A process's limit on open files: the soft limit (what applies) and the hard one (how far it may be raised). */
export interface OpenFilesLimit {
  readonly soft: number;
  readonly hard: number;
}

/** How the bench starts its children: as they are, with `ulimit -n raiseTo` first, or not at all. */
export type DescriptorPlan =
  | { readonly kind: 'enough' }
  | { readonly kind: 'raise'; readonly raiseTo: number }
  | { readonly kind: 'too-low'; readonly message: string };

function limitValue(text: string): number {
  return text === 'unlimited' ? Number.POSITIVE_INFINITY : Number(text);
}

/**
 * The "Max open files" line of /proc/<pid>/limits (Linux), or null when it has none.
 * @example parseOpenFilesLimit('Max open files            1024                 4096                 files')
 */
export function parseOpenFilesLimit(limits: string): OpenFilesLimit | null {
  const match = /^Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/m.exec(limits);
  if (match === null) return null;
  return { soft: limitValue(match[1] as string), hard: limitValue(match[2] as string) };
}

/** This process's limit (its children inherit it), or null where /proc is not there to tell. */
export function openFilesLimit(): OpenFilesLimit | null {
  try {
    return parseOpenFilesLimit(readFileSync('/proc/self/limits', 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Whether a process holding `connections` sockets fits the limit, fits once its soft limit is raised
 * to the hard one's reach, or cannot (with the message the bench fails with).
 */
export function descriptorPlan(limit: OpenFilesLimit | null, connections: number): DescriptorPlan {
  const needed = connections + SPARE_DESCRIPTORS;
  if (limit === null || limit.soft >= needed) return { kind: 'enough' };
  if (limit.hard >= needed) return { kind: 'raise', raiseTo: needed };
  return {
    kind: 'too-low',
    message:
      `The WebSocket bench holds ${connections.toLocaleString('en')} connections in one process, which needs ` +
      `${needed.toLocaleString('en')} open files; this machine allows ${limit.hard.toLocaleString('en')} ` +
      `(ulimit -Hn). Raise the hard limit (limits.conf, or LimitNOFILE= for a service), or set ` +
      'BENCH_WS_CONNECTIONS lower.',
  };
}

/** Each connection's share of a process's growth, in bytes (the growth spread over the connections). */
export function perConnection(before: number, after: number, connections: number): number {
  if (connections <= 0) throw new RangeError('perConnection needs at least one connection');
  return (after - before) / connections;
}
