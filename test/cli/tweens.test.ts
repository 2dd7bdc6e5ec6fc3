// `ziggurat tweens`: the chains from INGRESS to MAIN, implicit and explicit, as Pyramid's ptweens shows them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cli, fixtureSettings, settingsDir } from './helpers.js';

/** The names of each chain table in the output, in order. */
function chains(stdout: string): string[][] {
  return stdout
    .split(/\n\n(?=[A-Z][a-z]+ tween chain)/)
    .slice(1)
    .map((block) =>
      block
        .trimEnd()
        .split('\n')
        .slice(4)
        .map((line) => line.split(/ +/)[1] ?? ''),
    );
}

describe('ziggurat tweens', () => {
  it('lists the implicit chain from INGRESS to MAIN, the app tween above the built-in one', async () => {
    const { code, stdout } = await cli(['tweens']);
    assert.equal(code, 0);
    assert.match(stdout, /^"ziggurat\.tweens" is not set/);
    assert.deepEqual(chains(stdout), [['INGRESS', 'timing', 'ziggurat.excview', 'MAIN']]);
    assert.match(
      stdout,
      /\n- +INGRESS\n0 +timing +\S+app\.[jt]s:\d+\n1 +ziggurat\.excview +ziggurat\n- +MAIN/,
    );
  });

  it('shows the explicit chain ziggurat.tweens lists as the one used, then the implicit one', async () => {
    const { file } = settingsDir(fixtureSettings('ziggurat.tweens = ziggurat.excview timing'));
    const { code, stdout, stderr } = await cli(['tweens', file]);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^"ziggurat\.tweens" is set/);
    assert.match(stdout, /Explicit tween chain \(used\)[\s\S]*Implicit tween chain \(not used\)/);
    assert.deepEqual(chains(stdout), [
      ['INGRESS', 'ziggurat.excview', 'timing', 'MAIN'],
      ['INGRESS', 'timing', 'ziggurat.excview', 'MAIN'],
    ]);
  });
});
