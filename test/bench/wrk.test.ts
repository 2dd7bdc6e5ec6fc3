import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { hasWrk, luaString, parseWrk, runWrk, wrkArguments, wrkScript } from '../../bench/wrk.js';

const CLEAN = `Running 1s test @ http://127.0.0.1:3105/
  1 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.23ms  318.40us   9.87ms   91.02%
    Req/Sec    40.12k     1.98k   43.21k    80.00%
  39950 requests in 1.00s, 7.16MB read
Requests/sec:  39901.57
Transfer/sec:      7.15MB
`;

const FAILING = `Running 1s test @ http://127.0.0.1:3105/nope
  1 threads and 2 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   738.32us    2.23ms  27.21ms   93.61%
    Req/Sec    37.68k    25.01k   69.39k    50.00%
  37523 requests in 1.00s, 9.09MB read
  Socket errors: connect 0, read 2, write 1, timeout 3
  Non-2xx or 3xx responses: 37523
Requests/sec:  37488.14
Transfer/sec:      9.08MB
`;

describe('the wrk load client', () => {
  it('reads the requests, their rate, and no failures from a clean report', () => {
    assert.deepEqual(parseWrk(CLEAN), { total: 39950, perSecond: 39901.57, non2xx: 0, errors: 0 });
  });

  it('counts socket errors and answers that were not 2xx or 3xx', () => {
    assert.deepEqual(parseWrk(FAILING), { total: 37523, perSecond: 37488.14, non2xx: 37523, errors: 6 });
  });

  it('refuses a report it cannot read', () => {
    assert.throws(() => parseWrk('unable to connect to 127.0.0.1:1 Connection refused'), /Cannot read wrk/);
  });

  it("runs one thread with the connections, whole seconds, autocannon's timeout and headers of the order", () => {
    assert.deepEqual(
      wrkArguments({
        client: 'wrk',
        url: 'http://127.0.0.1:3000/items/42?format=full',
        seconds: 1,
        connections: 50,
        headers: { accept: 'application/json', 'x-client': 'bench' },
      }),
      [
        '-t1',
        '-c50',
        '-d1s',
        '--timeout',
        '10s',
        '-H',
        'accept: application/json',
        '-H',
        'x-client: bench',
        'http://127.0.0.1:3000/items/42?format=full',
      ],
    );
  });

  it('needs no script for a GET without a body', () => {
    assert.equal(
      wrkScript({ client: 'wrk', url: 'http://127.0.0.1:3000/', seconds: 1, connections: 50 }),
      null,
    );
  });

  it('sets the method and body of a POST in its script, and runs the script file', () => {
    const order = {
      client: 'wrk' as const,
      url: 'http://127.0.0.1:3000/items',
      seconds: 1,
      connections: 50,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"Tea","price":350}',
    };
    assert.equal(
      wrkScript(order),
      'wrk.method = "POST"\nwrk.body = "{\\034name\\034:\\034Tea\\034,\\034price\\034:350}"\n',
    );
    assert.deepEqual(wrkArguments(order, '/tmp/request.lua'), [
      '-t1',
      '-c50',
      '-d1s',
      '--timeout',
      '10s',
      '-H',
      'content-type: application/json',
      '-s',
      '/tmp/request.lua',
      'http://127.0.0.1:3000/items',
    ]);
  });

  it('writes Lua strings byte for byte: quotes, backslashes, control characters and UTF-8 escaped', () => {
    assert.equal(luaString('a"b\\c\nd'), '"a\\034b\\092c\\010d"');
    assert.equal(luaString('€'), '"\\226\\130\\172"');
  });

  it('sends what the order says: wrk POSTs the body with its headers', {
    skip: !hasWrk() && 'wrk is not installed',
  }, async () => {
    const seen = new Set<string>();
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        seen.add(`${request.method} ${request.headers['content-type']} ${body}`);
        response.statusCode = request.method === 'POST' ? 201 : 405;
        response.end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const result = await runWrk({
        client: 'wrk',
        url: `http://127.0.0.1:${port}/items`,
        seconds: 1,
        connections: 2,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"name":"Thé \\"vert\\""}',
      });
      assert.ok(result.total > 0);
      assert.equal(result.non2xx, 0);
      assert.deepEqual([...seen], ['POST application/json {"name":"Thé \\"vert\\""}']);
    } finally {
      server.close();
    }
  });
});
