// ziggurat/addons/openapi: the app's OpenAPI 3.1 document, built from its committed views, served with
// a reference page (Swagger UI, from the app itself), and printed by `ziggurat openapi`.
import { type Configurator, PHASE } from '../../lib/index.js';
import { openApiCommand } from './command.js';
import { buildDocument } from './document.js';
import { checkOperationIds, planOperations } from './plan.js';
import { serveDocument } from './serve.js';
import { OPENAPI_SETTINGS, type OpenApiOptions, readOpenApiOptions } from './settings.js';

export { openApiCommand } from './command.js';
export { openApiDocument } from './document.js';
export { type OpenApiOptions, readOpenApiOptions, type SecurityScheme } from './settings.js';

declare module '../../lib/index.js' {
  interface Settings {
    /** Where the document is served (default `/openapi.json`; `false`: not served). */
    'openapi.path'?: string;
    /** Where the API reference page is served (default `/docs`; `false`: not served). */
    'openapi.ui'?: string;
    /** The document's `info.title` (default `API`). */
    'openapi.title'?: string;
    /** The API's version, `info.version` (default `0.1.0`). */
    'openapi.version'?: string;
    /** The document's `info.description`. */
    'openapi.description'?: string;
    /** The server URLs clients call (default: none, the document's own origin). */
    'openapi.servers'?: string | readonly string[];
    /** How clients authenticate: `cookie <name>` (default the session cookie), `header <name>`, `query <name>`, `basic` or `bearer`. */
    'openapi.securityScheme'?: string;
  }
}

/**
 * Action order of the operationId check: after the views (recorded at PHASE.DEFAULT), so that the
 * check sees them all and a clash fails the commit.
 */
const AFTER_VIEWS = PHASE.DEFAULT + 1;

/**
 * Include with `config.include(openapi)`: `GET /openapi.json` answers the app's OpenAPI 3.1 document,
 * `GET /docs` a reference page to read and try the API, and `ziggurat openapi` prints the document.
 * Every route with views is a path; each view's `schema`, `summary`, `description`, `tags`,
 * `operationId`, `deprecated` and `permission` describe its operations.
 * @example
 * import openapi from 'ziggurat/addons/openapi';
 * const config = new Configurator({ settings: { 'openapi.title': 'Notes API', 'openapi.version': '1.2.0' } });
 * config.include(openapi);
 */
export function includeme(config: Configurator): void {
  let options: OpenApiOptions | null = null;
  config.declareSettings('openapi', OPENAPI_SETTINGS);
  config.addCommand(openApiCommand);
  config.action(
    'ziggurat.openapi',
    () => {
      options = readOpenApiOptions(config.registry.settings);
    },
    { order: PHASE.EXTENSIONS },
  );
  config.action('ziggurat.openapi operationIds', () => checkOperationIds(planOperations(config)), {
    order: AFTER_VIEWS,
  });
  config.configureFastify(async (app, registry) => {
    if (options === null) return;
    const document = buildDocument(registry, options, registry.securityPolicy !== null);
    await serveDocument(app, document, options);
  });
}

export default includeme;
