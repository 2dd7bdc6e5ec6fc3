// The lint step's import check: it passes on this repository and names each kind of violation.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const script = fileURLToPath(new URL('../../../scripts/check-imports.mjs', import.meta.url));
const workDir = mkdtempSync(join(tmpdir(), 'zig-imports-'));
after(() => rmSync(workDir, { recursive: true, force: true }));

/** Check a made-up repository of `files` (path → source); resolves to the exit code and output. */
async function check(name: string, files: Record<string, string>): Promise<{ code: number; output: string }> {
  const root = join(workDir, name);
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), source);
  }
  try {
    const { stdout, stderr } = await run(process.execPath, [script, '--root', root, '--types']);
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe('scripts/check-imports.mjs', () => {
  it('passes on this repository', async () => {
    const { stdout } = await run(process.execPath, [script]);
    assert.match(stdout, /Imports checked/);
  });

  it('refuses a value import from a folder in an outer layer', async () => {
    const result = await check('upward', {
      'lib/http/request.ts': "import { Runtime } from '../dispatch/runtime.js';\nexport const r = Runtime;\n",
      'lib/dispatch/runtime.ts': 'export class Runtime {}\n',
    });
    assert.equal(result.code, 1);
    assert.match(
      result.output,
      /lib\/http\/request\.ts imports lib\/dispatch\/runtime\.ts: lib\/dispatch is not below lib\/http/,
    );
  });

  it('allows the same import when it carries only types, and lists the circle it makes', async () => {
    const result = await check('types', {
      'lib/http/request.ts':
        "import type { Runtime } from '../dispatch/runtime.js';\nexport type R = Runtime;\n",
      'lib/dispatch/runtime.ts':
        "import { type R } from '../http/request.js';\nexport class Runtime {}\nexport type Q = R;\n",
    });
    assert.equal(result.code, 0, result.output);
    assert.match(
      result.output,
      /circle through type-only imports: lib\/dispatch\/runtime\.ts lib\/http\/request\.ts/,
    );
  });

  it('refuses a circle of value imports inside one folder', async () => {
    const result = await check('circle', {
      'lib/views/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
      'lib/views/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
    });
    assert.equal(result.code, 1);
    assert.match(result.output, /import circle: lib\/views\/a\.ts -> lib\/views\/b\.ts/);
  });

  it('refuses a folder that is in no layer', async () => {
    const result = await check('unknown', { 'lib/misc/thing.ts': 'export const thing = 1;\n' });
    assert.equal(result.code, 1);
    assert.match(result.output, /lib\/misc is in no layer/);
  });

  it("refuses an add-on that reaches past Ziggurat's public entry points", async () => {
    const result = await check('addon', {
      'lib/index.ts': "export { Request } from './http/request.js';\n",
      'lib/http/request.ts': 'export class Request {}\n',
      'addons/extra/index.ts':
        "import { Request } from '../../lib/index.js';\nimport { Request as Raw } from '../../lib/http/request.js';\nexport const both = [Request, Raw];\n",
    });
    assert.equal(result.code, 1);
    assert.match(result.output, /addons\/extra\/index\.ts imports lib\/http\/request\.ts: add-ons use only/);
    assert.doesNotMatch(result.output, /imports lib\/index\.ts/);
  });
});
