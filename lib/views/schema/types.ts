// The `schema` view option and the request type it gives the view: `request.validated.body` and the
// other parts carry the TypeScript types of their TypeBox schemas.
import type { Request, ValidatedValues } from '../../http/request.js';

/** A JSON Schema: an object (TypeBox's `Type.Object(...)` makes one) or `true`/`false`. */
export type JSONSchema = object | boolean;

/** The request parts a view's schema may validate, in the order they are validated. */
export const REQUEST_PARTS = ['params', 'body', 'query', 'headers'] as const;

/** One of the request parts a schema validates. */
export type RequestPart = (typeof REQUEST_PARTS)[number];

/**
 * The `schema` option of addView and @viewConfig: JSON Schemas for the request's parts, and for
 * the response by status (`200`, `'2XX'`, `'default'`), which the json renderer serializes through.
 * @example
 * const schema = { body: Type.Object({ title: Type.String() }), response: { 201: Type.Object({ id: Type.Integer() }) } };
 */
export interface ViewSchema {
  readonly body?: JSONSchema;
  readonly query?: JSONSchema;
  readonly params?: JSONSchema;
  readonly headers?: JSONSchema;
  readonly response?: { readonly [status: string | number]: JSONSchema };
}

/**
 * The TypeScript type of a schema: TypeBox's `Static<T>` for a TypeBox schema, `unknown` for a
 * plain JSON Schema object. Read structurally, as TypeBox's own `Static` reads its `static` member,
 * so Ziggurat needs no TypeBox of its own and the app's copy (0.34) types its schemas.
 */
export type StaticOf<T> = T extends { static: unknown; params: unknown[] }
  ? (T & { params: [] })['static']
  : unknown;

type PartOf<S, K extends RequestPart> = K extends keyof S
  ? undefined extends S[K]
    ? StaticOf<Exclude<S[K], undefined>> | undefined
    : StaticOf<S[K]>
  : undefined;

/** What `request.validated` holds for a view with schema `S`: a part without a schema is undefined. */
export interface Validated<S extends ViewSchema> extends ValidatedValues {
  readonly body: PartOf<S, 'body'>;
  readonly query: PartOf<S, 'query'>;
  readonly params: PartOf<S, 'params'>;
  readonly headers: PartOf<S, 'headers'>;
}

/**
 * The request a view registered with `schema: S` receives: `request.validated` is typed from the
 * schema. addView infers it; annotate view classes and @viewConfig methods with it.
 * @example
 * const schema = { body: Type.Object({ title: Type.String() }) };
 * function create(request: ValidatedRequest<typeof schema>) { return { title: request.validated.body.title }; }
 */
export type ValidatedRequest<S extends ViewSchema = ViewSchema> = Request & {
  readonly validated: Validated<S>;
};
