// Where the bench's processes run: the two servers share one CPU, the load clients get the others.
//
// On a virtual machine one vCPU can run well slower than another for a while (its host is busy),
// and a server that the scheduler happens to put there loses whole rounds. Sharing one CPU, the two
// servers take turns every few milliseconds, so whatever that CPU goes through, both go through,
// and the scheduler's fair share gives each the same time: throughput then follows cost per request.
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

export interface Placement {
  /** The CPU list (taskset's syntax) of the two servers. */
  readonly servers: string;
  /** The CPU list of the load clients. */
  readonly clients: string;
}

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The placement, or null (processes go where the scheduler puts them) with one CPU, no taskset, or BENCH_PIN=0. */
export function placement(): Placement | null {
  const cpus = availableParallelism();
  if (process.env.BENCH_PIN === '0' || cpus < 2 || !hasTaskset()) return null;
  return { servers: '0', clients: cpus === 2 ? '1' : `1-${cpus - 1}` };
}

/** Bind a process, all its threads included, to a CPU list. */
export function pin(pid: number | undefined, cpus: string): void {
  if (pid === undefined) return;
  execFileSync('taskset', ['--all-tasks', '--pid', '--cpu-list', cpus, String(pid)], { stdio: 'ignore' });
}
