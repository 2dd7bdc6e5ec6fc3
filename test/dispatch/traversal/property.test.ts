// Property tests: random trees and paths agree with a small reference model of Pyramid's algorithm.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ContextFound, type Resource, resourcePathTuple, traverse } from '../../../lib/index.js';
import { appWith, call } from '../../helpers.js';

/** A plain-object tree: each node's children in a Map, so lookups never touch prototypes. */
class Node implements Resource {
  readonly kids = new Map<string, Node>();
  constructor(
    readonly __name__: string,
    readonly __parent__: Node | null,
  ) {}
  __getitem__(name: string) {
    return this.kids.get(name);
  }
}

type Shape = Array<[string, Shape]>;

const name = fc
  .oneof(
    fc.string({
      unit: fc.constantFrom('a', 'b', 'é', ' ', '%', '/', '.', '@', '?', '#', '日'),
      minLength: 1,
      maxLength: 4,
    }),
    fc.constantFrom('constructor', '__proto__', 'toString', 'hasOwnProperty', 'kids', '__getitem__'),
  )
  .filter((text) => text !== '.' && text !== '..' && !text.startsWith('@@'));

/** A tree up to four levels deep, up to three children per node. */
const shape: fc.Arbitrary<Shape> = [1, 2, 3, 4].reduce<fc.Arbitrary<Shape>>(
  (below) => fc.array(fc.tuple(name, below), { maxLength: 3 }),
  fc.constant([]),
);

function build(tree: Shape, parent: Node): Node {
  for (const [childName, children] of tree) {
    if (!parent.kids.has(childName)) parent.kids.set(childName, build(children, new Node(childName, parent)));
  }
  return parent;
}

/** The reference model: Pyramid's traversal over decoded segments, written as plainly as possible. */
function model(root: Node, segments: readonly string[]) {
  const names: string[] = [];
  for (const segment of segments) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') names.pop();
    else names.push(segment);
  }
  let context = root;
  for (let i = 0; i < names.length; i++) {
    const segment = names[i] as string;
    const next = segment.startsWith('@@') ? undefined : context.kids.get(segment);
    if (next === undefined) {
      const viewName = segment.startsWith('@@') ? segment.slice(2) : segment;
      return { path: resourcePathTuple(context), viewName, subpath: names.slice(i + 1) };
    }
    context = next;
  }
  return { path: resourcePathTuple(context), viewName: '', subpath: [] as string[] };
}

function existingNames(root: Node): string[] {
  const found: string[] = [];
  const walk = (node: Node) => {
    for (const [key, kid] of node.kids) {
      found.push(key);
      walk(kid);
    }
  };
  walk(root);
  return found;
}

const segmentOf = (root: Node) =>
  fc.oneof(
    fc.constantFrom(...existingNames(root), 'missing'),
    fc.constantFrom('.', '..', '', '@@edit', '@@', 'constructor', '__proto__'),
    name,
  );

describe('traversal (property)', () => {
  it('traverse() agrees with the reference model on random trees and segments', async () => {
    await fc.assert(
      fc.asyncProperty(
        shape.chain((tree) => {
          const root = build(tree, new Node('', null));
          return fc.tuple(fc.constant(root), fc.array(segmentOf(root), { maxLength: 7 }));
        }),
        async ([root, segments]) => {
          const found = await traverse(root, ['', ...segments]);
          const expected = model(root, segments);
          assert.deepEqual(
            {
              path: resourcePathTuple(found.context as Node),
              viewName: found.viewName,
              subpath: found.subpath,
            },
            expected,
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('requests with random paths and escapes never give a 5xx and agree with the model', async () => {
    const rawSegment = fc.oneof(
      name.map(encodeURIComponent),
      fc.stringMatching(/^(%[0-9A-Fa-f]{0,2}|[a-z.@~!$&'()*+,;=:%-]){0,5}$/),
      fc.constantFrom('%C3%28', '%E2%82', '%FF', '%2F', '%2E', '%00'),
    );
    await fc.assert(
      fc.asyncProperty(shape, fc.array(rawSegment, { maxLength: 6 }), async (tree, raw) => {
        const root = build(tree, new Node('', null));
        const app = await appWith((config) => {
          config.setRootFactory(() => root);
          config.addSubscriber((event: ContextFound) => {
            const { request } = event;
            const seen = JSON.stringify({
              received: request.path,
              path: resourcePathTuple(request.context as Node),
              viewName: request.viewName,
              subpath: request.subpath,
            });
            request.addResponseCallback((_request, response) => {
              response.headers.set('X-Traversal', encodeURIComponent(seen));
            });
          }, ContextFound);
          config.addView(() => 'found', { renderer: 'string' });
        });
        const res = await call(app, `/${raw.join('/')}`);
        assert.ok(res.status < 500, `${raw.join('/')} -> ${res.status}: ${res.body}`);
        if (res.status === 400) return;
        const seen = JSON.parse(decodeURIComponent(String(res.headers['x-traversal'])));
        const segments = String(seen.received).split('/').map(decodeURIComponent);
        const { received: _received, ...actual } = seen;
        assert.deepEqual(actual, model(root, segments));
        await app.close();
      }),
      { numRuns: 150 },
    );
  });
});
