// Apps with the debug toolbar for its tests, and readers of its pages.
import type { FastifyInstance, InjectOptions } from 'fastify';
import debugtoolbar from '../../../addons/debugtoolbar/index.js';
import { Configurator, type Request, Response, type Settings } from '../../../lib/index.js';

export const PAGE = '<!doctype html><html><head><title>t</title></head><body><p>hello</p></body></html>';

/** An app with the toolbar, a page, a JSON view and a redirect, then whatever `configure` adds. */
export async function toolbarApp(
  settings: Settings = {},
  configure: (config: Configurator) => void | Promise<void> = () => {},
): Promise<FastifyInstance> {
  const config = new Configurator({ settings });
  await config.include(debugtoolbar);
  config.addRoute('page', '/page');
  config.addView(() => new Response(PAGE, { contentType: 'text/html; charset=utf-8' }), {
    routeName: 'page',
  });
  config.addRoute('data', '/data/{id}');
  config.addView((request: Request) => ({ id: request.matchdict.id }), {
    routeName: 'data',
    renderer: 'json',
  });
  config.addRoute('away', '/away');
  config.addView(
    () => {
      const response = new Response(null, { status: 302, headers: { location: '/page' } });
      response.setCookie('flash', 'moved');
      return response;
    },
    { routeName: 'away' },
  );
  await configure(config);
  return config.makeApp();
}

/** The id of the request whose page `body` is (from the toolbar added to it). */
export function toolbarUrlIn(body: string): string | null {
  return /data-toolbar-url="([^"]+)"/.exec(body)?.[1] ?? null;
}

/** The panels page of the newest request in the history. */
export async function newestRecordUrl(app: FastifyInstance): Promise<string> {
  const history = await app.inject('/_debug_toolbar/');
  const url = /href="(\/_debug_toolbar\/requests\/[0-9a-f]+)"/.exec(history.body)?.[1];
  if (url === undefined) throw new Error(`no request in the history: ${history.body}`);
  return url;
}

/** Inject `request`, then return one panel's HTML (its section) for it, from the newest record. */
export async function panelAfter(
  app: FastifyInstance,
  request: InjectOptions | string,
  panel: string,
): Promise<string> {
  await app.inject(request);
  const page = await app.inject(await newestRecordUrl(app));
  const section = new RegExp(
    `<section class="zdt-panel" id="zdt-panel-${panel}"[^>]*>([\\s\\S]*?)</section>`,
  ).exec(page.body);
  if (section === null) throw new Error(`no ${panel} panel in ${page.body}`);
  return section[1] as string;
}
