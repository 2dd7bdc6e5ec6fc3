import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ResultRow, summaryTable } from '../../bench/summary.js';

const row: ResultRow = {
  contest: {
    name: 'JSON API: validated POST, 201',
    path: '/items',
    label: 'ziggurat',
    sides: { plain: 'plain', other: 'ziggurat' },
  },
  client: 'wrk',
  plain: { rate: 5345.2, cpu: 95.61 },
  other: { rate: 5077, cpu: 100.49 },
  speed: { ratio: 0.9401, low: 0.8962, high: 0.9843 },
  cpu: { ratio: 0.9404, low: 0.908, high: 0.971 },
};

describe('bench summary', () => {
  it('writes one Markdown row per case and client, each side with its rate and CPU', () => {
    const table = summaryTable([row], [], { plain: 'plain Fastify', other: 'Ziggurat' }).split('\n');
    assert.equal(
      table[0],
      '| case | client | plain Fastify | Ziggurat | ratio (95 % interval) | CPU ratio |',
    );
    assert.equal(
      table[2],
      '| JSON API: validated POST, 201 | wrk | 5,345 req/s, 95.6 µs CPU | 5,077 req/s, 100.5 µs CPU | 0.940 (0.896–0.984) | 0.940 |',
    );
  });

  it('names the sides an A/B run compares (BENCH_BASE) and an A/A run (BENCH_AA)', () => {
    const ab = summaryTable([row], [], { plain: 'base Ziggurat', other: 'Ziggurat' });
    assert.match(ab, /^\| case \| client \| base Ziggurat \| Ziggurat \|/);
    const aa = summaryTable([row], [], { plain: 'plain Fastify', other: 'plain Fastify (again)' });
    assert.match(aa, /^\| case \| client \| plain Fastify \| plain Fastify \(again\) \|/);
  });
});
