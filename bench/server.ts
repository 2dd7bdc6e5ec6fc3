// A benchmark child process: builds one side of one case, listens on 127.0.0.1, reports its port.
import { type Build, type Listener, startupPlain, startupZiggurat, THROUGHPUT_CASES } from './cases.js';

const [mode, caseName, side] = process.argv.slice(2);

/**
 * What builds `side` of the case or peer case named `name`. The peers' frameworks are loaded only
 * for a peer case, so that the other servers' processes hold nothing of them.
 */
async function builder(name: string | undefined, half: string | undefined): Promise<Build> {
  const found = THROUGHPUT_CASES.find((c) => c.name === name);
  if (found && (half === 'plain' || half === 'ziggurat')) return found[half];
  const { PEER_CASES } = await import('./peers.js');
  const peer = PEER_CASES.find((c) => c.name === name);
  if (peer && (half === 'plain' || half === 'other')) return peer[half];
  throw new Error(`unknown case ${name}/${half}`);
}

/**
 * Count the requests served and print the count when the parent stops this server (SIGTERM), after
 * which Node writes what BENCH_NODE_FLAGS asked for (a CPU profile is written on exit): the count
 * turns a profile's times into times per request.
 */
function countRequests(app: Listener): void {
  let count = 0;
  (app.server as unknown as { on(event: 'request', listener: () => void): void }).on('request', () => {
    count++;
  });
  process.on('SIGTERM', () => {
    console.log(`server ${caseName}/${side}, pid ${process.pid}: ${count} requests`);
    process.exit(0);
  });
}

async function serve(): Promise<void> {
  const app = await (await builder(caseName, side))();
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (process.env.BENCH_NODE_FLAGS) countRequests(app);
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
  // The parent asks for CPU time used so far, to compute the server's CPU cost per request.
  process.on('message', () => {
    const usage = process.cpuUsage();
    process.send?.({ cpu: usage.user + usage.system });
  });
}

async function startup(): Promise<void> {
  const count = Number(caseName);
  const started = process.hrtime.bigint();
  const app = side === 'plain' ? await startupPlain(count) : await startupZiggurat(count);
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  await app.close();
  process.send?.({ ms: elapsed });
}

(mode === 'serve' ? serve() : startup()).catch((error) => {
  console.error(error);
  process.exit(1);
});
