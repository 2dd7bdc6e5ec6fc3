import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  descriptorPlan,
  openFilesLimit,
  parseOpenFilesLimit,
  perConnection,
  SPARE_DESCRIPTORS,
} from '../../bench/websocket-limits.js';

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max cpu time              unlimited            unlimited            seconds
Max open files            1024                 524288               files
Max locked memory         8388608              8388608              bytes
`;

describe('WebSocket bench: open-files limit', () => {
  it('reads the soft and hard limits on open files from /proc/<pid>/limits', () => {
    assert.deepEqual(parseOpenFilesLimit(LIMITS), { soft: 1024, hard: 524288 });
    assert.deepEqual(
      parseOpenFilesLimit('Max open files            unlimited            unlimited            files'),
      {
        soft: Number.POSITIVE_INFINITY,
        hard: Number.POSITIVE_INFINITY,
      },
    );
    assert.equal(parseOpenFilesLimit('Max cpu time              unlimited            unlimited'), null);
  });

  it("reads this process's limit where /proc is there", () => {
    const limit = openFilesLimit();
    if (process.platform !== 'linux') return;
    assert.ok(limit !== null && limit.soft > 0 && limit.hard >= limit.soft);
  });

  it('runs as it is when the soft limit leaves room for the sockets and the spare descriptors', () => {
    assert.deepEqual(descriptorPlan({ soft: 10_000 + SPARE_DESCRIPTORS, hard: 20_000 }, 10_000), {
      kind: 'enough',
    });
    assert.deepEqual(descriptorPlan(null, 10_000), { kind: 'enough' });
  });

  it('raises the soft limit when the hard one allows it', () => {
    assert.deepEqual(descriptorPlan({ soft: 1024, hard: 524288 }, 10_000), {
      kind: 'raise',
      raiseTo: 10_000 + SPARE_DESCRIPTORS,
    });
  });

  it('fails with what to do when even the hard limit is too low', () => {
    const plan = descriptorPlan({ soft: 1024, hard: 4096 }, 10_000);
    assert.equal(plan.kind, 'too-low');
    assert.match(
      plan.kind === 'too-low' ? plan.message : '',
      /10,000 connections.*allows 4,096.*BENCH_WS_CONNECTIONS/s,
    );
  });
});

describe('WebSocket bench: memory per connection', () => {
  it("spreads a process's growth over its connections", () => {
    assert.equal(perConnection(100_000_000, 170_000_000, 10_000), 7_000);
    assert.equal(perConnection(5, 5, 1), 0);
    assert.throws(() => perConnection(1, 2, 0), RangeError);
  });
});
