// What the shipped settings files say about debugging: the development error page and pretty logs in
// every development.ini (the scaffolds' and the example wiki's), neither in any production.ini.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { asBool, loadSettings } from '../../lib/index.js';
import { ROOT } from '../cli/helpers.js';

const DEVELOPMENT = ['scaffolds/starter', 'scaffolds/sql', 'scaffolds/traversal', 'examples/wiki'];
const PRODUCTION = ['scaffolds/starter', 'scaffolds/sql', 'scaffolds/traversal'];

describe('the shipped settings files', () => {
  it('turn the development error page and pretty logs on in development.ini', () => {
    for (const dir of DEVELOPMENT) {
      const settings = loadSettings(`${ROOT}${dir}/development.ini`, {});
      assert.equal(asBool(settings.app['ziggurat.debug']), true, dir);
      assert.equal(settings.logging.pretty, true, dir);
    }
  });

  it('keep them off in production.ini: a bare 500 and JSON log lines', () => {
    for (const dir of PRODUCTION) {
      const settings = loadSettings(`${ROOT}${dir}/production.ini`, {});
      assert.equal(asBool(settings.app['ziggurat.debug']), false, dir);
      assert.equal(settings.logging.pretty, false, dir);
    }
  });
});
