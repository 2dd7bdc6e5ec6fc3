// The app the server tests (timeouts, body limit, proxies, shutdown) serve: cheap and busy routes, health.
import health from '../../../addons/health/index.js';
import { Configurator, type Request, type Settings } from '../../../lib/index.js';

/** Keeps the event loop busy for `?ms=` milliseconds (at most 100), so that connections queue up. */
function busy(request: Request) {
  const ms = Math.min(Number(request.query.ms ?? 0) || 0, 100);
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // spin: the point is to hold the event loop, as a CPU-heavy view would
  }
  request.response.contentType = 'text/plain';
  return 'done';
}

/** The size of the request body, once it has all arrived. */
function echo(request: Request) {
  return { received: String(request.body ?? '').length };
}

function scheme(request: Request) {
  return { scheme: request.scheme, url: request.url };
}

/** The server tests' entry point. */
export function main(settings: Settings): Configurator {
  const config = new Configurator({ settings });
  config.include(health);
  config.addRoute('busy', '/busy');
  config.addView(busy, { routeName: 'busy', renderer: 'string' });
  config.addRoute('echo', '/echo');
  config.addView(echo, { routeName: 'echo', requestMethod: 'POST', renderer: 'json' });
  config.addRoute('scheme', '/scheme');
  config.addView(scheme, { routeName: 'scheme', renderer: 'json' });
  return config;
}
