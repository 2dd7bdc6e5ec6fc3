// A document's views: the page, and the form editing it.
import { HTTPSeeOther, inject, Request, viewConfig, viewDefaults } from 'ziggurat';
import { Document } from '../resources.js';
import { TreeStore } from '../store.js';
import { readForm } from './forms.js';
import { pageValues } from './page.js';

/** The views of a Document context. */
@viewDefaults({ context: Document })
export class DocumentViews {
  constructor(
    @inject(Request) private readonly request: Request,
    @inject(TreeStore) private readonly store: TreeStore,
  ) {}

  get context(): Document {
    return this.request.context as Document;
  }

  @viewConfig({ renderer: 'document.hbs', permission: 'view' })
  async show() {
    const { request, context } = this;
    return {
      ...pageValues(request, context),
      title: context.title,
      body: context.body,
      canEdit: await request.hasPermission('edit', context),
      editUrl: request.resourcePath(context, '@@edit'),
    };
  }

  @viewConfig({ name: 'edit', requestMethod: 'GET', renderer: 'form.hbs', permission: 'edit' })
  editForm() {
    return this.#form({ title: this.context.title, body: this.context.body, errors: [] });
  }

  @viewConfig({ name: 'edit', requestMethod: 'POST', renderer: 'form.hbs', permission: 'edit' })
  edit() {
    const form = readForm(this.request.body);
    if (form.errors.length > 0) {
      this.request.response.status = 400;
      return this.#form(form);
    }
    this.context.title = form.title;
    this.context.body = form.body;
    this.store.save();
    return new HTTPSeeOther(this.request.resourcePath(this.context));
  }

  #form(form: { title: string; body: string; errors: string[] }) {
    const { request, context } = this;
    return {
      ...pageValues(request, context),
      title: `Edit ${context.title}`,
      action: request.resourcePath(context, '@@edit'),
      withBody: true,
      form,
      cancelUrl: request.resourcePath(context),
    };
  }
}
