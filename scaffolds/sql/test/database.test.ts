// Unit tests of making the SQLite file's folder.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { makeDatabaseFolder } from '../src/database.js';

describe('makeDatabaseFolder', () => {
  const temp = mkdtempSync(join(tmpdir(), 'app-db-'));
  after(() => rmSync(temp, { recursive: true, force: true }));

  it("makes a SQLite file's folder", () => {
    makeDatabaseFolder(`sqlite:${join(temp, 'var', 'deep', 'app.sqlite')}`);
    assert.ok(existsSync(join(temp, 'var', 'deep')));
    assert.ok(!existsSync(join(temp, 'var', 'deep', 'app.sqlite')));
  });

  it('leaves in-memory, PostgreSQL and missing URLs alone', () => {
    for (const url of ['sqlite::memory:', 'postgres://app@localhost/app', '', undefined]) {
      assert.doesNotThrow(() => makeDatabaseFolder(url));
    }
  });
});
