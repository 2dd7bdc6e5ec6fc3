// The process entry of the `ziggurat` command (bin/ziggurat.js imports it): source maps on, then run and exit.
// Node reads a module's source map only when the module loads after source maps are enabled, and an ES
// module's static imports all load before its body runs: so this file imports nothing statically, and
// the framework and the app (which loadApp imports) load after, their stack traces naming the .ts lines.
process.setSourceMapsEnabled(true);

const { runCli } = await import('./index.js');
const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  cwd: process.cwd(),
  env: process.env,
});
process.exit(code);
