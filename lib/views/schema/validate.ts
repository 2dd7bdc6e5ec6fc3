// Validates a request against its view's schema, after the view was chosen and before it runs:
// request.validated gets the coerced values, or a RequestValidationError lists every failing part.
import { RequestValidationError, type ValidationFailure } from '../../http/exceptions/index.js';
import { type Request, requestInternals, type ValidatedValues } from '../../http/request.js';
import type { AjvError, PartValidator } from './compile.js';
import { REQUEST_PARTS, type RequestPart } from './types.js';

/** The validators of a view's request parts (null: the part has no schema). */
export type PartValidators = Readonly<Record<RequestPart, PartValidator | null>>;

/** Validates one request: sets request.validated, throws RequestValidationError on a failure. */
export type RequestValidator = (request: Request) => void;

/** Escape a property name for a JSON pointer (RFC 6901). */
function pointerToken(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Where a failure is: Ajv points a missing property at its parent; point at the property itself. */
function pointerOf(error: AjvError): string {
  const missing = error.params.missingProperty;
  return typeof missing === 'string' ? `${error.instancePath}/${pointerToken(missing)}` : error.instancePath;
}

function failuresOf(
  location: RequestPart,
  errors: ReadonlyArray<AjvError> | null | undefined,
): ValidationFailure[] {
  return (errors ?? []).map((error) => ({
    location,
    pointer: pointerOf(error),
    message: error.message ?? `fails '${error.keyword}'`,
  }));
}

/** Checks one part: its validated value, or FAILED (the validator's `errors` say why). */
type PartCheck = (data: unknown) => unknown;

const FAILED = Symbol('ziggurat.validation-failed');

/** request.validated of a view whose schema has only response schemas. */
const NOTHING_TO_VALIDATE: ValidatedValues = Object.freeze({
  body: undefined,
  query: undefined,
  params: undefined,
  headers: undefined,
});

/**
 * Check a part's value; Ajv may replace the value itself (a coerced root), so it is validated as a
 * property of a holder, as Fastify validates it as a property of its request. One holder per
 * validator is enough: validation is synchronous and nothing else sees the holder.
 */
function partCheck(validate: PartValidator): PartCheck {
  const holder: { value: unknown } = { value: undefined };
  const context = { parentData: holder, parentDataProperty: 'value' };
  return (data) => {
    holder.value = data;
    const valid = validate(data, context);
    const value = holder.value;
    holder.value = undefined;
    return valid ? value : FAILED;
  };
}

/**
 * The request's parts as validation sees them. The body is validated in place, as Fastify does
 * (it is the request's own parsed JSON); the others are copied, so coercion and removal do not
 * change the matchdict, query or headers that URL generation and predicates read. A missing body is
 * null, as in Fastify.
 */
function partData(request: Request, part: RequestPart): unknown {
  if (part === 'body') return request.body === undefined ? null : request.body;
  if (part === 'params') return { ...request.matchdict };
  if (part === 'query') return { ...request.query };
  return { ...request.headers };
}

/** Build the validator of a view from its compiled parts: params, body, query, then headers. */
export function requestValidator(validators: PartValidators): RequestValidator {
  const checks = REQUEST_PARTS.flatMap((part) => {
    const validate = validators[part];
    return validate === null ? [] : [{ part, validate, check: partCheck(validate) }];
  });
  // Only response schemas: nothing to check, but the request still reached a view with a schema.
  if (checks.length === 0) return (request) => requestInternals.setValidated(request, NOTHING_TO_VALIDATE);
  return (request) => {
    let failures: ValidationFailure[] | null = null;
    const values: Record<RequestPart, unknown> = {
      body: undefined,
      query: undefined,
      params: undefined,
      headers: undefined,
    };
    for (const { part, validate, check } of checks) {
      const value = check(partData(request, part));
      if (value !== FAILED) values[part] = value;
      else (failures ??= []).push(...failuresOf(part, validate.errors));
    }
    requestInternals.setValidated(request, values as ValidatedValues);
    if (failures !== null) throw new RequestValidationError(failures);
  };
}

/** Validate the request, then call the view: what a view with a schema is wrapped in at commit. */
export function validatingView<V extends (request: Request) => unknown>(
  view: V,
  validate: RequestValidator,
): V {
  return ((request: Request) => {
    validate(request);
    return view(request);
  }) as V;
}
