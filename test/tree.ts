// A small resource tree for traversal tests: folders hold children in a Map, documents have none.
import type { Resource } from '../lib/index.js';

export class Folder implements Resource {
  readonly children = new Map<string, Folder | Document>();
  constructor(
    readonly __name__: string,
    readonly __parent__: Folder | null,
  ) {}

  __getitem__(name: string): Folder | Document | undefined {
    return this.children.get(name);
  }

  add<T extends Folder | Document>(make: (parent: Folder) => T): T {
    const item = make(this);
    this.children.set(item.__name__, item);
    return item;
  }
}

export class SpecialFolder extends Folder {}

export class Document implements Resource {
  constructor(
    readonly __name__: string,
    readonly __parent__: Folder,
    readonly body = '',
  ) {}
}

/** A folder whose __getitem__ answers with a promise. */
export class AsyncFolder implements Resource {
  readonly __name__ = '';
  readonly __parent__ = null;
  readonly children = new Map<string, Folder>();

  async __getitem__(name: string): Promise<Folder | undefined> {
    await new Promise((resolve) => setImmediate(resolve));
    return this.children.get(name);
  }
}

/** root / docs (SpecialFolder) / [readme (Document), deep / deeper] ; root / 'a b' / 'x/y' */
export function makeTree() {
  const root = new Folder('', null);
  const docs = root.add((parent) => new SpecialFolder('docs', parent));
  const readme = docs.add((parent) => new Document('readme', parent, 'Read me'));
  const deep = docs.add((parent) => new Folder('deep', parent));
  const deeper = deep.add((parent) => new Folder('deeper', parent));
  const spaced = root.add((parent) => new Folder('a b', parent));
  const slashed = spaced.add((parent) => new Document('x/y', parent, 'slash'));
  return { root, docs, readme, deep, deeper, spaced, slashed };
}
