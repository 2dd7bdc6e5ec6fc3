// The process `serve --reload` compiles in: the app's own tsc in watch mode, which exits with the reloader.
import { createRequire } from 'node:module';

// Started with an IPC channel: when the reloader goes away (even killed), the channel closes, and so
// does the compiler, rather than watching on forever.
process.on('disconnect', () => process.exit(0));
const [tsc, ...args] = process.argv.slice(2);
if (tsc === undefined) {
  process.stderr.write('usage: compiler-process.js <path of typescript/bin/tsc> [tsc arguments]\n');
  process.exit(2);
}
// tsc reads its arguments from process.argv.
process.argv = [process.execPath, tsc, ...args];
createRequire(import.meta.url)(tsc);
