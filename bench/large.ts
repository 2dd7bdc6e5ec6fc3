// The large-app cases of the bench: heap and start-up of the generated app (large-app.ts) on both
// sides, each start in a fresh child process.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { generateLargeApp, ROUTES_PER_ADDON } from './large-app.js';
import type { LargeAppResult } from './large-child.js';
import { median } from './stats.js';

const CHILD = fileURLToPath(new URL('./large-child.js', import.meta.url));
/** 2,000 and 10,000 routes. */
const ADDON_COUNTS = [100, 500];
const MB = 1024 * 1024;

type Side = 'plain' | 'ziggurat';
type Measure = 'ms' | 'cpuMs' | 'heapUsed' | 'rss';
type Report = (name: string, plain: number, ziggurat: number, unit: string, ratio: string) => void;

function start(directory: string, side: Side, addons: number): Promise<LargeAppResult> {
  return new Promise((resolve, reject) => {
    const proc = fork(CHILD, [directory, side, String(addons)], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    proc.once('message', (message) => resolve(message as LargeAppResult));
    proc.once('exit', (code) => {
      if (code !== 0) reject(new Error(`large-app child ${side} ${addons} exited with ${code}`));
    });
  });
}

function checkSameAnswers(plain: LargeAppResult, ziggurat: LargeAppResult): void {
  plain.answers.forEach((answer, i) => {
    if (answer !== ziggurat.answers[i])
      throw new Error(`the large apps answer differently: plain ${answer}, ziggurat ${ziggurat.answers[i]}`);
  });
}

/** Start each side `repeats` times (in turn, each first every other time) at each size, and report medians. */
export async function largeApps(repeats: number, report: Report): Promise<void> {
  for (const addons of ADDON_COUNTS) {
    const app = await generateLargeApp(addons);
    const runs: Record<Side, LargeAppResult[]> = { plain: [], ziggurat: [] };
    try {
      for (let repeat = 0; repeat < repeats; repeat++) {
        const order: Side[] = repeat % 2 === 0 ? ['plain', 'ziggurat'] : ['ziggurat', 'plain'];
        for (const side of order) runs[side].push(await start(app.directory, side, addons));
      }
    } finally {
      await app.remove();
    }
    checkSameAnswers(runs.plain[0] as LargeAppResult, runs.ziggurat[0] as LargeAppResult);
    const of = (side: Side, what: Measure) => median(runs[side].map((run) => run[what]));
    const name = `large app, ${(addons * ROUTES_PER_ADDON).toLocaleString('en')} routes`;
    const ratio = (what: Measure, noun: string) =>
      `${(of('ziggurat', what) / of('plain', what)).toFixed(3)}× the ${noun}`;
    report(
      `${name}: heap`,
      of('plain', 'heapUsed') / MB,
      of('ziggurat', 'heapUsed') / MB,
      'MB',
      ratio('heapUsed', 'heap'),
    );
    report(`  RSS`, of('plain', 'rss') / MB, of('ziggurat', 'rss') / MB, 'MB', ratio('rss', 'RSS'));
    report(`  start-up`, of('plain', 'ms'), of('ziggurat', 'ms'), 'ms', ratio('ms', 'time'));
    report(`  start-up CPU`, of('plain', 'cpuMs'), of('ziggurat', 'cpuMs'), 'ms', ratio('cpuMs', 'CPU time'));
  }
}
