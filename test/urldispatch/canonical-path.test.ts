import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { canonicalPath, decodePathSegments, uncanonical } from '../../lib/urldispatch/index.js';

const isBadPath = (error: Error & { code?: string; statusCode?: number }) =>
  error.code === 'ZIG_ERR_BAD_PATH' && error.statusCode === 400;

describe('canonicalPath', () => {
  it('decodes segments, keeping %2F and %25 escaped inside them', () => {
    assert.equal(canonicalPath('/a/x%2Fy/caf%C3%A9/%25'), '/a/x%2Fy/café/%25');
    assert.equal(canonicalPath('/plain/path'), '/plain/path');
  });

  it('rejects malformed escapes and invalid UTF-8 with a 400 error', () => {
    for (const path of ['/a/%zz', '/a/%C3%28', '/%E2%82', '/%'])
      assert.throws(() => canonicalPath(path), isBadPath);
  });

  it('uncanonical reverses the two escapes', () => {
    assert.equal(uncanonical('x%2Fy%25z'), 'x/y%z');
  });

  it('never throws anything but the 400 error on random input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (raw) => {
        try {
          canonicalPath(raw);
        } catch (error) {
          assert.ok(isBadPath(error as Error), String(error));
        }
      }),
    );
  });
});

describe('decodePathSegments', () => {
  it('drops empty segments and decodes the others', () => {
    assert.deepEqual(decodePathSegments('/a//b%20c/%2F/'), ['a', 'b c', '/']);
    assert.throws(() => decodePathSegments('/%zz'), isBadPath);
  });
});
