#!/usr/bin/env node
// The ziggurat command. This release knows --help and --version; create, serve and the
// introspection commands are listed in the README's roadmap and arrive with the CLI.
import { readFileSync } from 'node:fs';

const USAGE = `usage: ziggurat <command> [options]

options:
  --help       show this help
  --version    print the framework's version
`;

const [command] = process.argv.slice(2);
if (command === undefined || command === '--help' || command === '-h') {
  process.stdout.write(USAGE);
} else if (command === '--version') {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${pkg.version}\n`);
} else {
  process.stderr.write(`ziggurat: unknown command '${command}'\n${USAGE}`);
  process.exit(2);
}
