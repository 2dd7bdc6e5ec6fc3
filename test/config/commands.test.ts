// config.addCommand: validated at the call, recorded as an action, conflicting on the name.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commandsOf } from '../../lib/config/commands.js';
import { type AppCommand, Configurator } from '../../lib/index.js';

const hello: AppCommand = {
  name: 'hello',
  summary: 'say hello',
  usage: 'usage: ziggurat hello',
  run: async () => 0,
};

describe('config.addCommand', () => {
  it('registers the command at commit', async () => {
    const config = new Configurator();
    config.addCommand(hello);
    assert.equal(commandsOf(config.registry).size, 0, 'nothing before commit');
    await config.commit();
    assert.equal(commandsOf(config.registry).get('hello')?.summary, 'say hello');
  });

  it('conflicts when two places add one name, unless the includer overrides', async () => {
    const config = new Configurator();
    config.addCommand(hello);
    config.addCommand({ ...hello, summary: 'again' });
    await assert.rejects(config.commit(), { code: 'ZIG_ERR_CONFIG_CONFLICT' });
    const overriding = new Configurator();
    overriding.include((child: Configurator) => child.addCommand(hello));
    overriding.addCommand({ ...hello, summary: 'mine' });
    await overriding.commit();
    assert.equal(commandsOf(overriding.registry).get('hello')?.summary, 'mine');
  });

  it('refuses a bad name or a command without run, at the call', () => {
    const config = new Configurator();
    assert.throws(() => config.addCommand({ ...hello, name: 'Bad Name' }), { code: 'ZIG_ERR_CONFIG_OPTION' });
    assert.throws(() => config.addCommand({ ...hello, run: undefined as never }), {
      code: 'ZIG_ERR_CONFIG_OPTION',
    });
  });
});
