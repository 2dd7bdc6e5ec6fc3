// `ziggurat serve`: listen with the app of a settings file; graceful shutdown; --reload and workers hand off.
import cluster from 'node:cluster';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { loadApp } from '../config/app-loader.js';
import { closeGracefully, type ShutdownStep } from '../server/graceful-close.js';
import { loadSettings } from '../settings/settings-file.js';
import { parseCommandArgs, splitPositionals } from './args.js';
import type { CliCommand, CliIO } from './command.js';
import { serveWithReload } from './reload.js';
import { RELOAD_WORKER_ENV, serveReloadWorker } from './reload-worker.js';
import { SUPERVISED_ENV, shutdownSignals } from './signals.js';
import { serveWorkers } from './workers.js';

const USAGE = `usage: ziggurat serve [settings-file] [--reload]

Serve the app of a settings file (default development.ini). It listens on HOST and PORT from the
environment when set, else on [server] host and port, else 127.0.0.1:6543; [server] workers > 1
(or WORKERS) runs that many worker processes. The [server] section also sets trust_proxy, the
timeouts, body_limit and the shutdown (see the README, "Running in production").

On SIGINT or SIGTERM the server shuts down gracefully: readiness answers 503 at once, the server
keeps serving for [server] shutdown_delay seconds and until connections stop coming, stops
listening, lets requests in flight finish (for at most shutdown_timeout seconds), closes the app
(and its add-ons' pools), then exits 0. The same signal again, a second or more later, exits at once (1).

options:
  --reload     for development: compile the app in watch mode when it has a tsconfig.json (with
               its own node_modules/typescript) and restart after each compile without errors;
               restart when another file under the settings file's directory changes
               (node_modules, var and dot-directories ignored), except a template that
               handlebars.reload re-reads. The new server starts before the old one stops.
  -h, --help   show this help
`;

const STEP_LINES: Partial<Record<ShutdownStep, string>> = {
  draining: 'waiting for connections to stop coming',
  'listener-closed': 'listener closed, finishing requests in flight',
  'connections-cut': 'shutdown_timeout reached, cutting the connections left',
  closed: 'stopped',
};

/** One server process: load, listen, log the URL, and close gracefully on a signal (at once on a second). */
async function serveOne(file: string, io: CliIO): Promise<number> {
  const signals = shutdownSignals({ supervised: cluster.isWorker || io.env[SUPERVISED_ENV] === '1' });
  try {
    const loaded = await loadApp(file, { env: io.env });
    const { host, port, shutdownDelay, shutdownTimeout } = loaded.settingsFile.server;
    await loaded.app.listen({ host, port });
    const address = loaded.app.server.address() as AddressInfo;
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const who = cluster.isWorker ? `worker ${process.pid}` : `pid ${process.pid}`;
    io.stdout.write(`ziggurat: serving ${file} at http://${shownHost}:${address.port} (${who})\n`);
    const received = await signals.first;
    io.stdout.write(
      `ziggurat: ${received}, shutting down (${who}): readiness off, serving ${shutdownDelay / 1000} s more\n`,
    );
    const onStep = (step: ShutdownStep) => {
      const line = STEP_LINES[step];
      if (line !== undefined) io.stdout.write(`ziggurat: ${line} (${who})\n`);
    };
    const closed = closeGracefully(loaded.app, { delay: shutdownDelay, timeout: shutdownTimeout, onStep });
    const forced = signals.forced.then((signal) => {
      io.stderr.write(`ziggurat: ${signal} again, exiting now (${who})\n`);
      return 1;
    });
    return await Promise.race([closed.then(() => 0), forced]);
  } finally {
    signals.dispose();
  }
}

/** The `serve` command. */
export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'serve the app (--reload compiles and restarts it on changes)',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { reload: { type: 'boolean' } });
    const file = resolve(io.cwd, splitPositionals(positionals, { min: 0, max: 0, names: '' }).file);
    if (values.reload) return serveWithReload(file, io);
    if (cluster.isWorker && io.env[RELOAD_WORKER_ENV] === '1') return serveReloadWorker(file, io);
    if (cluster.isPrimary) {
      const { workers } = loadSettings(file, io.env).server;
      if (workers > 1) return serveWorkers(file, workers, io);
    }
    return serveOne(file, io);
  },
};
