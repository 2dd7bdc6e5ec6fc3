// The process entry of the `ziggurat` command (bin/ziggurat.js imports it): run, then exit with its code.
import { runCli } from './index.js';

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  cwd: process.cwd(),
  env: process.env,
});
process.exit(code);
