// addCommand: sub-commands of `ziggurat` that the app or an add-on contributes (the SQL add-on's `migrate`).
import type { AppCommand } from '../cli/command.js';
import { ConfigurationError } from '../errors.js';
import { STATE } from '../symbols.js';
import type { ConfigContext } from './context.js';
import type { Registry } from './registry.js';

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
