// `ziggurat shell`: a REPL with app, registry, settings, root and request in scope.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cli } from './helpers.js';

describe('ziggurat shell', () => {
  it('evaluates input with the app, settings, root and request in scope', async () => {
    const input = [
      'settings.greeting.startsWith("Hello from")',
      'root.constructor.name + ":" + registry.settings === settings',
      '(await app.inject({ url: "/items/4" })).body',
      'request.routePath("item", { params: { id: 5 } })',
      '.exit',
      '',
    ].join('\n');
    const { code, stdout } = await cli(['shell'], { stdin: input });
    assert.equal(code, 0);
    assert.match(stdout, /app, registry, settings, request, root are in scope/);
    assert.match(stdout, /ziggurat> true\n/);
    assert.match(stdout, /'\{"item":"4"\}'/);
    assert.match(stdout, /'\/items\/5'/);
  });

  it('prints the results of piped input in order, an awaited one before the next line', async () => {
    const input = [
      'await new Promise((resolve) => setTimeout(() => resolve("first"), 200))',
      '"second"',
      '(await app.inject({ url: "/items/3" })).statusCode',
      '"fourth"',
      '',
    ].join('\n');
    const { code, stdout } = await cli(['shell'], { stdin: input });
    assert.equal(code, 0, 'the end of the input ends the shell');
    const order = ["'first'", "'second'", '200', "'fourth'"].map((text) =>
      stdout.indexOf(`ziggurat> ${text}\n`),
    );
    assert.ok(
      order.every((at) => at >= 0),
      stdout,
    );
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      order,
      stdout,
    );
  });
});
