// The dispatcher: --help, --version, wrong arguments (exit 2, one line and usage), app-contributed commands.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { COMMANDS } from '../../lib/cli/index.js';
import { cli, FIXTURE_DIR, FIXTURE_INI, ROOT, settingsDir } from './helpers.js';

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

  it("lists the app's own commands in --help when a settings file is found", async () => {
    const found = await cli(['--help']);
    assert.equal(found.code, 0);
    assert.match(
      found.stdout,
      /\ncommands of the app \(development\.ini\):\n {2}greet {2}print the greeting setting\n$/,
    );
    const named = await cli(['help', FIXTURE_INI], { cwd: ROOT });
    assert.match(named.stdout, /^commands of the app \(\S+fixture-app\/development\.ini\):\n {2}greet /m);
    const { dir } = settingsDir('[app]\nuse = ./nowhere.js\n', 'other.ini');
    const none = await cli(['--help'], { cwd: dir });
    assert.doesNotMatch(none.stdout, /commands of the app/, 'no development.ini: no app commands');
    const broken = await cli(['--help', 'other.ini'], { cwd: dir });
    assert.equal(broken.code, 0);
    assert.match(
      broken.stdout,
      /^commands of the app \(other\.ini\): not listed, the app did not load: ZIG_ERR_SETTINGS_USE: /m,
    );
  });

  it('takes the settings file anywhere among the arguments', async () => {
    const { dir } = settingsDir('[app]\nuse = ./nowhere.js\n');
    const views = await cli(['views', '/items/7', FIXTURE_INI, '--method', 'GET'], { cwd: dir });
    assert.equal(views.code, 0, views.stderr);
    assert.match(views.stdout, /^outcome: view showItem$/m);
    const greet = await cli(['greet', 'Ada', FIXTURE_INI, 'Grace'], { cwd: dir });
    assert.equal(greet.code, 0, greet.stderr);
    assert.match(greet.stdout, /^Hello from \S+fixture-app Ada Grace\n$/);
    const first = await cli([FIXTURE_INI, 'routes', '--json'], { cwd: dir });
    assert.equal(first.code, 0, first.stderr);
    assert.equal(JSON.parse(first.stdout)[0].name, 'home');
    const path = await cli(['views', '/docs/setup.ini'], { cwd: FIXTURE_DIR });
    assert.match(
      path.stdout,
      /^GET \/docs\/setup\.ini$/m,
      'a path ending in .ini that is no file stays the path',
    );
  });

  it('answers an unknown option or a missing value in one line, then the usage, exit 2', async () => {
    for (const [argv, message] of [
      [['routes', '--bogus'], "ziggurat routes: unknown option '--bogus'"],
      [['views', '/', '-x'], "ziggurat views: unknown option '-x'"],
      [['views', '/', '--method'], "ziggurat views: option '--method' needs a value"],
      [['routes', '--json=yes'], "ziggurat routes: option '--json' takes no value"],
    ] as const) {
      const result = await cli([...argv]);
      assert.equal(result.code, 2, argv.join(' '));
      const [line, usage] = result.stderr.split('\n');
      assert.equal(line, message);
      assert.match(usage ?? '', /^usage: ziggurat /);
    }
  });
});
