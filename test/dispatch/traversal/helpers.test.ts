import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  findAncestor,
  findResource,
  findRoot,
  inside,
  lineage,
  ResourceNotFoundError,
  resourcePath,
  resourcePathTuple,
  traverse,
} from '../../../lib/index.js';
import { Document, Folder, makeTree, SpecialFolder } from '../../tree.js';

describe('traversal helpers', () => {
  it('lineage walks from the resource up to the root', () => {
    const { readme } = makeTree();
    assert.deepEqual(
      lineage(readme).map((node) => node.__name__),
      ['readme', 'docs', ''],
    );
  });

  it('findRoot and resourcePathTuple', () => {
    const { root, deeper } = makeTree();
    assert.equal(findRoot(deeper), root);
    assert.deepEqual(resourcePathTuple(deeper), ['', 'docs', 'deep', 'deeper']);
    assert.deepEqual(resourcePathTuple(root), ['']);
  });

  it('resourcePathTuple appends elements; resourcePath quotes the names, and findResource reads it back', async () => {
    const { root, deeper, slashed } = makeTree();
    assert.deepEqual(resourcePathTuple(deeper, 'a', 'b'), ['', 'docs', 'deep', 'deeper', 'a', 'b']);
    assert.deepEqual(resourcePathTuple(root, 'a'), ['', 'a']);
    assert.equal(resourcePath(root), '/');
    assert.equal(resourcePath(deeper), '/docs/deep/deeper');
    assert.equal(resourcePath(deeper, 'x y', 'z'), '/docs/deep/deeper/x%20y/z');
    assert.equal(resourcePath(root, 'a'), '/a');
    assert.equal(resourcePath(slashed), '/a%20b/x%2Fy');
    for (const resource of [root, deeper, slashed]) {
      assert.equal(await findResource(root, resourcePath(resource)), resource);
    }
  });

  it("inside: the resource is the ancestor or below it (Pyramid's inside)", () => {
    const { root, docs, deep, deeper, readme, spaced } = makeTree();
    assert.equal(inside(deeper, docs), true);
    assert.equal(inside(deeper, root), true);
    assert.equal(inside(deep, deep), true);
    assert.equal(inside(docs, deeper), false);
    assert.equal(inside(readme, spaced), false);
  });

  it('findAncestor finds the nearest instance in the lineage, the resource included', () => {
    const { docs, deeper, readme } = makeTree();
    assert.equal(findAncestor(deeper, SpecialFolder), docs);
    assert.equal(findAncestor(readme, Document), readme);
    assert.equal(findAncestor(docs, Document), undefined);
  });

  it('findResource follows absolute, relative and tuple paths, decoding each segment', async () => {
    const { root, docs, deeper, slashed } = makeTree();
    assert.equal(await findResource(deeper, '/docs'), docs);
    assert.equal(await findResource(docs, 'deep/deeper'), deeper);
    // like traversal, '..' never climbs above where the walk starts
    assert.equal(await findResource(deeper, '../..'), deeper);
    assert.equal(await findResource(deeper, '/docs/deep/../readme'), docs.__getitem__('readme'));
    assert.equal(await findResource(root, '/a%20b/x%2Fy'), slashed);
    assert.equal(await findResource(root, ['', 'docs', 'deep']), docs.__getitem__('deep'));
    assert.equal(await findResource(deeper, '/'), root);
  });

  it('findResource throws ResourceNotFoundError when the path does not end at a resource', async () => {
    const { root } = makeTree();
    await assert.rejects(findResource(root, '/docs/missing/more'), (error: ResourceNotFoundError) => {
      assert.equal(error.code, 'ZIG_ERR_RESOURCE_NOT_FOUND');
      assert.match(error.message, /missing/);
      return true;
    });
    await assert.rejects(findResource(root, '/docs/readme/child'), ResourceNotFoundError);
  });

  it('traverse gives context, view name, subpath and traversed', async () => {
    const { root, docs, readme } = makeTree();
    assert.deepEqual(await traverse(root, '/docs/readme/edit/more/parts'), {
      context: readme,
      viewName: 'edit',
      subpath: ['more', 'parts'],
      traversed: ['docs', 'readme'],
      root,
    });
    const viaAt = await traverse(root, '/docs/@@readme');
    assert.equal(viaAt.context, docs);
    assert.equal(viaAt.viewName, 'readme');
    const relative = await traverse(docs, 'deep');
    assert.equal(relative.context, docs.__getitem__('deep'));
  });

  it('never reaches object internals through path segments', async () => {
    const { root } = makeTree();
    for (const name of [
      'constructor',
      '__proto__',
      'toString',
      'hasOwnProperty',
      'children',
      '__getitem__',
    ]) {
      const found = await traverse(root, `/${name}/x`);
      assert.equal(found.context, root, name);
      assert.equal(found.viewName, name);
    }
    assert.ok(new Folder('', null).__getitem__('constructor') === undefined);
  });
});
