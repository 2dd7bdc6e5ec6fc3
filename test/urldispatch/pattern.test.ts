import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalPath, compilePattern } from '../../lib/urldispatch/index.js';

const match = (pattern: string, path: string) => compilePattern(pattern).match(canonicalPath(path));

describe('compilePattern', () => {
  it('adds a leading slash', () => {
    assert.equal(compilePattern('users/{id}').pattern, '/users/{id}');
  });

  it('lists param names and the rest name', () => {
    const compiled = compilePattern('/a/{x}/{y:\\d+}/*rest');
    assert.deepEqual(compiled.paramNames, ['x', 'y']);
    assert.equal(compiled.restName, 'rest');
  });

  it('matches case-sensitively and anchored at both ends', () => {
    assert.deepEqual(match('/Users/{id}', '/Users/1'), { id: '1' });
    assert.equal(match('/Users/{id}', '/users/1'), null);
    assert.equal(match('/users/{id}', '/users/1/x'), null);
    assert.equal(match('/users/{id}', '/x/users/1'), null);
  });

  it('keeps regex metacharacters in literals literal', () => {
    assert.deepEqual(match('/a.b+(c)/{x}', '/a.b+(c)/1'), { x: '1' });
    assert.equal(match('/a.b/{x}', '/aXb/1'), null);
  });

  it('decodes values and keeps %2F and %25 inside their segment', () => {
    assert.deepEqual(match('/a/{x}', '/a/x%2Fy%25z%20'), { x: 'x/y%z ' });
  });

  it('splits *rest into decoded segments, dropping empty ones', () => {
    assert.deepEqual(match('/f/*rest', '/f/a//b%2Fc/'), { rest: ['a', 'b/c'] });
    assert.deepEqual(match('/f/*rest', '/f/'), { rest: [] });
    assert.equal(match('/f/*rest', '/f'), null);
    // Segments may hold any character once decoded, line breaks too (found by the property test).
    assert.deepEqual(match('/f/*rest', '/f/a%0Ab/%0D%0A'), { rest: ['a\nb', '\r\n'] });
  });

  it('supports nested {n,m} quantifiers and slash-spanning regexes', () => {
    assert.deepEqual(match('/{year:\\d{4}}/{slug}', '/2024/hello'), { year: '2024', slug: 'hello' });
    assert.deepEqual(match('/raw/{path:.*}', '/raw/a/b'), { path: 'a/b' });
  });

  it('translates to Fastify paths and knows which are simple', () => {
    const shapes: Array<[string, string, boolean]> = [
      ['/users/{id}', '/users/:p0', true],
      ['/a/{x}/b/{y}', '/a/:p0/b/:p1', true],
      ['/time::now/{x}', '/time::::now/:p0', true],
      ['/y/{year:\\d{4}}', '/y/:p0', false],
      ['/dl/{name}.{ext}', '/dl/:p0', false],
      ['/f/*rest', '/f/*', false],
      ['/raw/{path:.*}/x', '/raw/*', false],
      ['/users/', '/users/', true],
      ['/', '/', true],
    ];
    for (const [pattern, path, simple] of shapes) {
      const compiled = compilePattern(pattern);
      assert.equal(compiled.fastifyPath, path, pattern);
      assert.equal(compiled.simple, simple, pattern);
    }
  });

  it('reads simple matches from Fastify params, refusing empty ones', () => {
    const compiled = compilePattern('/a/{x}/{y}');
    assert.deepEqual(compiled.fromFastifyParams({ p0: '1', p1: 'two' }), { x: '1', y: 'two' });
    assert.equal(compiled.fromFastifyParams({ p0: '', p1: 'two' }), null);
  });

  it('reports malformed patterns with ZIG_ERR_ROUTE_PATTERN', () => {
    const bad = ['/a/{x', '/a/x}', '/a/{}', '/a/{x-y}', '/a/{x}/{x}', '/a/{x:(}', '/a/*rest/b', '/a/{x:}'];
    for (const pattern of bad) {
      assert.throws(
        () => compilePattern(pattern),
        (error: Error & { code?: string }) =>
          error.code === 'ZIG_ERR_ROUTE_PATTERN' && error.message.includes(pattern),
        pattern,
      );
    }
  });
});

describe('generate', () => {
  it('quotes values per segment and literals as a path', () => {
    assert.equal(compilePattern('/la peña/{x}').generate({ x: 'a/b c' }), '/la%20pe%C3%B1a/a%2Fb%20c');
    assert.equal(compilePattern('/n/{x}').generate({ x: 42 }), '/n/42');
  });

  it('joins *rest items with / and escapes a / inside an item', () => {
    const compiled = compilePattern('/f/*rest');
    assert.equal(compiled.generate({ rest: ['a', 'b/c'] }), '/f/a/b%2Fc');
    assert.equal(compiled.generate({ rest: [] }), '/f/');
    assert.equal(compiled.generate({ rest: 'a/b c' }), '/f/a/b%20c');
  });

  it('checks regex params and keeps slashes for spanning regexes', () => {
    assert.equal(compilePattern('/y/{year:\\d{4}}').generate({ year: '2024' }), '/y/2024');
    assert.throws(() => compilePattern('/y/{year:\\d{4}}').generate({ year: 'abc' }), /does not match/);
    assert.equal(compilePattern('/raw/{p:.*}').generate({ p: 'a/b c' }), '/raw/a/b%20c');
  });

  it('refuses missing, empty, non-scalar and dot-segment values with ZIG_ERR_ROUTE_PARAM', () => {
    const compiled = compilePattern('/a/{x}/*rest');
    const cases: Array<Record<string, unknown>> = [
      { rest: [] },
      { x: '', rest: [] },
      { x: { toString: () => 'obj' }, rest: [] },
      { x: null, rest: [] },
      { x: '..', rest: [] },
      { x: 'ok', rest: ['a', ''] },
      { x: 'ok' },
    ];
    for (const params of cases) {
      assert.throws(
        () => compiled.generate(params),
        (error: Error & { code?: string }) => error.code === 'ZIG_ERR_ROUTE_PARAM',
        JSON.stringify(params),
      );
    }
  });
});
