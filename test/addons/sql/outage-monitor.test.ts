// The outage monitor: one error line per outage, one info line at its end, after the errors settle.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OutageMonitor, SETTLE_MS } from '../../../addons/sql/outage.js';

function recorded() {
  const lines: Array<{ level: string; details: Record<string, unknown>; message: string }> = [];
  const at = (level: string) => (details: object, message: string) =>
    void lines.push({ level, details: details as Record<string, unknown>, message });
  return { lines, logger: { error: at('error'), info: at('info'), debug: at('debug') } };
}

describe('SQL add-on outage monitor', () => {
  it('logs the first failure of an outage with its code, and only counts the others', () => {
    let now = 0;
    const monitor = new OutageMonitor(() => now);
    const { lines, logger } = recorded();
    monitor.useLogger(logger);
    for (let i = 0; i < 5; i++) monitor.failed(new Error(`terminated ${i}`));
    assert.equal(lines.length, 1);
    assert.equal(lines[0]?.level, 'error');
    assert.equal(lines[0]?.details.code, 'ZIG_ERR_SQL_UNAVAILABLE');
    assert.match(lines[0]?.message ?? '', /unavailable \(terminated 0\)/);
    now = 10;
    monitor.succeeded();
    assert.equal(lines.length, 1, 'a success right after the failures does not end the outage yet');
    now = 10 + SETTLE_MS;
    monitor.failed(new Error('again'));
    now += SETTLE_MS;
    monitor.succeeded();
    monitor.succeeded();
    assert.deepEqual(
      lines.map((line) => [line.level, line.message]),
      [
        ['error', lines[0]?.message],
        ['info', 'The SQL database is reachable again'],
      ],
    );
    assert.deepEqual(lines[1]?.details, { sqlOutage: { seconds: (10 + 2 * SETTLE_MS) / 1000, failures: 6 } });
  });

  it('starts a new outage, logged again, after one has ended', () => {
    let now = 0;
    const monitor = new OutageMonitor(() => now);
    const { lines, logger } = recorded();
    monitor.useLogger(logger);
    monitor.failed(new Error('first'));
    now = SETTLE_MS;
    monitor.succeeded();
    monitor.failed(new Error('second'));
    assert.deepEqual(
      lines.map((line) => line.level),
      ['error', 'info', 'error'],
    );
  });
});
