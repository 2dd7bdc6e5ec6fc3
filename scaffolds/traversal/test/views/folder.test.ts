// Unit tests of the folder views: a DummyRequest with the folder as its context, no server.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HTTPSeeOther } from 'ziggurat';
import { DummyRequest } from 'ziggurat/testing';
import { Document, Folder } from '../../src/resources.js';
import { TreeStore } from '../../src/store.js';
import { FolderViews } from '../../src/views/folder.js';

function setup(options: { method?: string; body?: unknown; viewName?: string } = {}) {
  const store = new TreeStore(undefined, 'Site');
  const request = new DummyRequest({ method: options.method, body: options.body, context: store.root });
  request.viewName = options.viewName ?? '';
  return { store, request, views: new FolderViews(request, store) };
}

describe('FolderViews', () => {
  it('lists the children with their paths', async () => {
    const { views } = setup();
    const values = await views.show();
    assert.equal(values.title, 'Site');
    assert.deepEqual(values.children, [{ title: 'Welcome', url: '/welcome/', folder: false }]);
    assert.deepEqual(values.crumbs, [{ title: 'Site', url: '/' }]);
  });

  it('adds a document from the form and redirects to it', () => {
    const { store, views } = setup({
      method: 'POST',
      viewName: 'add-document',
      body: { title: ' First post ', body: 'Hello' },
    });
    const result = views.add();
    assert.ok(result instanceof HTTPSeeOther);
    assert.equal(result.headers.get('location'), '/first-post/');
    const added = store.root.__getitem__('first-post');
    assert.ok(added instanceof Document);
    assert.equal(added.title, 'First post');
    assert.equal(added.body, 'Hello');
  });

  it('adds a folder when asked through add-folder', () => {
    const { store, views } = setup({ method: 'POST', viewName: 'add-folder', body: { title: 'Notes' } });
    views.add();
    assert.ok(store.root.__getitem__('notes') instanceof Folder);
  });

  it('shows the form again with the errors, as a 400, when the title is missing', () => {
    const { store, request, views } = setup({
      method: 'POST',
      viewName: 'add-document',
      body: { title: '  ' },
    });
    const result = views.add() as { form: { errors: string[] } };
    assert.equal(request.response.status, 400);
    assert.deepEqual(result.form.errors, ['The title is required.']);
    assert.equal(store.root.children().length, 1);
  });
});
