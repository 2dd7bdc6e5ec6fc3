// One view as an OpenAPI operation: its documentation options, its schemas as parameters, request body
// and responses, its permission as a security requirement, and the problem documents it may answer.
import { STATUS_CODES } from 'node:http';
import {
  type JSONSchema,
  NO_PERMISSION_REQUIRED,
  type PlaceholderDescription,
  type ViewDescription,
  type ViewSchema,
} from '../../lib/index.js';
import { problemRef } from './problems.js';

type JsonObject = Record<string, unknown>;

/** What operations need to know of the app beyond the view. */
export interface OperationContext {
  /** The security scheme's name, or null when the app has no security policy (permissions are not checked). */
  readonly securityScheme: string | null;
}

/** A schema as plain JSON: TypeBox's symbol-keyed members and functions left out. */
export function plainSchema(schema: JSONSchema): JsonObject | boolean {
  return JSON.parse(JSON.stringify(schema)) as JsonObject | boolean;
}

/** An object schema's properties and which are required; null for any other schema. */
function propertiesOf(
  schema: JSONSchema | undefined,
): { props: [string, JsonObject][]; required: Set<string> } | null {
  if (schema === undefined || typeof schema !== 'object') return null;
  const plain = plainSchema(schema) as JsonObject;
  const props = plain.properties;
  if (props === null || typeof props !== 'object') return null;
  const required = new Set(Array.isArray(plain.required) ? (plain.required as string[]) : []);
  return { props: Object.entries(props as Record<string, JsonObject>), required };
}

/** The path parameter of a placeholder: typed by `schema.params`, `{x:regex}` as its pattern. */
function pathParameter(placeholder: PlaceholderDescription, params: JSONSchema | undefined): JsonObject {
  const declared = propertiesOf(params)?.props.find(([name]) => name === placeholder.name)?.[1];
  const schema: JsonObject = { ...(declared ?? { type: 'string' }) };
  if (placeholder.regex !== null && schema.pattern === undefined)
    schema.pattern = `^(?:${placeholder.regex})$`;
  const parameter: JsonObject = { name: placeholder.name, in: 'path', required: true, schema };
  if (placeholder.rest) {
    parameter.description = "The rest of the path: segments separated by '/', possibly none";
    parameter['x-rest-of-path'] = true;
  }
  return parameter;
}

/** Headers OpenAPI describes elsewhere (content negotiation, security): not listed as parameters. */
const IMPLIED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

function partParameters(location: 'query' | 'header', schema: JSONSchema | undefined): JsonObject[] {
  const found = propertiesOf(schema);
  if (found === null) return [];
  return found.props
    .filter(([name]) => location !== 'header' || !IMPLIED_HEADERS.has(name.toLowerCase()))
    .map(([name, property]) => ({
      name,
      in: location,
      required: found.required.has(name),
      schema: property,
    }));
}

/** The operation's parameters: the route's placeholders, then the query's and the headers' properties. */
export function parametersOf(
  placeholders: readonly PlaceholderDescription[],
  schema: ViewSchema | null,
): JsonObject[] {
  return [
    ...placeholders.map((placeholder) => pathParameter(placeholder, schema?.params)),
    ...partParameters('query', schema?.query),
    ...partParameters('header', schema?.headers),
  ];
}

/** What a renderer sends: its media type, or null when the view makes its own Response. */
function mediaTypeOf(renderer: string | null): string | null {
  if (renderer === null) return null;
  if (renderer === 'json') return 'application/json';
  if (renderer === 'string') return 'text/plain';
  return /\.\w+$/.test(renderer) ? 'text/html' : null;
}

function statusDescription(status: string): string {
  if (status === 'default') return 'Any other status';
  if (/^[1-5]XX$/i.test(status)) return `Any ${status.toUpperCase()} status`;
  return STATUS_CODES[Number(status)] ?? `Status ${status}`;
}

function successResponses(view: ViewDescription): Record<string, JsonObject> {
  const declared = view.schema?.response;
  if (declared !== undefined && Object.keys(declared).length > 0) {
    const entries = Object.entries(declared).map(([status, schema]) => [
      /^[1-5]xx$/.test(status) ? status.toUpperCase() : status,
      {
        description: statusDescription(status),
        content: { 'application/json': { schema: plainSchema(schema) } },
      },
    ]);
    return Object.fromEntries(entries);
  }
  const mediaType = mediaTypeOf(view.renderer);
  return { 200: { description: 'OK', ...(mediaType === null ? {} : { content: { [mediaType]: {} } }) } };
}

function requiresPermission(view: ViewDescription, context: OperationContext): boolean {
  return (
    context.securityScheme !== null && view.permission !== null && view.permission !== NO_PERMISSION_REQUIRED
  );
}

function errorResponses(view: ViewDescription, context: OperationContext): Record<string, JsonObject> {
  const schema = view.schema ?? {};
  const validates = ['params', 'body', 'query', 'headers'].some((part) => part in schema);
  return {
    ...(validates ? { 400: problemRef('ValidationFailed') } : {}),
    ...(requiresPermission(view, context)
      ? { 401: problemRef('Unauthorized'), 403: problemRef('Forbidden') }
      : {}),
    ...(schema.body !== undefined ? { 415: problemRef('UnsupportedMediaType') } : {}),
  };
}

/**
 * The OpenAPI operation of one view: its documentation options, parameters, JSON request body,
 * responses by status (its response schemas, then the problem documents it may answer) and, for a
 * permission, a security requirement naming the permission as its role.
 */
export function operationOf(
  view: ViewDescription,
  placeholders: readonly PlaceholderDescription[],
  context: OperationContext,
): JsonObject {
  const { summary, description, tags, operationId, deprecated } = view.docs;
  const parameters = parametersOf(placeholders, view.schema);
  const body = view.schema?.body;
  return {
    ...(tags !== undefined ? { tags: [...tags] } : {}),
    ...(summary !== undefined ? { summary } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(operationId !== undefined ? { operationId } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(body !== undefined
      ? { requestBody: { required: true, content: { 'application/json': { schema: plainSchema(body) } } } }
      : {}),
    // A status the view declares a schema for keeps its own description.
    responses: { ...errorResponses(view, context), ...successResponses(view) },
    ...(deprecated === true ? { deprecated } : {}),
    ...(requiresPermission(view, context)
      ? { security: [{ [context.securityScheme as string]: [view.permission as string] }] }
      : {}),
  };
}
