import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeQuery, quoteAnchor, quotePath, quoteSegment } from '../../lib/urldispatch/index.js';

describe('quoting', () => {
  it('quoteSegment escapes / and keeps the sub-delimiters Pyramid keeps', () => {
    assert.equal(quoteSegment('a/b c?#'), 'a%2Fb%20c%3F%23');
    assert.equal(quoteSegment(":@$&+,;=~!*'()"), ":@$&+,;=~!*'()");
    assert.equal(quoteSegment('日本'), '%E6%97%A5%E6%9C%AC');
  });

  it('quoteSegment refuses dot segments, which clients resolve', () => {
    assert.throws(() => quoteSegment('..'), /cannot be a URL path segment/);
    assert.throws(() => quoteSegment('.'), /cannot be a URL path segment/);
    assert.equal(quoteSegment('...'), '...');
  });

  it('quotePath keeps the separators', () => {
    assert.equal(quotePath('/la peña/x'), '/la%20pe%C3%B1a/x');
  });

  it('encodeQuery repeats keys for arrays, skips null and undefined, and uses + for spaces', () => {
    assert.equal(
      encodeQuery({ a: [1, 'b c'], skip: undefined, none: null, 'k&': '=' }),
      'a=1&a=b+c&k%26=%3D',
    );
    assert.equal(encodeQuery({}), '');
  });

  it('encodeQuery keeps a string as written, escaping only what a query cannot hold', () => {
    assert.equal(encodeQuery('a=1&b=%20x y#'), 'a=1&b=%20x%20y%23');
  });

  it('quoteAnchor escapes what a fragment cannot hold', () => {
    assert.equal(quoteAnchor('part 2#x'), 'part%202%23x');
  });
});
