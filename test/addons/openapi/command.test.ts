// `ziggurat openapi [settings-file]`: the OpenAPI add-on's command prints the document the app serves.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../../lib/cli/index.js';
import { type CliIO, loadApp } from '../../../lib/index.js';

const FIXTURE_APP = fileURLToPath(new URL('./fixture-app.js', import.meta.url));

/** A CliIO writing into strings, run in `cwd`. */
function bufferIO(cwd: string) {
  const out = { stdout: '', stderr: '' };
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (chunk) => void (out.stdout += String(chunk)));
  stderr.on('data', (chunk) => void (out.stderr += String(chunk)));
  const io: CliIO = { stdout, stderr, cwd, env: {} };
  return { io, out };
}

describe('ziggurat openapi', () => {
  let dir: string;
  let ini: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ziggurat-openapi-'));
    ini = join(dir, 'production.ini');
    const lines = [
      '[app]',
      `use = ${FIXTURE_APP}`,
      'openapi.title = Notes from the file',
      '[logging]',
      'level = warn',
    ];
    writeFileSync(ini, `${lines.join('\n')}\n`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function run(...args: string[]) {
    const { io, out } = bufferIO(dir);
    const code = await runCli(args, io);
    return { code, ...out };
  }

  it('prints the document the app serves at openapi.path', async () => {
    const { code, stdout, stderr } = await run('openapi', ini);
    assert.equal(stderr, '');
    assert.equal(code, 0);
    const printed = JSON.parse(stdout);
    assert.equal(printed.info.title, 'Notes from the file');
    const loaded = await loadApp(ini, { logger: false });
    const served = await loaded.app.inject({ url: '/openapi.json' });
    assert.deepEqual(printed, served.json());
    await loaded.close();
  });

  it('writes it to a file with --output, and refuses other arguments with the usage', async () => {
    assert.equal((await run('openapi', ini, '--output', 'api.json')).code, 0);
    assert.equal(JSON.parse(readFileSync(join(dir, 'api.json'), 'utf8')).openapi, '3.1.0');
    const wrong = await run('openapi', ini, '--frob');
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /^ziggurat openapi: unexpected '--frob'\nusage: ziggurat openapi/);
  });

  it("is listed among the app's commands by ziggurat --help", async () => {
    const { stdout } = await run('--help', ini);
    assert.match(stdout, /openapi\s+Print the app's OpenAPI 3\.1 document/);
  });
});
