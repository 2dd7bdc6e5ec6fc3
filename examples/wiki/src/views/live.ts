// Live notices: a page open in a browser is told, over server-sent events, when someone else saves it.
// Saving publishes on the page's broadcaster channel (across processes with `realtime.redis`); each open
// page streams its channel from /{pagename}/changes.
import { inject, injectable, Request, viewConfig } from 'ziggurat';
import { isWikiWord } from '../wikiwords.js';

/** What a change notice carries: the page, who saved it, where to read the new version. */
export interface PageChanged {
  readonly page: string;
  readonly by: string | null;
  readonly url: string;
}

/** The broadcaster channel of one page. */
export function pageChannel(pagename: string): string {
  return `page:${pagename}`;
}

/** Requests that will announce a change: the SQL add-on may run a view again when its transaction is retried. */
const ANNOUNCING = new WeakSet<Request>();

/**
 * Tell the pages open on `pagename` that `userid` saved it, once the request's response is a success
 * (so its transaction has committed: a page reloaded on the notice shows the new version). A broadcast
 * that fails (Redis away) is logged: the save has happened, only the notice is lost.
 * @example announceChange(request, 'FrontPage', 'editor');
 */
export function announceChange(request: Request, pagename: string, userid: string | null): void {
  if (ANNOUNCING.has(request)) return;
  ANNOUNCING.add(request);
  const notice: PageChanged = {
    page: pagename,
    by: userid,
    url: request.routePath('view_page', { params: { pagename } }),
  };
  request.addResponseCallback((_request, response) => {
    if (response.status >= 400) return;
    request.registry.broadcaster
      .publish(pageChannel(pagename), notice)
      .catch((error: unknown) =>
        request.fastify.request.log.warn(
          { err: error, page: pagename },
          'The change notice was not broadcast',
        ),
      );
  });
}

/** GET /{pagename}/changes: the page's change notices as `changed` events, for as long as it is open. */
@injectable()
export class LiveViews {
  readonly #request: Request;

  constructor(@inject(Request) request: Request) {
    this.#request = request;
  }

  @viewConfig({ routeName: 'page_changes', renderer: 'sse', requestMethod: 'GET' })
  changes() {
    const pagename = String(this.#request.matchdict.pagename ?? '');
    if (!isWikiWord(pagename)) return [];
    const { broadcaster } = this.#request.registry;
    return broadcaster.stream(pageChannel(pagename), { signal: this.#request.signal }).asEvents('changed');
  }
}
