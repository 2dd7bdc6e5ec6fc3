// lib/cli/: the `ziggurat` command; this file dispatches to built-in and app-contributed commands.
import { readFileSync } from 'node:fs';
import { ZigguratError } from '../errors.js';
import { appCommandsUsage, runAppCommand, wantsHelp } from './app-commands.js';
import { isSettingsFile, UsageError } from './args.js';
import type { CliCommand, CliIO } from './command.js';
import { createCommand } from './create.js';
import { requestCommand } from './request.js';
import { routesCommand } from './routes.js';
import { serveCommand } from './serve.js';
import { shellCommand } from './shell.js';
import { tweensCommand } from './tweens.js';
import { viewsCommand } from './views.js';

/** The built-in commands, in the order `ziggurat --help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  createCommand,
  serveCommand,
  routesCommand,
  viewsCommand,
  tweensCommand,
  requestCommand,
  shellCommand,
];

function globalUsage(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  const lines = COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return `usage: ziggurat <command> [settings-file] [options]

commands:
${lines.join('\n')}

Commands the app or its add-ons add (config.addCommand) run as
\`ziggurat <name> [settings-file] ...\`, and are listed below when a settings file is found.
The settings file (any argument ending in .ini) defaults to development.ini.
\`ziggurat <command> --help\` describes a command.

options:
  -h, --help      show this help
  -V, --version   print the framework's version
`;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
  return String(pkg.version);
}

/** Print an error: a usage error as one line plus usage (exit 2), any other as one line (exit 1). */
function report(error: unknown, prefix: string, usage: string, io: CliIO): number {
  if (error instanceof UsageError) {
    io.stderr.write(`${prefix}: ${error.message}\n${usage}`);
    return 2;
  }
  if (error instanceof ZigguratError) {
    io.stderr.write(`${prefix}: ${error.code}: ${error.message}\n`);
    return 1;
  }
  io.stderr.write(`${prefix}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}

/**
 * The arguments with the command's name first: a settings file may come before it
 * (`ziggurat production.ini migrate`); a settings file alone asks for the help with its app's commands.
 */
function commandFirst(argv: readonly string[]): readonly string[] {
  if (!isSettingsFile(argv[0])) return argv;
  const at = argv.findIndex((arg) => !arg.startsWith('-') && !isSettingsFile(arg));
  if (at < 0) return ['--help', ...argv];
  return [argv[at] as string, ...argv.filter((_, i) => i !== at)];
}

/**
 * Run the `ziggurat` command with `argv` (the arguments after `ziggurat`); resolves to the exit code.
 * @example process.exit(await runCli(['routes', 'development.ini'], { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env }));
 */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...args] = commandFirst(argv);
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(globalUsage() + (await appCommandsUsage(args, io)));
    return 0;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`${version()}\n`);
    return 0;
  }
  if (name.startsWith('-'))
    return report(new UsageError(`unknown option '${name}'`), 'ziggurat', globalUsage(), io);
  const command = COMMANDS.find((candidate) => candidate.name === name);
  try {
    if (!command) return await runAppCommand(name, args, io);
    if (wantsHelp(args)) {
      io.stdout.write(command.usage);
      return 0;
    }
    return await command.run(args, io);
  } catch (error) {
    return report(error, `ziggurat ${name}`, command?.usage ?? globalUsage(), io);
  }
}
