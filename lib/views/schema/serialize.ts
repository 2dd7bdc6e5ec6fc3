// The json renderer of a view with response schemas: the response's status picks the serializer
// (exact status, then `2XX`, then `default`), so only the properties a schema declares are sent.
import { requestInternals } from '../../http/request.js';
import type { RenderFunction } from '../../types.js';
import type { Serializer } from './compile.js';

/** A view's response serializers by status key, as its schema names them (`200`, `'2XX'`, `'default'`). */
export type ResponseSerializers = ReadonlyMap<string, Serializer>;

/** The serializer for a status, or null when the schema has none for it (the plain renderer answers). */
function lookup(serializers: ResponseSerializers): (status: number) => Serializer | null {
  const exact = new Map<number, Serializer>();
  const byClass = new Map<number, Serializer>();
  let fallback: Serializer | null = null;
  for (const [key, serializer] of serializers) {
    if (key.toLowerCase() === 'default') fallback = serializer;
    else if (/xx$/i.test(key)) byClass.set(Number(key[0]), serializer);
    else exact.set(Number(key), serializer);
  }
  // The usual schema names one status: one comparison per response.
  const [only] = exact;
  if (only !== undefined && exact.size === 1 && byClass.size === 0 && fallback === null) {
    const [code, serializer] = only;
    return (status) => (status === code ? serializer : null);
  }
  return (status) => exact.get(status) ?? byClass.get(Math.floor(status / 100)) ?? fallback;
}

/**
 * Wrap the json renderer of one view: a status with a schema is serialized by fast-json-stringify
 * (compiled at commit), any other status by the renderer itself.
 */
export function serializingRender(render: RenderFunction, serializers: ResponseSerializers): RenderFunction {
  const serializerFor = lookup(serializers);
  const serialized: RenderFunction = (value, system) => {
    // Rendered outside a view (render() without a request): the status is the default one.
    const status =
      system.request === null ? 200 : (requestInternals.peekResponse(system.request)?.status ?? 200);
    const serialize = serializerFor(status);
    return serialize === null ? render(value, system) : serialize(value);
  };
  if (render.contentType !== undefined) serialized.contentType = render.contentType;
  return serialized;
}
