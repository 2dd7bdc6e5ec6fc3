// `ziggurat serve`: listen with the app of a settings file; graceful shutdown; --reload and workers hand off.
import cluster from 'node:cluster';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { loadApp } from '../config/app-loader.js';
import { loadSettings } from '../settings/settings-file.js';
import { parseCommandArgs, splitPositionals } from './args.js';
import type { CliCommand, CliIO } from './command.js';
import { serveWithReload } from './reload.js';
import { shutdownSignal } from './signals.js';
import { serveWorkers } from './workers.js';

const USAGE = `usage: ziggurat serve [settings-file] [--reload]

Serve the app of a settings file (default development.ini). It listens on HOST and PORT from the
environment when set, else on [server] host and port, else 127.0.0.1:6543; [server] workers > 1
(or WORKERS) runs that many worker processes. SIGINT or SIGTERM stops accepting connections,
lets requests in flight finish, closes the app (and its add-ons' pools), then exits 0.

options:
  --reload     restart the server when a file under the settings file's directory changes
               (node_modules and dot-directories are ignored)
  -h, --help   show this help
`;

/** One server process: load, listen, log the URL, and close gracefully on a signal. */
async function serveOne(file: string, io: CliIO): Promise<number> {
  const signal = shutdownSignal();
  const loaded = await loadApp(file, { env: io.env });
  const { host, port } = loaded.settingsFile.server;
  await loaded.app.listen({ host, port });
  const address = loaded.app.server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const who = cluster.isWorker ? `worker ${process.pid}` : `pid ${process.pid}`;
  io.stdout.write(`ziggurat: serving ${file} at http://${shownHost}:${address.port} (${who})\n`);
  const received = await signal;
  io.stdout.write(`ziggurat: ${received}, finishing requests in flight (${who})\n`);
  await loaded.close();
  return 0;
}

/** The `serve` command. */
export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'serve the app (--reload restarts it on changes)',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { reload: { type: 'boolean' } });
    const file = resolve(io.cwd, splitPositionals(positionals, { min: 0, max: 0, names: '' }).file);
    if (values.reload) return serveWithReload(file, io);
    if (cluster.isPrimary) {
      const { workers } = loadSettings(file, io.env).server;
      if (workers > 1) return serveWorkers(file, workers, io);
    }
    return serveOne(file, io);
  },
};
