// `ziggurat shell`: a REPL with the loaded app, its registry, settings, root and a request in scope.
import { createInterface } from 'node:readline';
import repl from 'node:repl';
import { PassThrough } from 'node:stream';
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

/**
 * Piped input, handed to the REPL one line at a time: the next line only once the REPL shows its
 * prompt again, so that an awaited result prints before the next line's (the REPL reads a pipe as
 * fast as it comes and would evaluate the next line while the first still awaits).
 */
function lineByLine(input: NodeJS.ReadableStream): { feed: PassThrough; ready: () => void } {
  const feed = new PassThrough();
  const lines: string[] = [];
  let waiting = false;
  let ended = false;
  const next = () => {
    const line = lines.shift();
    // Before writing: the REPL may evaluate the line, and ask for the next, within write().
    waiting = line === undefined && !ended;
    if (line !== undefined) feed.write(`${line}\n`);
    else if (ended) feed.end();
  };
  const reader = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  reader.on('line', (line) => {
    lines.push(line);
    if (waiting) next();
  });
  reader.on('close', () => {
    ended = true;
    if (waiting) next();
  });
  return { feed, ready: next };
}

function runRepl(io: CliIO, names: Record<string, unknown>): Promise<number> {
  const stdin = io.stdin ?? process.stdin;
  const terminal = (stdin as { isTTY?: boolean }).isTTY === true;
  io.stdout.write(`ziggurat shell: ${Object.keys(names).join(', ')} are in scope; .exit to leave\n`);
  const piped = terminal ? null : lineByLine(stdin);
  const input = piped?.feed ?? stdin;
  const server = repl.start({ prompt: 'ziggurat> ', input, output: io.stdout, terminal, useGlobal: false });
  Object.assign(server.context, names);
  if (piped) {
    const displayPrompt = server.displayPrompt.bind(server);
    server.displayPrompt = (preserveCursor?: boolean) => {
      displayPrompt(preserveCursor);
      piped.ready();
    };
    piped.ready();
  }
  return new Promise((resolve) => server.on('exit', () => resolve(0)));
}

/** The `shell` command. */
export const shellCommand: CliCommand = {
  name: 'shell',
  summary: 'a REPL with app, registry, settings, request and root',
  usage: USAGE,
  async run(args, io) {
    const { positionals } = parseCommandArgs(args, {});
    const { file } = splitPositionals(positionals, { min: 0, max: 0, names: '' }, io.cwd);
    return withApp(file, io, async (loaded) => runRepl(io, await scope(loaded)));
  },
};
