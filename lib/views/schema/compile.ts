// Compiles a view's schemas at commit with Fastify's own compilers: Ajv through @fastify/ajv-compiler
// (Fastify's options: coercion, defaults, removeAdditional, formats) and fast-json-stringify through
// @fastify/fast-json-stringify-compiler. Nothing here runs per request. Both are loaded on first
// use (Fastify loads them too, but only when an app is made): importing Ziggurat stays fast.
import { createRequire } from 'node:module';
import type AjvCompiler from '@fastify/ajv-compiler';
import type SerializerSelector from '@fastify/fast-json-stringify-compiler';
import type { JSONSchema, RequestPart } from './types.js';

const load = createRequire(import.meta.url);

/** An Ajv validate function: mutates `data` (coercion, defaults) and leaves its errors on `errors`. */
export interface PartValidator {
  (data: unknown, context?: { parentData: object; parentDataProperty: string }): boolean;
  errors?: ReadonlyArray<AjvError> | null;
  $async?: boolean;
}

/** The members of Ajv's ErrorObject that failures are made of. */
export interface AjvError {
  readonly keyword: string;
  readonly instancePath: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly message?: string;
}

/** Serializes a response body through its schema: only declared properties are written. */
export type Serializer = (value: unknown) => string;

/** Fastify's name for each request part (its compilers are told which part a schema is for). */
const FASTIFY_PART: Readonly<Record<RequestPart, string>> = {
  params: 'params',
  body: 'body',
  query: 'querystring',
  headers: 'headers',
};

/**
 * The compilers of one commit: one Ajv instance and one serializer factory, made on first use
 * (an app without schemas never builds them).
 */
export class SchemaCompiler {
  #validator: ReturnType<ReturnType<typeof AjvCompiler>> | null = null;
  #serializer: ReturnType<ReturnType<typeof SerializerSelector>> | null = null;

  /** The validate function of a request part's schema; throws when Ajv refuses the schema. */
  validator(schema: JSONSchema, part: RequestPart): PartValidator {
    this.#validator ??= (load('@fastify/ajv-compiler') as typeof AjvCompiler)()({}, { customOptions: {} });
    const validate = this.#validator({ schema: schema as object, httpPart: FASTIFY_PART[part] });
    if ((validate as PartValidator).$async === true) {
      throw new Error('asynchronous schemas ($async) are not supported: validation runs synchronously');
    }
    return validate as unknown as PartValidator;
  }

  /** The serializer of a response schema; throws when fast-json-stringify refuses the schema. */
  serializer(schema: JSONSchema, status: string): Serializer {
    this.#serializer ??= (load('@fastify/fast-json-stringify-compiler') as typeof SerializerSelector)()(
      {},
      {},
    );
    return this.#serializer({ schema, method: '', url: '', httpStatus: status });
  }
}
