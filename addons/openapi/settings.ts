// The OpenAPI add-on's settings, read and checked once at commit: where the document and the reference
// page are served, the document's title, version and servers, and how clients authenticate.
import { asList, type Settings, ZigguratError } from '../../lib/index.js';

/** An OpenAPI security scheme object (`components.securitySchemes.<name>`). */
export type SecurityScheme =
  | { readonly type: 'apiKey'; readonly in: 'cookie' | 'header' | 'query'; readonly name: string }
  | { readonly type: 'http'; readonly scheme: 'basic' | 'bearer' };

/** The OpenAPI add-on's settings, checked and with their defaults. */
export interface OpenApiOptions {
  /** Where the document is served (`openapi.path`, default `/openapi.json`); null: not served. */
  readonly path: string | null;
  /** Where the reference page is served (`openapi.ui`, default `/docs`); null: not served. */
  readonly ui: string | null;
  /** `info.title` (`openapi.title`, default `API`). */
  readonly title: string;
  /** `info.version`, the API's own version (`openapi.version`, default `0.1.0`). */
  readonly version: string;
  /** `info.description` (`openapi.description`), or null. */
  readonly description: string | null;
  /** The server URLs clients call (`openapi.servers`, default none: the document's own origin). */
  readonly servers: readonly string[];
  /** How clients authenticate (`openapi.securityScheme`, default the session cookie). */
  readonly securityScheme: SecurityScheme;
}

/** The keys of the `openapi.*` settings, declared with config.declareSettings so typos are reported. */
export const OPENAPI_SETTINGS: readonly string[] = [
  'path',
  'ui',
  'title',
  'version',
  'description',
  'servers',
  'securityScheme',
];

function settingError(name: string, expected: string, value: unknown): ZigguratError {
  return new ZigguratError(
    'ZIG_ERR_OPENAPI',
    `The setting '${name}' must be ${expected}, got ${JSON.stringify(value)}`,
  );
}

function text(settings: Settings, name: string): string | null {
  const value = settings[name];
  if (value === undefined || value === null) return null;
  const trimmed = String(value).trim();
  return trimmed === '' ? null : trimmed;
}

const OFF = new Set(['false', 'off', 'no', '0']);

/** A path setting: its default when unset, null when turned off (`false`). */
function servedAt(settings: Settings, name: string, fallback: string): string | null {
  const value = text(settings, name);
  if (value === null) return fallback;
  if (OFF.has(value.toLowerCase())) return null;
  if (!/^\/[^\s?#]*$/.test(value)) throw settingError(name, "a path starting with '/', or false", value);
  return value;
}

function serverUrls(settings: Settings): string[] {
  const urls = asList(settings['openapi.servers']);
  for (const url of urls) {
    if (!/^(https?:\/\/[^\s/]+(\/\S*)?|\/\S*)$/.test(url)) {
      throw settingError('openapi.servers', 'a list of URLs (http://host/base or /base)', url);
    }
  }
  return urls;
}

const SCHEME_FORMS = "'cookie <name>', 'header <name>', 'query <name>', 'basic' or 'bearer'";

/** `cookie session`, `header X-Api-Key`, `basic`, `bearer` as an OpenAPI security scheme. */
function securityScheme(settings: Settings): SecurityScheme {
  const name = 'openapi.securityScheme';
  const value = text(settings, name) ?? `cookie ${text(settings, 'session.cookieName') ?? 'session'}`;
  const [kind = '', key, ...extra] = value.split(/\s+/);
  const lower = kind.toLowerCase();
  if ((lower === 'basic' || lower === 'bearer') && key === undefined) return { type: 'http', scheme: lower };
  if (
    (lower === 'cookie' || lower === 'header' || lower === 'query') &&
    key !== undefined &&
    extra.length === 0
  ) {
    return { type: 'apiKey', in: lower, name: key };
  }
  throw settingError(name, SCHEME_FORMS, value);
}

/**
 * Read and check the OpenAPI add-on's settings (`openapi.*`); a bad value is a `ZIG_ERR_OPENAPI`.
 * @example readOpenApiOptions({ 'openapi.ui': 'false' }).ui // null
 */
export function readOpenApiOptions(settings: Settings): OpenApiOptions {
  const path = servedAt(settings, 'openapi.path', '/openapi.json');
  const ui = servedAt(settings, 'openapi.ui', '/docs');
  if (path !== null && path === ui) throw settingError('openapi.ui', 'another path than openapi.path', ui);
  return {
    path,
    ui,
    title: text(settings, 'openapi.title') ?? 'API',
    version: text(settings, 'openapi.version') ?? '0.1.0',
    description: text(settings, 'openapi.description'),
    servers: serverUrls(settings),
    securityScheme: securityScheme(settings),
  };
}
