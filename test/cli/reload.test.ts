// Which file changes `ziggurat serve --reload` leaves alone (the restart itself is tested in serve.test.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isIgnoredChange } from '../../lib/cli/reload.js';

describe('isIgnoredChange', () => {
  it("ignores dependencies, dot-files and the app's data under var/", () => {
    for (const path of [
      'node_modules/ziggurat/index.js',
      '.git/index',
      'src/.app.ts.swp',
      'var/app.sqlite',
      'var/app.sqlite-journal',
      'var\\app.sqlite',
    ]) {
      assert.equal(isIgnoredChange(path), true, path);
    }
  });

  it('restarts for sources, builds, templates and settings', () => {
    for (const path of [
      'development.ini',
      'dist/src/app.js',
      'templates/home.hbs',
      'src/variables.ts',
      'variant/x.js',
    ]) {
      assert.equal(isIgnoredChange(path), false, path);
    }
  });
});
