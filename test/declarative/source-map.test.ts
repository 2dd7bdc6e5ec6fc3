// originalPosition: a compiled file's line mapped to its source through the map file or an inline map.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { originalPosition } from '../../lib/declarative/source-map.js';

const dir = mkdtempSync(join(tmpdir(), 'ziggurat-source-map-'));
mkdirSync(join(dir, 'dist'));
mkdirSync(join(dir, 'src'));

// Generated line 1 ← source line 1, generated line 2 ← source line 4 (VLQ: AAAA; AAGA).
const MAP = { version: 3, file: 'a.js', sources: ['../src/a.ts'], names: [], mappings: 'AAAA;AAGA' };

describe('originalPosition', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('maps through the map file the sourceMappingURL comment names', () => {
    writeFileSync(join(dir, 'dist/a.js'), 'one();\ntwo();\n//# sourceMappingURL=a.js.map');
    writeFileSync(join(dir, 'dist/a.js.map'), JSON.stringify(MAP));
    assert.deepEqual(originalPosition(join(dir, 'dist/a.js'), 2, 1), {
      file: join(dir, 'src/a.ts'),
      line: 4,
    });
  });

  it('maps through an inline map, with its sourceRoot', () => {
    const inline = Buffer.from(JSON.stringify({ ...MAP, sourceRoot: '../src', sources: ['b.ts'] })).toString(
      'base64',
    );
    writeFileSync(
      join(dir, 'dist/b.mjs'),
      `one();\ntwo();\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${inline}\n`,
    );
    assert.deepEqual(originalPosition(join(dir, 'dist/b.mjs'), 2, 1), {
      file: join(dir, 'src/b.ts'),
      line: 4,
    });
  });

  it('is null for a file without a map, a broken map, or a source file', () => {
    writeFileSync(join(dir, 'dist/plain.js'), 'one();\n');
    writeFileSync(join(dir, 'dist/broken.js'), 'one();\n//# sourceMappingURL=broken.js.map\n');
    writeFileSync(join(dir, 'dist/broken.js.map'), '{ not json');
    assert.equal(originalPosition(join(dir, 'dist/plain.js'), 1, 1), null);
    assert.equal(originalPosition(join(dir, 'dist/broken.js'), 1, 1), null);
    assert.equal(originalPosition(join(dir, 'dist/missing.js'), 1, 1), null);
    assert.equal(originalPosition(join(dir, 'src/a.ts'), 1, 1), null);
  });
});
