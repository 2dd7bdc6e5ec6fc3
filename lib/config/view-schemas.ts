// The `schema` view option at commit: each view's request schemas become an Ajv validator that runs
// before the view, its response schemas fast-json-stringify serializers behind its json renderer.
// A view without a schema is left exactly as it was: it pays nothing per request.
import { ConfigurationError } from '../errors.js';
import type { RenderFunction } from '../types.js';
import { jsonRenderer, rendererType } from '../views/renderers.js';
import { SchemaCompiler, type Serializer } from '../views/schema/compile.js';
import { serializingRender } from '../views/schema/serialize.js';
import { REQUEST_PARTS, type ViewSchema } from '../views/schema/types.js';
import { type PartValidators, requestValidator, validatingView } from '../views/schema/validate.js';
import type { ConfigState, ViewEntry } from './state.js';

function describeView(entry: ViewEntry): string {
  const name = (entry.original as { name?: string }).name || 'anonymous';
  return `view ${name}${entry.attr ? `.${entry.attr}` : ''} at ${entry.site.location}`;
}

/** Compile one schema; a schema the compiler refuses is a ConfigurationError naming the view. */
function compiled<T>(entry: ViewEntry, what: string, compile: () => T): T {
  try {
    return compile();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigurationError(`${what} of the ${describeView(entry)} does not compile: ${reason}`, {
      code: 'ZIG_ERR_SCHEMA',
      cause: error,
    });
  }
}

function partValidators(compiler: SchemaCompiler, entry: ViewEntry, schema: ViewSchema): PartValidators {
  const validators = { params: null, body: null, query: null, headers: null } as Record<
    keyof PartValidators,
    PartValidators[keyof PartValidators]
  >;
  for (const part of REQUEST_PARTS) {
    const partSchema = schema[part];
    if (partSchema === undefined) continue;
    validators[part] = compiled(entry, `schema.${part}`, () => compiler.validator(partSchema, part));
  }
  return validators;
}

/** Whether the view renders through the built-in json renderer (under any name it was registered by). */
export function rendersJson(state: ConfigState, entry: ViewEntry): boolean {
  const name = entry.rendererName;
  if (name === null) return false;
  return (state.renderers.get(name) ?? state.renderers.get(rendererType(name))) === jsonRenderer;
}

/**
 * Response schemas promise that undeclared properties never leave the server: only the json
 * renderer keeps that promise, so any other renderer is refused rather than silently ignored.
 */
function responseSerializers(
  compiler: SchemaCompiler,
  state: ConfigState,
  entry: ViewEntry,
  response: NonNullable<ViewSchema['response']>,
): Map<string, Serializer> {
  if (!rendersJson(state, entry)) {
    throw new ConfigurationError(
      `schema.response needs the json renderer (renderer: 'json'), which serializes through it; the ${describeView(entry)} has ${entry.rendererName === null ? 'no renderer' : `renderer '${entry.rendererName}'`}`,
      { code: 'ZIG_ERR_SCHEMA' },
    );
  }
  const serializers = new Map<string, Serializer>();
  for (const [status, schema] of Object.entries(response)) {
    serializers.set(
      status,
      compiled(entry, `schema.response[${status}]`, () => compiler.serializer(schema, status)),
    );
  }
  return serializers;
}

function applyToView(
  compiler: SchemaCompiler,
  state: ConfigState,
  entry: ViewEntry,
  schema: ViewSchema,
): void {
  entry.view = validatingView(entry.view, requestValidator(partValidators(compiler, entry, schema)));
  if (schema.response === undefined) return;
  const serializers = responseSerializers(compiler, state, entry, schema.response);
  // rendersJson checked that the view has a renderer, which resolveRenderers has made.
  entry.render = serializingRender(entry.render as RenderFunction, serializers);
}

/**
 * Compile every view's schema and wrap the view (and its renderer) with them. Runs at commit after
 * the renderers are resolved and the view derivers applied, so validation comes first of all.
 */
export function applyViewSchemas(state: ConfigState): void {
  for (const entry of state.exceptionViews) {
    if (entry.options.schema !== undefined) {
      throw new ConfigurationError(
        `schema is an option of views, not of the exception ${describeView(entry)}`,
        {
          code: 'ZIG_ERR_SCHEMA',
        },
      );
    }
  }
  const compiler = new SchemaCompiler();
  for (const entry of state.views) {
    const schema = entry.options.schema as ViewSchema | undefined;
    if (schema !== undefined) applyToView(compiler, state, entry, schema);
  }
}
