// Keeps the resource tree in memory, and in a JSON file when the `tree.file` setting names one.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Document, Folder, Root } from './resources.js';

/** A folder or document as stored in the JSON file. */
type Stored =
  | { type: 'document'; title: string; body: string }
  | { type: 'folder'; title: string; children: Record<string, Stored> };

function toStored(resource: Folder | Document): Stored {
  if (resource instanceof Document) return { type: 'document', title: resource.title, body: resource.body };
  const children: Record<string, Stored> = {};
  for (const child of resource.children()) children[child.__name__] = toStored(child);
  return { type: 'folder', title: resource.title, children };
}

function fillFolder(folder: Folder, children: Record<string, Stored>): Folder {
  for (const [name, stored] of Object.entries(children)) {
    if (stored.type === 'document') folder.add(new Document(name, stored.title, stored.body));
    else fillFolder(folder.add(new Folder(name, stored.title)), stored.children);
  }
  return folder;
}

/** The tree a new site starts with. */
export function seedTree(title: string): Root {
  const root = new Root(title);
  root.add(
    new Document(
      'welcome',
      'Welcome',
      'This site is a tree of folders and documents. Sign in as the editor to add and edit pages.',
    ),
  );
  return root;
}

/**
 * The tree and where it is saved: `new TreeStore('var/tree.json', 'My Site')` reads the file (or
 * starts from the seed tree); `new TreeStore(undefined, ...)` keeps the tree in memory only.
 */
export class TreeStore {
  readonly root: Root;
  readonly #file: string | undefined;

  constructor(file: string | undefined, title: string) {
    this.#file = file ? resolve(file) : undefined;
    this.root = this.#file && existsSync(this.#file) ? this.#load(this.#file, title) : seedTree(title);
  }

  #load(file: string, title: string): Root {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Stored;
    if (stored.type !== 'folder') throw new Error(`${file} does not hold a folder at its root`);
    return fillFolder(new Root(stored.title || title), stored.children) as Root;
  }

  /** Write the tree to the file (through a temporary file, so a crash never leaves half a file). */
  save(): void {
    if (!this.#file) return;
    mkdirSync(dirname(this.#file), { recursive: true });
    const temporary = `${this.#file}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(toStored(this.root), null, 2)}\n`);
    renameSync(temporary, this.#file);
  }
}
