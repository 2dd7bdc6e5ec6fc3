import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ConfigurationConflictError, ConfigurationError, ErrorCodes, ZigguratError } from '../lib/index.js';

describe('errors', () => {
  it('documents every error code in the README table, and only those', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const documented = [...readme.matchAll(/^\| `(ZIG_ERR_[A-Z_]+)` +\|/gm)].map((match) => match[1]);
    assert.deepEqual(documented.sort(), Object.keys(ErrorCodes).sort());
  });

  it('gives Pyramid-named subclasses their codes', () => {
    const conflict = new ConfigurationConflictError('route x', [
      { location: 'a.ts:1', includePath: [] },
      { location: 'b.ts:2', includePath: ['addon (a.ts:5)'] },
    ]);
    assert.ok(conflict instanceof ConfigurationError && conflict instanceof ZigguratError);
    assert.equal(conflict.code, 'ZIG_ERR_CONFIG_CONFLICT');
    assert.match(conflict.message, /a\.ts:1[\s\S]*b\.ts:2 \(included via addon \(a\.ts:5\)\)/);
    assert.equal(new ConfigurationError('x').code, 'ZIG_ERR_CONFIG');
  });
});
