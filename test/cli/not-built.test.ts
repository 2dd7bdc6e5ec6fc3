// A command run before the app's first build says to build it, through the real `ziggurat` process.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CliProcess, within } from './helpers.js';

const temp = mkdtempSync(join(tmpdir(), 'zig-not-built-'));
after(() => rmSync(temp, { recursive: true, force: true }));

/** An app folder that was installed but never built: package.json, maybe tsconfig.json, a settings file. */
function unbuiltApp(name: string, options: { tsconfig: boolean; settingsIn?: string }): string {
  const root = join(temp, name);
  const settingsDir = join(root, options.settingsIn ?? '');
  mkdirSync(settingsDir, { recursive: true });
  writeFileSync(join(root, 'package.json'), '{ "name": "shop", "type": "module" }\n');
  if (options.tsconfig)
    writeFileSync(join(root, 'tsconfig.json'), '{ "compilerOptions": { "outDir": "dist" } }\n');
  const use = options.settingsIn ? '../dist/src/app.js' : './dist/src/app.js';
  writeFileSync(join(settingsDir, 'development.ini'), `[app]\nuse = ${use}\n`);
  return settingsDir;
}

async function routes(cwd: string): Promise<{ code: number | null; output: string }> {
  const command = new CliProcess(['routes'], { cwd });
  try {
    const code = await within(command.exited, 30_000, 'ziggurat routes');
    return { code, output: command.output };
  } finally {
    await command.kill();
  }
}

describe('a command before the first build', () => {
  it('says the app is not built and to run npm run build, when a tsconfig.json is beside the settings', async () => {
    const { code, output } = await routes(unbuiltApp('beside', { tsconfig: true }));
    assert.equal(code, 1);
    assert.match(
      output,
      /^ziggurat routes: ZIG_ERR_SETTINGS_USE: .*development\.ini: use = .*dist\/src\/app\.js: the app is not built yet \(no such file\): run `npm run build` first \(it compiles tsconfig\.json\)\n$/,
    );
    assert.doesNotMatch(output, /Cannot find module/);
  });

  it("finds the tsconfig.json in the app's root when the settings file is in a subfolder", async () => {
    const { code, output } = await routes(unbuiltApp('nested', { tsconfig: true, settingsIn: 'config' }));
    assert.equal(code, 1);
    assert.match(
      output,
      /the app is not built yet \(no such file\): run `npm run build` first \(it compiles \.\.\/tsconfig\.json\)/,
    );
  });

  it('keeps the import error for an app with no tsconfig.json', async () => {
    const { code, output } = await routes(unbuiltApp('plain', { tsconfig: false }));
    assert.equal(code, 1);
    assert.match(output, /ZIG_ERR_SETTINGS_USE: .*cannot import it \(Cannot find module/);
    assert.doesNotMatch(output, /not built/);
  });
});
