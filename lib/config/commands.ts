// addCommand: sub-commands of `ziggurat` that the app or an add-on contributes (the SQL add-on's `migrate`),
// and the shapes such a command runs with: its streams (CliIO) and the loaded app (LoadedApp).
import type { FastifyInstance } from 'fastify';
import { ConfigurationError } from '../errors.js';
import type { SettingsFile } from '../settings/settings-file.js';
import { STATE } from '../symbols.js';
import type { Settings } from '../types.js';
import type { ConfigContext } from './context.js';
import type { Registry } from './registry.js';

/** Where a command reads and writes: the process's streams in the shell, buffers in tests. */
export interface CliIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** The directory relative paths (settings files, target directories) are resolved against. */
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Where `shell` reads from (the process's stdin when absent). */
  stdin?: NodeJS.ReadableStream;
}

/** An application loaded from a settings file, as app-contributed commands receive it. */
export interface LoadedApp {
  /** The settings passed to the app's `main(settings)`. */
  settings: Settings;
  registry: Registry;
  /** The committed, ready (not listening) Fastify instance. */
  app: FastifyInstance;
  /** The parsed settings file: its path, `use`, `[server]` and `[logging]` sections. */
  settingsFile: SettingsFile;
  /** Close the app and every add-on resource (pools, connections). */
  close(): Promise<void>;
}

/**
 * A sub-command contributed by the app or an add-on through `config.addCommand(command)`.
 * `ziggurat <name> [settings-file] ...` loads the app from the settings file, then runs it.
 */
export interface AppCommand {
  name: string;
  summary: string;
  usage: string;
  /** `args` are the arguments after the settings file. */
  run(args: string[], io: CliIO, loaded: LoadedApp): Promise<number>;
}

const NAME = /^[a-z][a-z0-9-]*$/;

function optionError(message: string, ctx: ConfigContext): ConfigurationError {
  return new ConfigurationError(`addCommand: ${message} at ${ctx.site}`, { code: 'ZIG_ERR_CONFIG_OPTION' });
}

/** Record a command; two commands of one name conflict like any other two actions. */
export function addCommand(ctx: ConfigContext, command: AppCommand): void {
  if (command === null || typeof command !== 'object') throw optionError('needs a command object', ctx);
  if (typeof command.name !== 'string' || !NAME.test(command.name)) {
    throw optionError(
      `name must be lower-case words joined by '-', got ${JSON.stringify(command.name)}`,
      ctx,
    );
  }
  if (typeof command.run !== 'function') throw optionError(`command '${command.name}' needs run()`, ctx);
  const entry: AppCommand = {
    name: command.name,
    summary: String(command.summary ?? ''),
    usage: String(command.usage ?? `usage: ziggurat ${command.name} [settings-file]`),
    run: command.run.bind(command),
  };
  ctx.record(`command '${command.name}'`, () => void ctx.state.commands.set(entry.name, entry));
}

/**
 * The commands a committed registry has, by name.
 * @example commandsOf(config.registry).get('migrate')
 */
export function commandsOf(registry: Registry): ReadonlyMap<string, AppCommand> {
  return registry[STATE].commands;
}
