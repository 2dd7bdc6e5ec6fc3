// The page views: view a page, edit it, add a missing one. Everyone may view; editors may add and edit.
import { HTTPConflict, HTTPNotFound, HTTPSeeOther, inject, injectable, Request, viewConfig } from 'ziggurat';
import { readableDate } from '../dates.js';
import { type Page, PageRepository } from '../models/pages.js';
import { ADD, EDIT } from '../security.js';
import { isWikiWord, renderBody, wikiWordsIn } from '../wikiwords.js';
import { withLayout } from './layout.js';
import { announceChange } from './live.js';

/** The page every wiki starts from. */
export const FRONT_PAGE = 'FrontPage';

/**
 * Adding a page that exists (another editor added it meanwhile, or the form was sent twice): a 409
 * that the wiki's page for it links to the page's edit form.
 * @example throw new PageExists('TeaTime', '/TeaTime/edit_page');
 */
export class PageExists extends HTTPConflict {
  constructor(
    readonly pagename: string,
    readonly editUrl: string,
  ) {
    super({ detail: `The page ${pagename} exists already: edit it instead.` });
  }
}

/**
 * Views of wiki pages, one instance per request (the container injects the request).
 * @example config.scan(pageViews); // GET /FrontPage, GET|POST /FrontPage/edit_page, GET|POST /add_page/NewPage
 */
@injectable()
export class PageViews {
  readonly #request: Request;
  readonly #pages: PageRepository;

  constructor(@inject(Request) request: Request) {
    this.#request = request;
    this.#pages = new PageRepository(request.db);
  }

  @viewConfig({ routeName: 'home', requestMethod: 'GET' })
  home() {
    return new HTTPSeeOther(this.#pageUrl('view_page', FRONT_PAGE));
  }

  @viewConfig({ routeName: 'view_page', renderer: 'view.hbs', requestMethod: 'GET' })
  async view() {
    const page = await this.#existingPage();
    const canEdit = await this.#request.hasPermission(EDIT);
    return withLayout(this.#request, {
      title: page.name,
      page: {
        name: page.name,
        author: page.author,
        updatedAt: page.updated_at,
        updatedText: readableDate(page.updated_at),
      },
      content: await this.#render(page.body),
      changesUrl: this.#request.routePath('page_changes', { params: { pagename: page.name } }),
      editUrl: canEdit ? this.#pageUrl('edit_page', page.name) : null,
    });
  }

  @viewConfig({ routeName: 'edit_page', renderer: 'edit.hbs', permission: EDIT, requestMethod: 'GET' })
  async editForm() {
    const page = await this.#existingPage();
    return this.#form(`Editing ${page.name}`, page.name, page.body, this.#pageUrl('edit_page', page.name));
  }

  @viewConfig({ routeName: 'edit_page', permission: EDIT, requestMethod: 'POST' })
  async save() {
    const page = await this.#existingPage();
    const userid = await this.#userid();
    await this.#pages.update(page.name, this.#submittedBody(), userid);
    announceChange(this.#request, page.name, userid);
    return new HTTPSeeOther(this.#pageUrl('view_page', page.name));
  }

  @viewConfig({ routeName: 'add_page', renderer: 'edit.hbs', permission: ADD, requestMethod: 'GET' })
  async addForm() {
    const name = this.#pageName();
    if (await this.#pages.find(name)) return new HTTPSeeOther(this.#pageUrl('edit_page', name));
    return this.#form(`Adding ${name}`, name, '', this.#pageUrl('add_page', name));
  }

  @viewConfig({ routeName: 'add_page', permission: ADD, requestMethod: 'POST' })
  async add() {
    const name = this.#pageName();
    if (!(await this.#pages.add(name, this.#submittedBody(), await this.#userid())))
      throw new PageExists(name, this.#pageUrl('edit_page', name));
    return new HTTPSeeOther(this.#pageUrl('view_page', name));
  }

  /** The page name in the URL; a name that is not a WikiWord is no page (404). */
  #pageName(): string {
    const name = String(this.#request.matchdict.pagename ?? '');
    if (!isWikiWord(name)) throw new HTTPNotFound({ detail: `${name} is not a WikiWord` });
    return name;
  }

  async #existingPage(): Promise<Page> {
    const name = this.#pageName();
    const page = await this.#pages.find(name);
    if (!page) throw new HTTPNotFound({ detail: `There is no page ${name} yet` });
    return page;
  }

  #submittedBody(): string {
    const body = (this.#request.body as Record<string, unknown> | undefined)?.body;
    return typeof body === 'string' ? body : '';
  }

  async #userid(): Promise<string | null> {
    return (await this.#request.authenticatedUserid) as string | null;
  }

  #pageUrl(route: 'view_page' | 'edit_page' | 'add_page', pagename: string): string {
    return this.#request.routePath(route, { params: { pagename } });
  }

  async #render(body: string): Promise<string> {
    const existing = await this.#pages.existing(wikiWordsIn(body));
    return renderBody(body, {
      exists: (name) => existing.has(name),
      viewUrl: (name) => this.#pageUrl('view_page', name),
      addUrl: (name) => this.#pageUrl('add_page', name),
    });
  }

  #form(title: string, name: string, body: string, saveUrl: string) {
    return withLayout(this.#request, { title, name, body, saveUrl });
  }
}
