// The shape of a built-in `ziggurat` sub-command. The shapes shared with the commands the app and its
// add-ons contribute (AppCommand, CliIO, LoadedApp) are config's, since config.addCommand records them.
import type { CliIO } from '../config/commands.js';

export type { AppCommand, CliIO, LoadedApp } from '../config/commands.js';

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
