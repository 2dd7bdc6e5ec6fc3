// Unit tests of the resource tree and its storage.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Document, Folder, Root } from '../src/resources.js';
import { TreeStore } from '../src/store.js';

describe('Folder', () => {
  it('finds its own children by name, and nothing else', () => {
    const folder = new Folder('docs', 'Docs');
    const child = folder.add(new Document('intro', 'Intro', 'Hello'));
    assert.equal(folder.__getitem__('intro'), child);
    assert.equal(child.__parent__, folder);
    assert.equal(folder.__getitem__('constructor'), undefined);
    assert.equal(folder.__getitem__('__proto__'), undefined);
  });

  it('makes free names from titles', () => {
    const folder = new Folder('docs', 'Docs');
    assert.equal(folder.freeName('Hello, World!'), 'hello-world');
    folder.add(new Document('hello-world', 'Hello, World!', ''));
    assert.equal(folder.freeName('Hello world'), 'hello-world-2');
    assert.equal(folder.freeName('@@edit'), 'edit');
    assert.equal(folder.freeName('???'), 'page');
  });

  it('refuses a second child with a taken name', () => {
    const folder = new Folder('docs', 'Docs');
    folder.add(new Folder('a', 'A'));
    assert.throws(() => folder.add(new Document('a', 'A', '')), /already exists/);
  });
});

describe('TreeStore', () => {
  const directory = mkdtempSync(join(tmpdir(), 'tree-'));
  after(() => rmSync(directory, { recursive: true, force: true }));

  it('starts from the seed tree, in memory when no file is named', () => {
    const store = new TreeStore(undefined, 'Site');
    assert.ok(store.root instanceof Root);
    assert.equal(store.root.title, 'Site');
    assert.ok(store.root.__getitem__('welcome') instanceof Document);
    store.save();
  });

  it('saves the tree to its file and reads it back', () => {
    const file = join(directory, 'nested', 'tree.json');
    const store = new TreeStore(file, 'Site');
    const notes = store.root.add(new Folder('notes', 'Notes'));
    notes.add(new Document('todo', 'To do', 'Write tests'));
    store.save();
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).children.notes.type, 'folder');

    const again = new TreeStore(file, 'Ignored');
    const todo = (again.root.__getitem__('notes') as Folder).__getitem__('todo') as Document;
    assert.equal(todo.body, 'Write tests');
    assert.equal(todo.__parent__?.__parent__, again.root);
  });
});
