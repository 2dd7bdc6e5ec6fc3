// The dispatcher: --help, --version, wrong arguments (exit 2, one line and usage), app-contributed commands.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { COMMANDS } from '../../lib/cli/index.js';
import { cli, FIXTURE_INI, ROOT, settingsDir } from './helpers.js';

describe('the ziggurat command', () => {
  it('lists every built-in command in --help, and each command has its own --help', async () => {
    const help = await cli(['--help']);
    assert.equal(help.code, 0);
    for (const command of COMMANDS) {
      const summary = command.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      assert.match(help.stdout, new RegExp(`^  ${command.name} +${summary}$`, 'm'));
      const own = await cli([command.name, '--help']);
      assert.equal(own.code, 0);
      assert.ok(own.stdout.startsWith(`usage: ziggurat ${command.name}`), own.stdout);
    }
  });

  it('prints the version of package.json', async () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8'));
    assert.deepEqual(await cli(['--version']), { code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('answers an unknown command with one line and the usage on stderr, exit 2', async () => {
    const { dir } = settingsDir('[app]\nuse = ./app.js\n', 'other.ini');
    const result = await cli(['frobnicate'], { cwd: dir });
    assert.equal(result.code, 2);
    const [first, second] = result.stderr.split('\n');
    assert.equal(first, "ziggurat frobnicate: unknown command 'frobnicate'");
    assert.match(second ?? '', /^usage: ziggurat <command>/);
    assert.equal(result.stdout, '');
  });

  it('answers a wrong option or a missing argument with exit 2 and the command usage', async () => {
    for (const argv of [
      ['routes', '--frob'],
      ['views'],
      ['request', FIXTURE_INI],
      ['tweens', 'a.ini', 'b'],
      ['--frob'],
    ]) {
      const result = await cli(argv);
      assert.equal(result.code, 2, argv.join(' '));
      const lines = result.stderr.split('\n');
      assert.match(lines[0] ?? '', /^ziggurat( \w+)?: \S/, argv.join(' '));
      assert.match(lines[1] ?? '', /^usage: ziggurat/, argv.join(' '));
    }
    const header = await cli(['request', '/', '--header', 'no-colon']);
    assert.equal(header.code, 2);
    assert.match(header.stderr, /a header must look like 'Name: value'/);
  });

  it('reports a settings problem with its code and exit 1', async () => {
    const missing = await cli(['routes', 'nowhere.ini']);
    assert.equal(missing.code, 1);
    assert.match(
      missing.stderr,
      /^ziggurat routes: ZIG_ERR_SETTINGS_FILE: The settings file .*nowhere\.ini does not exist\n$/,
    );
  });

  it('runs a command the app added with config.addCommand, with the arguments after the settings file', async () => {
    const result = await cli(['greet', FIXTURE_INI, 'Ada', 'Grace']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Hello from \S+fixture-app Ada Grace\n$/);
    assert.equal(
      (await cli(['greet', 'fail'])).code,
      3,
      'the default settings file, and the exit code passes through',
    );
    const help = await cli(['greet', '--help']);
    assert.equal(help.stdout, 'usage: ziggurat greet [settings-file] [names...]\n');
  });

  it('says which commands the app has when a name is unknown to both', async () => {
    const result = await cli(['migrate', FIXTURE_INI]);
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /^ziggurat migrate: unknown command 'migrate' \(the app's own commands: greet\)\n/,
    );
  });
});
