import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bootstrapInterval, median, trimmedGeoMean } from '../../bench/stats.js';

describe('bench statistics', () => {
  it('averages ratios as logarithms, so a ratio and its inverse cancel', () => {
    assert.equal(trimmedGeoMean([0.5, 2], 0), 1);
    assert.ok(Math.abs(trimmedGeoMean([0.9, 0.9, 0.9]) - 0.9) < 1e-12);
  });

  it('cuts the highest and lowest rounds before averaging', () => {
    const ratios = [1, 1, 1, 1, 1, 1, 1, 1, 0.2, 3];
    assert.equal(trimmedGeoMean(ratios, 0.1), 1);
    assert.notEqual(trimmedGeoMean(ratios, 0), 1);
  });

  it('gives an interval around the estimate that narrows with more rounds, the same on every run', () => {
    const noisy = [0.92, 1.05, 0.97, 1.1, 0.88, 1.01, 0.95, 1.03, 0.99, 1.07, 0.9, 1.0];
    const [low, high] = bootstrapInterval([noisy]);
    const estimate = trimmedGeoMean(noisy);
    assert.ok(low < estimate && estimate < high, `${low} < ${estimate} < ${high}`);
    assert.deepEqual(bootstrapInterval([noisy]), [low, high]);
    const [moreLow, moreHigh] = bootstrapInterval([[...noisy, ...noisy, ...noisy, ...noisy]]);
    assert.ok(moreHigh - moreLow < high - low);
  });

  it('widens the interval when sessions disagree, though their rounds are steady', () => {
    const steady = (centre: number) => [0.99, 1, 1.01, 1, 0.995, 1.005].map((r) => r * centre);
    const agreeing = bootstrapInterval([steady(0.97), steady(0.97), steady(0.97)]);
    const disagreeing = bootstrapInterval([steady(0.92), steady(0.97), steady(1.02)]);
    assert.ok(disagreeing[1] - disagreeing[0] > 3 * (agreeing[1] - agreeing[0]));
  });

  it('takes the middle value, or the mean of the two middle ones', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 2, 3]), 2.5);
    assert.ok(Number.isNaN(median([])));
  });
});
