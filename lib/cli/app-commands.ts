// Commands the app or its add-ons contribute (config.addCommand): load the app, then run the named one.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { commandsOf } from '../config/commands.js';
import { DEFAULT_SETTINGS, isSettingsFile, UsageError } from './args.js';
import type { CliIO } from './command.js';
import { withApp } from './load.js';

/** Whether the arguments ask for help. */
export function wantsHelp(args: readonly string[]): boolean {
  return args.includes('--help') || args.includes('-h');
}

/**
 * Run `ziggurat <name> [settings-file] ...` for a name that is not built in: load the app of the
 * settings file and run the command it registered under `name`. Unknown everywhere: a UsageError.
 */
export async function runAppCommand(name: string, args: readonly string[], io: CliIO): Promise<number> {
  const [first, ...rest] = args;
  const fileGiven = isSettingsFile(first);
  const file = resolve(io.cwd, fileGiven ? first : DEFAULT_SETTINGS);
  const commandArgs = fileGiven ? rest : [...args];
  if (!existsSync(file)) throw new UsageError(`unknown command '${name}'`);
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
