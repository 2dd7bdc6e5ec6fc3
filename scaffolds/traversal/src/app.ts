// The app's entry point: `ziggurat serve` calls main(settings) with the [app] section of a settings file.
import { Configurator, type Settings } from 'ziggurat';
import csrf from 'ziggurat/addons/csrf';
import handlebars from 'ziggurat/addons/handlebars';
import health from 'ziggurat/addons/health';
import session from 'ziggurat/addons/session';
import { STATIC, TEMPLATES } from './paths.js';
import { EditorSecurityPolicy } from './security.js';
import { withSessionSecret } from './session-secret.js';
import { TreeStore } from './store.js';

declare module 'ziggurat' {
  interface Settings {
    /** The site's title, shown on the root folder of a new tree. */
    'site.title'?: string;
    /** The JSON file holding the tree (relative to the working directory); unset keeps it in memory. */
    'tree.file'?: string;
    /** The editor's user name (default `editor`). */
    'auth.user'?: string;
    /** The editor's password; empty means nobody can sign in, so nobody can edit (the pages say so). */
    'auth.password'?: string;
  }
}

/**
 * Make the app's configuration; `config.makeApp()` turns it into a ready Fastify instance.
 * @example const app = await main({ 'auth.password': 'secret' }).makeApp();
 */
export function main(settings: Settings): Configurator {
  const config = new Configurator({ settings: withSessionSecret(settings) });
  // /_health/live and /_health/ready for a load balancer, and 503 with Retry-After when overloaded.
  config.include(health);
  const store = new TreeStore(
    settings['tree.file'] || undefined,
    settings['site.title'] || '__PROJECT_TITLE__',
  );
  config.registry.container.bind(TreeStore).toConstantValue(store);
  config.setRootFactory(() => store.root);
  config.setSecurityPolicy(
    new EditorSecurityPolicy({
      user: settings['auth.user'] || 'editor',
      password: settings['auth.password'] ?? '',
    }),
  );
  config.setDefaultPermission('view');
  // Browsers send Basic credentials with every request to the site, a form on another site posting
  // here included: every POST must carry the CSRF token of one of this site's forms (kept in the session).
  config.include(session);
  config.include(csrf);
  config.include(handlebars);
  config.addHandlebarsDirectory(TEMPLATES);
  config.addStaticView('static', STATIC, { cacheBust: true });
  config.scan(new URL('./views/', import.meta.url));
  return config;
}
