// Commands the app or its add-ons contribute (config.addCommand): load the app, then run the named one.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { commandsOf } from '../config/commands.js';
import { settingsFileAmong, UsageError } from './args.js';
import type { CliIO } from './command.js';
import { withApp } from './load.js';

/** Whether the arguments ask for help. */
export function wantsHelp(args: readonly string[]): boolean {
  return args.includes('--help') || args.includes('-h');
}

/**
 * Run `ziggurat <name> [settings-file] ...` for a name that is not built in: load the app of the
 * settings file (wherever it comes among the arguments) and run the command it registered under
 * `name` with the other arguments. Unknown everywhere: a UsageError.
 */
export async function runAppCommand(name: string, args: readonly string[], io: CliIO): Promise<number> {
  const found = settingsFileAmong(args);
  const file = resolve(io.cwd, found.file);
  const commandArgs = found.rest;
  if (!existsSync(file)) {
    const why = found.given
      ? ` (and the settings file ${found.file}, whose app may add it, does not exist)`
      : '';
    throw new UsageError(`unknown command '${name}'${why}`);
  }
  return withApp(file, io, async (loaded) => {
    const commands = commandsOf(loaded.registry);
    const command = commands.get(name);
    if (!command) {
      const known = [...commands.keys()].join(', ') || 'none';
      throw new UsageError(`unknown command '${name}' (the app's own commands: ${known})`);
    }
    if (wantsHelp(commandArgs)) {
      io.stdout.write(command.usage.endsWith('\n') ? command.usage : `${command.usage}\n`);
      return 0;
    }
    return command.run(commandArgs, io, loaded);
  });
}

function listing(label: string, commands: ReadonlyMap<string, { summary: string }>): string {
  if (commands.size === 0) return `\ncommands of the app (${label}): none\n`;
  const width = Math.max(...[...commands.keys()].map((name) => name.length));
  const lines = [...commands].map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`);
  return `\ncommands of the app (${label}):\n${lines.join('\n')}\n`;
}

/**
 * The app's own commands, for `ziggurat --help`: listed when a settings file is found (one named
 * among `args`, or development.ini in the working directory); '' when there is none. An app that
 * does not load is said so in one line, with its error's code.
 */
export async function appCommandsUsage(args: readonly string[], io: CliIO): Promise<string> {
  const found = settingsFileAmong(args);
  const file = resolve(io.cwd, found.file);
  if (!found.given && !existsSync(file)) return '';
  try {
    return await withApp(file, io, async (loaded) => listing(found.file, commandsOf(loaded.registry)));
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason = `${typeof code === 'string' ? `${code}: ` : ''}${(error as Error).message ?? error}`;
    return `\ncommands of the app (${found.file}): not listed, the app did not load: ${reason.split('\n')[0]}\n`;
  }
}
