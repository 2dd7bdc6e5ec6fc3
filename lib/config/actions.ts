// The deferred action model: directives record actions; commit resolves conflicts and runs them by phase.

import type { CallSite } from '../declarative/call-site.js';
import {
  ConfigurationConflictError,
  ConfigurationError,
  ConfigurationExecutionError,
  ZigguratError,
} from '../errors.js';

/** Phases: lower orders run first. Settings, renderers and predicates precede policies, then routes and views. */
export const PHASE = {
  SETTINGS: -30,
  EXTENSIONS: -20,
  POLICIES: -10,
  DEFAULT: 0,
} as const;

/** One step of an include path: a stable id for prefix checks and a label for messages. */
export interface IncludeStep {
  readonly id: number;
  readonly label: string;
}

/** A discriminator, or a function computing one when its phase is about to run (deferred). */
export type Discriminator = string | null | (() => string | null);

/** An action recorded by a directive. */
export interface Action {
  readonly discriminator: Discriminator;
  readonly run: () => void | Promise<void>;
  readonly order: number;
  readonly includePath: readonly IncludeStep[];
  readonly site: CallSite;
}

interface QueuedAction extends Action {
  readonly index: number;
}

interface ResolvedAction extends QueuedAction {
  readonly key: string | null;
}

/** The actions of one configuration, waiting for commit. */
export class ActionQueue {
  #pending: QueuedAction[] = [];
  #counter = 0;

  get size(): number {
    return this.#pending.length;
  }

  add(action: Action): void {
    this.#pending.push({ ...action, index: this.#counter++ });
  }

  /**
   * Run every pending action in (order, insertion) order. Conflicts are resolved one phase at a
   * time, just before the phase runs, so deferred discriminators can use what earlier phases registered.
   * `settle` is awaited after each action so that actions it records (async includes) join the queue.
   */
  async execute(settle: () => Promise<void>): Promise<void> {
    const executed = new Map<string, ResolvedAction>();
    let currentOrder = Number.NEGATIVE_INFINITY;
    await settle();
    while (this.#pending.length > 0) {
      const order = Math.min(...this.#pending.map((action) => action.order));
      if (order < currentOrder) throw lateActionError(this.#pending.find((a) => a.order === order));
      currentOrder = order;
      const phase = this.#takePhase(order);
      for (const action of resolveConflicts(phase, executed)) {
        await runAction(action);
        await settle();
      }
    }
  }

  #takePhase(order: number): QueuedAction[] {
    const phase = this.#pending.filter((action) => action.order === order);
    this.#pending = this.#pending.filter((action) => action.order !== order);
    return phase.sort((a, b) => a.index - b.index);
  }
}

async function runAction(action: ResolvedAction): Promise<void> {
  try {
    await action.run();
  } catch (error) {
    throw locatedError(error, action);
  }
}

/** Say where the failing directive was called: Ziggurat's own errors keep their code and gain the site. */
function locatedError(error: unknown, action: QueuedAction): Error {
  if (error instanceof ConfigurationConflictError) return error;
  if (error instanceof ZigguratError) {
    const where = action.site.location;
    if (!error.message.includes(where)) error.message += ` at ${where}`;
    return error;
  }
  return new ConfigurationExecutionError(error, action.site.location);
}

function lateActionError(action: QueuedAction | undefined): ConfigurationError {
  const where = action ? ` at ${action.site.location}` : '';
  return new ConfigurationError(`An action was added during commit for a phase that already ran${where}`);
}

function computeKey(action: QueuedAction): string | null {
  const { discriminator } = action;
  if (typeof discriminator !== 'function') return discriminator;
  try {
    return discriminator();
  } catch (error) {
    throw locatedError(error, action);
  }
}

/**
 * Pyramid's rule: among actions with one discriminator, the one whose include path is a strict
 * prefix of all the others' wins silently (the includer overrides what it included); otherwise
 * they conflict. Returns the winners in insertion order.
 */
function resolveConflicts(phase: QueuedAction[], executed: Map<string, ResolvedAction>): ResolvedAction[] {
  const groups = new Map<string, ResolvedAction[]>();
  const winners: ResolvedAction[] = [];
  for (const action of phase) {
    const resolved = { ...action, key: computeKey(action) };
    if (resolved.key === null) {
      winners.push(resolved);
      continue;
    }
    const group = groups.get(resolved.key);
    if (group) group.push(resolved);
    else groups.set(resolved.key, [resolved]);
  }
  for (const [key, group] of groups) {
    const previous = executed.get(key);
    const winner = pickWinner(key, previous ? [previous, ...group] : group);
    if (previous && winner !== previous) throw conflictError(key, [previous, ...group]);
    if (!previous) {
      executed.set(key, winner);
      winners.push(winner);
    }
  }
  return winners.sort((a, b) => a.index - b.index);
}

function pickWinner(key: string, group: ResolvedAction[]): ResolvedAction {
  const [first, ...others] = [...group].sort((a, b) => a.includePath.length - b.includePath.length);
  if (!first) throw new Error('empty conflict group');
  for (const other of others) {
    if (!isStrictPrefix(first.includePath, other.includePath)) throw conflictError(key, group);
  }
  return first;
}

function isStrictPrefix(prefix: readonly IncludeStep[], path: readonly IncludeStep[]): boolean {
  if (prefix.length >= path.length) return false;
  return prefix.every((step, i) => path[i]?.id === step.id);
}

function conflictError(key: string, group: ResolvedAction[]): ConfigurationConflictError {
  const sites = [...group]
    .sort((a, b) => a.index - b.index)
    .map((action) => ({
      location: action.site.location,
      includePath: action.includePath.map((step) => step.label),
    }));
  return new ConfigurationConflictError(key, sites);
}
