// Property tests: random patterns and values round-trip through routePath and a real request.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Request, URLGenerationError } from '../../lib/index.js';
import { appWith, call } from '../helpers.js';

const literal = fc
  .stringMatching(/^[a-zA-Zé日 ._~-]{1,6}$/)
  .filter((text) => text.trim() === text && !/^\.+$/.test(text));
const value = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 8 })
  .filter((text) => text !== '.' && text !== '..');
const digits = fc.stringMatching(/^\d{1,6}$/);

type Piece = { kind: 'literal'; text: string } | { kind: 'param' } | { kind: 'digits' };
const piece: fc.Arbitrary<Piece> = fc.oneof(
  literal.map((text) => ({ kind: 'literal' as const, text })),
  fc.constant({ kind: 'param' as const }),
  fc.constant({ kind: 'digits' as const }),
);

function patternOf(pieces: Piece[], rest: boolean): string {
  const segments = pieces.map((p, i) =>
    p.kind === 'literal' ? p.text : p.kind === 'param' ? `{v${i}}` : `{v${i}:\\d+}`,
  );
  return `/${segments.join('/')}${rest ? '/*rest' : ''}`;
}

describe('route patterns (property)', () => {
  it('routePath then a request to that path gives back the same matchdict', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        fc.array(value, { maxLength: 3 }),
        fc.array(value, { minLength: 4, maxLength: 4 }),
        fc.array(digits, { minLength: 4, maxLength: 4 }),
        async (pieces, rest, restValues, values, numbers) => {
          const pattern = patternOf(pieces, rest);
          const params: Record<string, unknown> = {};
          pieces.forEach((p, i) => {
            if (p.kind === 'param') params[`v${i}`] = values[i];
            if (p.kind === 'digits') params[`v${i}`] = numbers[i];
          });
          if (rest) params.rest = restValues;
          const app = await appWith((config) => {
            config.addRoute('r', pattern);
            config.addView(
              (request: Request) => ({ match: request.matchdict, path: request.routePath('r', { params }) }),
              {
                routeName: 'r',
                renderer: 'json',
              },
            );
            config.addRoute('gen', '/__gen__');
            config.addView((request: Request) => ({ path: request.routePath('r', { params }) }), {
              routeName: 'gen',
              renderer: 'json',
            });
          });
          const path = (await call(app, '/__gen__')).json?.path as string;
          const res = await call(app, path);
          assert.equal(res.status, 200, `${pattern} ${path}`);
          assert.deepEqual(res.json?.match, params, `${pattern} ${path}`);
          await app.close();
        },
      ),
      { numRuns: 60 },
    );
  });

  it('random raw paths never answer 5xx', async () => {
    const app = await appWith((config) => {
      config.addRoute('one', '/a/{x}');
      config.addRoute('regex', '/b/{x:\\d+}/{y}.{z}');
      config.addRoute('rest', '/c/*rest');
      config.addRoute('span', '/d/{p:.*}');
      for (const name of ['one', 'regex', 'rest', 'span']) {
        config.addView((request: Request) => ({ match: request.matchdict }), {
          routeName: name,
          renderer: 'json',
        });
      }
      config.addView(() => ({ root: true }), { renderer: 'json' });
    });
    const segment = fc.oneof(
      fc.string({ maxLength: 6 }).map(encodeURIComponent),
      fc.stringMatching(/^(%[0-9A-Fa-f]{0,2}|[a-z%./]){0,6}$/),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('a', 'b', 'c', 'd', 'x'),
        fc.array(segment, { maxLength: 4 }),
        async (head, tail) => {
          const res = await call(app, `/${[head, ...tail].join('/')}`);
          assert.ok(res.status < 500, `${head}/${tail.join('/')} -> ${res.status}`);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('placeholders sharing a segment (property)', () => {
  const separator = fc.constantFrom('.', '-', '_', '~', ',', ';', '@', '.-', ' ', 'é');

  it('generates a path that matches back to the same values, or refuses with ZIG_ERR_ROUTE_PARAM', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(separator, { minLength: 1, maxLength: 3 }),
        fc.array(value, { minLength: 4, maxLength: 4 }),
        fc.boolean(),
        async (separators, values, plainValues) => {
          const names = ['a', 'b', 'c', 'd'].slice(0, separators.length + 1);
          const pattern = `/m/${names.map((name, i) => `{${name}}${separators[i] ?? ''}`).join('')}`;
          const params: Record<string, string> = {};
          names.forEach((name, i) => {
            params[name] = plainValues ? `v${i}` : (values[i] as string);
          });
          const app = await appWith((config) => {
            config.addRoute('r', pattern);
            config.addView((request: Request) => ({ match: request.matchdict }), {
              routeName: 'r',
              renderer: 'json',
            });
            config.addRoute('gen', '/__gen__');
            config.addView(
              (request: Request) => {
                try {
                  return { path: request.routePath('r', { params }) };
                } catch (error) {
                  return { refused: (error as URLGenerationError).code };
                }
              },
              { routeName: 'gen', renderer: 'json' },
            );
          });
          const generated = (await call(app, '/__gen__')).json as { path?: string; refused?: string };
          if (plainValues) assert.equal(typeof generated.path, 'string', `${pattern} refused plain values`);
          if (generated.path === undefined) assert.equal(generated.refused, 'ZIG_ERR_ROUTE_PARAM');
          else
            assert.deepEqual(
              (await call(app, generated.path)).json?.match,
              params,
              `${pattern} ${generated.path}`,
            );
          await app.close();
        },
      ),
      { numRuns: 60 },
    );
  });
});
