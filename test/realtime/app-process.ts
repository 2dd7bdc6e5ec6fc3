// App processes for the cross-process tests on Redis: each runs a script of this folder that prints its
// port and serves until SIGTERM. The script serves only when spawned with ZIGGURAT_TEST_APP_PROCESS
// (the test runner also loads every .js file under build/test).
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface AppProcess {
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly base: string;
  readonly child: ChildProcess;
}

/** Start `script` (a file name in this folder) with the Redis at `url`; `children` collects it for cleanup. */
export async function startAppProcess(
  script: string,
  url: string,
  children: ChildProcess[],
): Promise<AppProcess> {
  const path = fileURLToPath(new URL(`./${script}`, import.meta.url));
  const child = spawn(process.execPath, ['--enable-source-maps', path], {
    env: { ...process.env, REDIS_URL: url, ZIGGURAT_TEST_APP_PROCESS: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const [line] = (await once(lines, 'line')) as [string];
  const { port } = JSON.parse(line) as { port: number };
  return { port, base: `http://127.0.0.1:${port}`, child };
}

/** Stop an app process with SIGTERM (it closes the app) and wait for it to exit. */
export async function stopAppProcess(app: AppProcess): Promise<void> {
  if (app.child.exitCode !== null) return;
  app.child.kill('SIGTERM');
  await once(app.child, 'exit');
}
