// The shape of a `ziggurat` sub-command: the contract between the dispatcher, the built-in
// commands and the commands add-ons contribute (for example the SQL add-on's `migrate`).
import type { FastifyInstance } from 'fastify';
import type { Registry } from '../config/registry.js';
import type { SettingsFile } from '../settings-file.js';
import type { Settings } from '../types.js';

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

/** A built-in sub-command of `ziggurat`. */
export interface CliCommand {
  /** The word after `ziggurat`, e.g. `routes`. */
  name: string;
  /** One line for `ziggurat --help`. */
  summary: string;
  /** The full text for `ziggurat <name> --help`, starting with `usage: ziggurat <name> ...`. */
  usage: string;
  /** Run with the arguments after the command's name; resolves to the process's exit code. */
  run(args: string[], io: CliIO): Promise<number>;
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
