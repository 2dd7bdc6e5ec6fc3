// Unit tests of choosing the session secret: the setting, else one kept in var/session-secret.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { secretFile, withSessionSecret } from '../src/session-secret.js';

describe('withSessionSecret', () => {
  const here = mkdtempSync(join(tmpdir(), 'session-secret-'));
  after(() => rmSync(here, { recursive: true, force: true }));

  it('keeps the session.secret setting when there is one', () => {
    const settings = { here, 'session.secret': 'a-secret-from-the-settings-file-0123456789' };
    assert.equal(withSessionSecret(settings), settings);
  });

  it('makes a secret on the first start, readable by the app only, and reuses it after', () => {
    const first = withSessionSecret({ here, 'session.secret': '' })['session.secret'];
    assert.match(String(first), /^[\w-]{43}$/);
    assert.equal(readFileSync(secretFile(here), 'utf8').trim(), first);
    assert.equal(statSync(secretFile(here)).mode & 0o077, 0, 'no access for group or others');
    assert.equal(withSessionSecret({ here })['session.secret'], first, 'the same after a restart');
  });

  it('makes a secret for this process only when there is no settings file', () => {
    const one = withSessionSecret({})['session.secret'];
    assert.match(String(one), /^[\w-]{43}$/);
    assert.notEqual(withSessionSecret({})['session.secret'], one);
  });
});
