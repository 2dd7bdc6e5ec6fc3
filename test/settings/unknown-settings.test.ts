// Settings files: typos in sections and keys are warned about at start-up with the file, line and closest name.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { loadApp, settingsFileLines, type ZigguratError } from '../../lib/index.js';
import { FIXTURE_APP, ROOT, settingsDir } from '../cli/helpers.js';

const HANDLEBARS = `${ROOT}build/addons/handlebars/index.js`;

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const warnings = () => lines.filter((line) => line.level === 40).map((line) => String(line.msg));
  return { logger: { level: 'warn', stream }, warnings };
}

const TYPOS = `; settings with typos
[app]
use = ${FIXTURE_APP}
greeting = hi
ziggurat.includes = ${HANDLEBARS}
handlebars.reloda = true

[sever]
port = 6606

[logging]
levle = debug
`;

describe('settings file typos', () => {
  it("warns on the app's logger about unknown sections, [logging] keys and add-ons' keys, naming file and line", async () => {
    const { dir, file } = settingsDir(TYPOS);
    const log = capture();
    const loaded = await loadApp(file, { env: {}, logger: log.logger });
    try {
      const where = join(dir, 'development.ini');
      assert.deepEqual(log.warnings(), [
        `${where}:8: unknown section [sever], ignored (did you mean [server]?) (sections: [app], [server], [logging])`,
        `${where}:12: unknown setting 'levle' in [logging], ignored (did you mean 'level'?) (known: level, pretty)`,
        `${where}:6: unknown setting 'handlebars.reloda', ignored (did you mean 'handlebars.reload'?)`,
      ]);
      assert.deepEqual(
        loaded.registry.settingsWarnings.map((warning) => [warning.key, warning.suggestion]),
        [
          ['[sever]', '[server]'],
          ['levle', 'level'],
          ['handlebars.reloda', 'handlebars.reload'],
        ],
      );
      // The settings main() sees carry no trace of where they came from.
      assert.deepEqual(Object.keys(loaded.settings).sort(), [
        '__file__',
        'greeting',
        'handlebars.reloda',
        'here',
        'ziggurat.includes',
      ]);
    } finally {
      await loaded.close();
    }
  });

  it('still warns about the file when main() makes the app from settings of its own', async () => {
    const { dir, file } = settingsDir(`[app]\nuse = ./app.js\nhandlebars.reloda = true\n[sever]\nport = 1\n`);
    writeFileSync(
      join(dir, 'app.js'),
      `import handlebars from '${HANDLEBARS}';\nimport { Configurator } from '${ROOT}build/lib/index.js';\n` +
        'export function main(settings) {\n' +
        '  const config = new Configurator({ settings: Object.fromEntries(Object.entries(settings)) });\n' +
        '  config.include(handlebars);\n  return config;\n}\n',
    );
    const log = capture();
    const loaded = await loadApp(file, { env: {}, logger: log.logger });
    try {
      assert.deepEqual(log.warnings(), [
        "unknown setting 'handlebars.reloda', ignored (did you mean 'handlebars.reload'?)",
        `${join(dir, 'development.ini')}:4: unknown section [sever], ignored (did you mean [server]?) (sections: [app], [server], [logging])`,
      ]);
    } finally {
      await loaded.close();
    }
  });

  it('keeps an unknown [server] key an error, now with the closest key', async () => {
    const { file } = settingsDir(`[app]\nuse = ${FIXTURE_APP}\n[server]\nprot = 6606\n`);
    await assert.rejects(
      loadApp(file, { env: {}, logger: false }),
      (error: ZigguratError) =>
        error.code === 'ZIG_ERR_SETTINGS_VALUE' &&
        /\[server\] has no setting 'prot' \(did you mean 'port'\? known: host, port/.test(error.message),
    );
  });

  it('finds the line of every section and key as the ini parser reads them', () => {
    const lines = settingsFileLines(
      'top = 1\r\n\r\n[app]\n; comment\n  use = ./a.js\nlist[] = a\nlist[] = b\n"quoted" = 1\n# comment\n[server]\nport\n',
    );
    assert.deepEqual(
      [...lines.sections],
      [
        ['app', 3],
        ['server', 10],
      ],
    );
    assert.deepEqual([...(lines.keys.get('') ?? [])], [['top', 1]]);
    assert.deepEqual(
      [...(lines.keys.get('app') ?? [])],
      [
        ['use', 5],
        ['list', 7],
        ['quoted', 8],
      ],
    );
    assert.deepEqual([...(lines.keys.get('server') ?? [])], [['port', 11]]);
  });
});
