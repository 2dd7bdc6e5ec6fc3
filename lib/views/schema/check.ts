// Checks the shape of a view's `schema` option where addView (or @viewConfig) is called, so a
// misspelt part or status names the user's line before anything is compiled.
import { ConfigurationError, closestName } from '../../errors.js';
import { REQUEST_PARTS } from './types.js';

const SCHEMA_KEYS: readonly string[] = [...REQUEST_PARTS, 'response'];

/** A response status key: `200`, `'2XX'` (or `'2xx'`), `'default'`, as OpenAPI and Fastify write them. */
const STATUS_KEY = /^(?:[1-5](?:\d\d|xx)|default)$/i;

/** The call site checked; its location is worked out only for an error message (it costs). */
type Where = { readonly location: string };

function schemaError(message: string, where: Where): ConfigurationError {
  return new ConfigurationError(`${message} at ${where.location}`, { code: 'ZIG_ERR_SCHEMA' });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isSchema(value: unknown): boolean {
  return isObject(value) || typeof value === 'boolean';
}

function checkKey(key: string, where: Where): void {
  if (SCHEMA_KEYS.includes(key)) return;
  // Fastify calls the query `querystring`: say which name Ziggurat uses.
  const close = key === 'querystring' ? 'query' : closestName(key, SCHEMA_KEYS);
  const hint = close === null ? '' : ` (did you mean '${close}'?)`;
  throw schemaError(`schema: unknown part '${key}'${hint} (parts: ${SCHEMA_KEYS.join(', ')})`, where);
}

function checkResponse(response: unknown, where: Where): void {
  if (!isObject(response)) throw schemaError('schema.response must map statuses to schemas', where);
  for (const [status, schema] of Object.entries(response)) {
    if (!STATUS_KEY.test(status)) {
      throw schemaError(`schema.response: '${status}' is not a status (200, '2XX' or 'default')`, where);
    }
    if (!isSchema(schema)) throw schemaError(`schema.response[${status}] must be a JSON Schema`, where);
  }
}

/**
 * Node gives header names in lower case: a schema naming `X-Api-Key` would never see it, and the
 * type it gives `request.validated.headers` would lie, so upper-case names are refused.
 */
function checkHeaderNames(schema: unknown, where: Where): void {
  if (!isObject(schema)) return;
  const names = [
    ...Object.keys(isObject(schema.properties) ? schema.properties : {}),
    ...(Array.isArray(schema.required) ? schema.required.map(String) : []),
  ];
  const upper = names.find((name) => name !== name.toLowerCase());
  if (upper !== undefined) {
    throw schemaError(
      `schema.headers: header names are lower case, as Node gives them: write '${upper.toLowerCase()}' for '${upper}'`,
      where,
    );
  }
}

/** Check the `schema` option of a view; `where` is the call site (a CallSite). */
export function checkViewSchema(schema: unknown, where: Where): void {
  if (!isObject(schema)) {
    throw schemaError(
      'The schema option must be an object of JSON Schemas (body, query, params, headers, response)',
      where,
    );
  }
  for (const [key, value] of Object.entries(schema)) {
    checkKey(key, where);
    if (value === undefined) continue;
    if (key === 'response') checkResponse(value, where);
    else if (!isSchema(value)) throw schemaError(`schema.${key} must be a JSON Schema`, where);
  }
  checkHeaderNames(schema.headers, where);
}
