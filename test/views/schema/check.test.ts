// The schema option's shape is checked where addView (or @viewConfig) is called.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Type } from '@sinclair/typebox';
import { ConfigurationError, Configurator } from '../../../lib/index.js';

function rejects(action: () => unknown, pattern: RegExp): void {
  assert.throws(action, (error: unknown) => {
    assert.ok(error instanceof ConfigurationError);
    assert.equal(error.code, 'ZIG_ERR_SCHEMA');
    assert.match(error.message, pattern);
    return true;
  });
}

describe('view schemas: checked at the call site', () => {
  const view = () => ({});

  it("names Fastify's querystring and other misspelt parts at the call site", () => {
    const config = new Configurator();
    const schema = { querystring: Type.Object({}) } as object;
    rejects(
      () => config.addView(view, { schema }),
      /unknown part 'querystring' \(did you mean 'query'\?\).*check\.test\.ts:\d+/,
    );
    rejects(() => config.addView(view, { schema: { bdy: {} } as object }), /'bdy' \(did you mean 'body'\?\)/);
    rejects(() => config.addView(view, { schema: 'x' as unknown as object }), /must be an object/);
    rejects(
      () => config.addView(view, { schema: { body: 3 } as unknown as object }),
      /schema\.body must be a JSON Schema/,
    );
  });

  it('refuses a response key that is not a status', () => {
    const config = new Configurator();
    rejects(() => config.addView(view, { schema: { response: { ok: {} } } }), /'ok' is not a status/);
    for (const status of ['200', '2XX', '4xx', 'default'])
      config.addView(view, { schema: { response: { [status]: {} } } });
  });

  it('refuses upper-case header names, which Node never gives', () => {
    const config = new Configurator();
    const headers = Type.Object({ 'X-Api-Key': Type.String() });
    rejects(() => config.addView(view, { schema: { headers } }), /write 'x-api-key' for 'X-Api-Key'/);
  });
});
