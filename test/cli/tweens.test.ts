// `ziggurat tweens`: the chain from INGRESS to MAIN.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cli } from './helpers.js';

describe('ziggurat tweens', () => {
  it('lists the tweens in order from INGRESS to MAIN, the app tween above the built-in one', async () => {
    const { code, stdout } = await cli(['tweens']);
    assert.equal(code, 0);
    const names = stdout
      .trimEnd()
      .split('\n')
      .slice(2)
      .map((line) => line.split(/ +/)[1]);
    assert.deepEqual(names, ['INGRESS', 'timing', 'ziggurat.excview', 'MAIN']);
    assert.match(stdout, /timing +\S+app\.[jt]s:\d+/);
  });
});
