// `ziggurat shell`: a REPL with the loaded app, its registry, settings, root and a request in scope.
import repl from 'node:repl';
import { DefaultRoot } from '../dispatch/traversal.js';
import { STATE } from '../symbols.js';
import { DummyRequest } from '../testing/index.js';
import { parseCommandArgs, splitPositionals } from './args.js';
import type { CliCommand, CliIO, LoadedApp } from './command.js';
import { withApp } from './load.js';

const USAGE = `usage: ziggurat shell [settings-file]

Start a REPL (top-level await works) with these names in scope:
  app        the ready Fastify instance (app.inject({ url: '/' }) runs a request)
  registry   the registry: registry.settings, registry.container
  settings   the app's settings
  request    a DummyRequest for '/' bound to the registry (request.routeUrl(...) works)
  root       the root resource the root factory makes for that request

options:
  -h, --help   show this help
`;

async function scope(loaded: LoadedApp): Promise<Record<string, unknown>> {
  const request = new DummyRequest({ registry: loaded.registry, path: '/' });
  const factory = loaded.registry[STATE].rootFactory ?? (() => new DefaultRoot());
  const root = await factory(request);
  request.root = request.context = root;
  return { app: loaded.app, registry: loaded.registry, settings: loaded.settings, request, root };
}

function runRepl(io: CliIO, names: Record<string, unknown>): Promise<number> {
  const input = io.stdin ?? process.stdin;
  const terminal = (input as { isTTY?: boolean }).isTTY === true;
  io.stdout.write(`ziggurat shell: ${Object.keys(names).join(', ')} are in scope; .exit to leave\n`);
  const server = repl.start({ prompt: 'ziggurat> ', input, output: io.stdout, terminal, useGlobal: false });
  Object.assign(server.context, names);
  return new Promise((resolve) => server.on('exit', () => resolve(0)));
}

/** The `shell` command. */
export const shellCommand: CliCommand = {
  name: 'shell',
  summary: 'a REPL with app, registry, settings, request and root',
  usage: USAGE,
  async run(args, io) {
    const { positionals } = parseCommandArgs(args, {});
    const { file } = splitPositionals(positionals, { min: 0, max: 0, names: '' });
    return withApp(file, io, async (loaded) => runRepl(io, await scope(loaded)));
  },
};
