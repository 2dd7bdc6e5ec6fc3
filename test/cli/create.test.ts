// `ziggurat create`: copying a scaffold, its placeholders and dependency, and refusing bad arguments.
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { Writable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { CliIO } from '../../lib/cli/command.js';
import { createCommand, createProject, knownScaffolds, ScaffoldError } from '../../lib/cli/create.js';
import { frameworkInfo } from '../../lib/cli/create-framework.js';
import { projectName, projectTitle } from '../../lib/cli/create-names.js';

const root = fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');
const temp = mkdtempSync(join(tmpdir(), 'zig-create-'));

/** Run `ziggurat create` in-process with the working directory `cwd`; collect its output. */
async function create(args: string[], cwd = temp) {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]) =>
    new Writable({
      write(chunk, _encoding, done) {
        into.push(String(chunk));
        done();
      },
    });
  const io: CliIO = { stdout: sink(out), stderr: sink(err), cwd, env: {} };
  const code = await createCommand.run(args, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** Every file under `directory`, relative to it. */
function filesUnder(directory: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(directory, join(entry.parentPath, entry.name)))
    .sort();
}

after(() => rmSync(temp, { recursive: true, force: true }));

describe('ziggurat create', () => {
  it('copies the starter scaffold, filling the name and title everywhere', async () => {
    const result = await create(['My Blog']);
    assert.equal(result.code, 0, result.stderr);
    const directory = join(temp, 'My Blog');
    const files = filesUnder(directory);
    for (const file of ['package.json', 'src/app.ts', 'development.ini', 'production.ini', 'README.md']) {
      assert.ok(files.includes(file), file);
    }
    for (const file of files) {
      assert.doesNotMatch(readFileSync(join(directory, file), 'utf8'), /__PROJECT_[A-Z]+__/, file);
    }
    const pkg = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
    assert.equal(pkg.name, 'my-blog');
    assert.match(readFileSync(join(directory, 'README.md'), 'utf8'), /^# My Blog\n/);
    assert.match(readFileSync(join(directory, 'src/views/default.ts'), 'utf8'), /project: 'My Blog'/);
  });

  it('renames _gitignore to .gitignore', async () => {
    assert.equal((await create(['ignoring'])).code, 0);
    assert.ok(existsSync(join(temp, 'ignoring', '.gitignore')));
    assert.ok(!existsSync(join(temp, 'ignoring', '_gitignore')));
  });

  it('depends on this checkout through an absolute file: path, run from a directory outside it', async () => {
    const result = await create(['linked']);
    assert.equal(result.code, 0);
    const pkg = JSON.parse(readFileSync(join(temp, 'linked', 'package.json'), 'utf8'));
    assert.equal(pkg.dependencies.ziggurat, `file:${root}`);
    assert.ok(isAbsolute(root) && !temp.startsWith(root), 'absolute, and the app is outside the checkout');
    assert.ok(result.stdout.includes(`The app depends on Ziggurat at file:${root} (`), result.stdout);
    assert.equal(pkg.scripts.start, 'ziggurat serve production.ini');
  });

  it('prints the next steps', async () => {
    const result = await create(['next']);
    assert.match(result.stdout, /cd next\n\s+npm install\n\s+npm test\n\s+npm start/);
  });

  it('makes the traversal scaffold with --scaffold or -s', async () => {
    assert.equal((await create(['tree', '--scaffold', 'traversal'])).code, 0);
    assert.ok(existsSync(join(temp, 'tree', 'src', 'resources.ts')));
    assert.equal((await create(['-s', 'traversal', 'tree2'])).code, 0);
    assert.ok(existsSync(join(temp, 'tree2', 'src', 'store.ts')));
  });

  it('makes the sql scaffold, whose next steps initialise the database', async () => {
    const result = await create(['notes', '--scaffold', 'sql']);
    assert.equal(result.code, 0);
    assert.ok(existsSync(join(temp, 'notes', 'migrations', '0001-notes.js')));
    assert.ok(existsSync(join(temp, 'notes', 'src', 'models', 'notes.ts')));
    assert.match(readFileSync(join(temp, 'notes', '.gitignore'), 'utf8'), /^var\/$/m);
    assert.match(
      readFileSync(join(temp, 'notes', 'development.ini'), 'utf8'),
      /^sql\.url = sqlite:%\(here\)s\/var\/app\.sqlite$/m,
    );
    assert.match(result.stdout, /npm install\n\s+npm run initdb[^\n]*\n\s+npm test\n\s+npm start/);
  });

  it('accepts an existing empty directory, and an absolute path', async () => {
    const directory = join(temp, 'empty');
    mkdirSync(directory);
    assert.equal((await create([directory], root)).code, 0);
    assert.ok(existsSync(join(directory, 'package.json')));
  });

  it('refuses a directory that is not empty, with one line and exit code 2, touching nothing', async () => {
    const directory = join(temp, 'taken');
    mkdirSync(directory);
    writeFileSync(join(directory, 'notes.txt'), 'mine');
    const result = await create(['taken']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^ziggurat create: .*taken exists and is not empty[^\n]*\n$/);
    assert.deepEqual(readdirSync(directory), ['notes.txt']);
  });

  it('refuses a target that is a file', async () => {
    writeFileSync(join(temp, 'a-file'), '');
    const result = await create(['a-file']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /is not a directory/);
  });

  it('names the known scaffolds when asked for an unknown one', async () => {
    const result = await create(['x', '--scaffold', 'nope']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown scaffold 'nope'; the scaffolds are: sql, starter, traversal\n/);
    assert.ok(!existsSync(join(temp, 'x')));
  });

  it('prints its usage for --help', async () => {
    const result = await create(['--help']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^usage: ziggurat create <dir>/);
    for (const scaffold of ['starter', 'traversal', 'sql'])
      assert.match(result.stdout, new RegExp(`\\s${scaffold}[ :]`));
    assert.equal(createCommand.usage, result.stdout);
  });

  for (const [args, message] of [
    [[], /missing the directory/],
    [['a', 'b'], /unexpected argument 'b'/],
    [['a', '--frobnicate'], /frobnicate/],
    [['a', '--scaffold'], /scaffold/],
  ] as const) {
    it(`answers ${JSON.stringify(args)} with one line, the usage and exit code 2`, async () => {
      const result = await create([...args]);
      assert.equal(result.code, 2);
      const [first, second] = result.stderr.split('\n');
      assert.match(first ?? '', message);
      assert.match(second ?? '', /^usage: ziggurat create/);
    });
  }
});

describe('createProject', () => {
  it('depends on ^version when the framework was installed from the registry', () => {
    const framework = { root: join(temp, 'shop', 'node_modules', 'ziggurat'), version: '1.2.3' };
    const scaffold = join(framework.root, 'scaffolds', 'mini');
    mkdirSync(scaffold, { recursive: true });
    writeFileSync(join(scaffold, 'package.json'), '{ "name": "__PROJECT_NAME__", "dependencies": {} }');
    const binary = Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from('__PROJECT_NAME__')]);
    writeFileSync(join(scaffold, 'logo.bin'), binary);
    const project = createProject({ target: join(temp, 'mini-app'), scaffold: 'mini', framework });
    assert.equal(project.dependency, '^1.2.3');
    const pkg = JSON.parse(readFileSync(join(temp, 'mini-app', 'package.json'), 'utf8'));
    assert.deepEqual(pkg, { name: 'mini-app', dependencies: { ziggurat: '^1.2.3' } });
    // Binary files are copied as they are, placeholders and all.
    assert.deepEqual(readFileSync(join(temp, 'mini-app', 'logo.bin')), binary);
    assert.deepEqual(knownScaffolds(framework), ['mini']);
  });

  it('throws ScaffoldError with its code', () => {
    assert.throws(
      () => createProject({ target: join(temp, 'y'), scaffold: '../..' }),
      (error: unknown) => error instanceof ScaffoldError && error.code === 'ZIG_ERR_SCAFFOLD',
    );
  });

  it('finds the framework it runs from', () => {
    assert.equal(frameworkInfo().root, root);
  });
});

describe('project names', () => {
  it('makes valid npm names and titles from directory names', () => {
    assert.equal(projectName('My Blog!'), 'my-blog');
    assert.equal(projectName('.hidden__app'), 'hidden__app');
    assert.equal(projectName('Ünïcode café'), 'unicode-cafe');
    assert.equal(projectName('...'), 'ziggurat-app');
    assert.equal(projectName('node_modules'), 'ziggurat-app');
    assert.equal(projectName('x'.repeat(300)).length, 214);
    assert.equal(projectTitle('my-blog'), 'My Blog');
    assert.equal(projectTitle('hidden__app'), 'Hidden App');
  });
});
