// A folder's views: its listing, and the forms adding a document or a folder to it.
import { HTTPSeeOther, inject, Request, viewConfig, viewDefaults } from 'ziggurat';
import { Document, Folder } from '../resources.js';
import { TreeStore } from '../store.js';
import { readForm } from './forms.js';
import { pageValues } from './page.js';

const KINDS = { 'add-document': 'document', 'add-folder': 'folder' } as const;

/** The views of a Folder context (the root included). */
@viewDefaults({ context: Folder })
export class FolderViews {
  constructor(
    @inject(Request) private readonly request: Request,
    @inject(TreeStore) private readonly store: TreeStore,
  ) {}

  get context(): Folder {
    return this.request.context as Folder;
  }

  get kind(): 'document' | 'folder' {
    return KINDS[this.request.viewName as keyof typeof KINDS] ?? 'document';
  }

  @viewConfig({ renderer: 'folder.hbs', permission: 'view' })
  async show() {
    const { request, context } = this;
    return {
      ...pageValues(request, context),
      title: context.title,
      canEdit: await request.hasPermission('edit', context),
      children: context.children().map((child) => ({
        title: child.title,
        url: request.resourcePath(child),
        folder: child instanceof Folder,
      })),
      addDocumentUrl: request.resourcePath(context, '@@add-document'),
      addFolderUrl: request.resourcePath(context, '@@add-folder'),
    };
  }

  @viewConfig({ name: 'add-document', requestMethod: 'GET', renderer: 'form.hbs', permission: 'edit' })
  @viewConfig({ name: 'add-folder', requestMethod: 'GET', renderer: 'form.hbs', permission: 'edit' })
  addForm() {
    return this.#form({ title: '', body: '', errors: [] });
  }

  @viewConfig({ name: 'add-document', requestMethod: 'POST', renderer: 'form.hbs', permission: 'edit' })
  @viewConfig({ name: 'add-folder', requestMethod: 'POST', renderer: 'form.hbs', permission: 'edit' })
  add() {
    const form = readForm(this.request.body);
    if (form.errors.length > 0) {
      this.request.response.status = 400;
      return this.#form(form);
    }
    const name = this.context.freeName(form.title);
    const child =
      this.kind === 'document' ? new Document(name, form.title, form.body) : new Folder(name, form.title);
    this.context.add(child);
    this.store.save();
    return new HTTPSeeOther(this.request.resourcePath(child));
  }

  #form(form: { title: string; body: string; errors: string[] }) {
    const { request, context, kind } = this;
    return {
      ...pageValues(request, context),
      title: `Add a ${kind} to ${context.title}`,
      action: request.resourcePath(context, `@@add-${kind}`),
      withBody: kind === 'document',
      form,
      cancelUrl: request.resourcePath(context),
    };
  }
}
