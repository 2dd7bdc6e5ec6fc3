// /api/pages: list, read, add and update pages as JSON, under the same ACL as the HTML pages.
import { type Static, Type } from '@sinclair/typebox';
import { type Configurator, HTTPConflict, HTTPNotFound, type Request } from 'ziggurat';
import { PageRepository, type Page as PageRow } from '../models/pages.js';
import { ADD, EDIT } from '../security.js';
import { announceChange } from '../views/live.js';
import { isWikiWord } from '../wikiwords.js';
import { NewPage, Page, PageParams, PageSummary, PageUpdate } from './schemas.js';

type ApiPage = Static<typeof Page>;

/** A row as the API shows it (the response schemas keep the fields each answer declares). */
function toApi(request: Request, row: PageRow): ApiPage {
  const params = { pagename: row.name };
  return {
    name: row.name,
    url: request.routePath('api_page', { params }),
    pageUrl: request.routePath('view_page', { params }),
    author: row.author,
    updatedAt: row.updated_at,
    body: row.body,
  };
}

/** The page the URL names; a name that is not a WikiWord is no page, as on the HTML side (404). */
async function existingPage(request: Request, name: string): Promise<PageRow> {
  const page = isWikiWord(name) ? await new PageRepository(request.db).find(name) : undefined;
  if (!page) throw new HTTPNotFound({ detail: `There is no page ${name}` });
  return page;
}

async function userid(request: Request): Promise<string | null> {
  return (await request.authenticatedUserid) as string | null;
}

const TAGS = ['pages'];

/**
 * The pages API's views on the routes `api_pages` (/api/pages) and `api_page` (/api/pages/{pagename}).
 * @example config.include(addPageViews);
 */
export function addPageViews(config: Configurator): void {
  config.addView(
    async (request) => (await new PageRepository(request.db).list()).map((row) => toApi(request, row)),
    {
      routeName: 'api_pages',
      requestMethod: 'GET',
      renderer: 'json',
      summary: 'List the pages',
      tags: TAGS,
      operationId: 'listPages',
      schema: { response: { 200: Type.Array(PageSummary) } },
    },
  );
  config.addView(
    async (request) => {
      const { name, body } = request.validated.body;
      const pages = new PageRepository(request.db);
      if (!(await pages.add(name, body, await userid(request)))) {
        throw new HTTPConflict({ detail: `The page ${name} exists already: update it instead.` });
      }
      const page = toApi(request, await existingPage(request, name));
      request.response.status = 201;
      request.response.headers.set('location', page.url);
      return page;
    },
    {
      routeName: 'api_pages',
      requestMethod: 'POST',
      renderer: 'json',
      permission: ADD,
      summary: 'Add a page',
      description: 'Editors only. A page of that name answers 409.',
      tags: TAGS,
      operationId: 'addPage',
      schema: { body: NewPage, response: { 201: Page } },
    },
  );
  config.addView(
    async (request) => toApi(request, await existingPage(request, request.validated.params.pagename)),
    {
      routeName: 'api_page',
      requestMethod: 'GET',
      renderer: 'json',
      summary: 'Read a page',
      tags: TAGS,
      operationId: 'getPage',
      schema: { params: PageParams, response: { 200: Page } },
    },
  );
  config.addView(
    async (request) => {
      const page = await existingPage(request, request.validated.params.pagename);
      const { body, updatedAt } = request.validated.body;
      if (updatedAt !== undefined && updatedAt !== page.updated_at) {
        throw new HTTPConflict({
          detail: `${page.name} was saved at ${page.updated_at}, after the version you edited: read it again.`,
        });
      }
      const editor = await userid(request);
      await new PageRepository(request.db).update(page.name, body, editor);
      announceChange(request, page.name, editor);
      return toApi(request, await existingPage(request, page.name));
    },
    {
      routeName: 'api_page',
      requestMethod: 'PUT',
      renderer: 'json',
      permission: EDIT,
      summary: "Save a page's text",
      description: 'Editors only. With `updatedAt`, a page saved by someone else since answers 409.',
      tags: TAGS,
      operationId: 'updatePage',
      schema: { params: PageParams, body: PageUpdate, response: { 200: Page } },
    },
  );
}
