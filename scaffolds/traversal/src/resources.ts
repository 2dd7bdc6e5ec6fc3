// The resource tree: folders holding documents and other folders, reached by traversal.
import { type ACL, Allow, DENY_ALL, Everyone, type Resource } from 'ziggurat';

/** The principal of users allowed to edit (see src/security.ts). */
export const EDITORS = 'group:editors';

/** A document: a title and a text body. */
export class Document implements Resource {
  __parent__: Folder | null = null;

  constructor(
    public __name__: string,
    public title: string,
    public body: string,
  ) {}
}

/** A folder: named children, in the order they were added. */
export class Folder implements Resource {
  __parent__: Folder | null = null;
  readonly #children = new Map<string, Folder | Document>();

  constructor(
    public __name__: string,
    public title: string,
  ) {}

  /** The child called `name`, for traversal; own children only, so `constructor` is just a missing name. */
  __getitem__(name: string): Folder | Document | undefined {
    return this.#children.get(name);
  }

  /** The children, in the order they were added. */
  children(): Array<Folder | Document> {
    return [...this.#children.values()];
  }

  /** Add a child under its own name (which must be free) and make this folder its parent. */
  add<T extends Folder | Document>(child: T): T {
    if (this.#children.has(child.__name__)) throw new Error(`'${child.__name__}' already exists`);
    child.__parent__ = this;
    this.#children.set(child.__name__, child);
    return child;
  }

  /** A free child name made from a title: lower case words joined by dashes, numbered when taken. */
  freeName(title: string): string {
    const base =
      title
        .normalize('NFKD')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 60) || 'page';
    let name = base;
    for (let n = 2; this.#children.has(name); n++) name = `${base}-${n}`;
    return name;
  }
}

/** The root: a folder with the site's access control list. */
export class Root extends Folder {
  /** Everyone may view, editors may edit, and everything else is denied (children inherit it). */
  readonly __acl__: ACL = [[Allow, Everyone, 'view'], [Allow, EDITORS, 'edit'], DENY_ALL];

  constructor(title: string) {
    super('', title);
  }
}
