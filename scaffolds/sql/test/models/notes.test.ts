// Unit tests of the notes model, on a migrated in-memory SQLite database.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Configurator } from 'ziggurat';
import { getDatabase, migrate } from 'ziggurat/addons/sql';
import { Notes, WELCOME_NOTES } from '../../src/models/notes.js';
import { closeDatabase, sqlTestConfig } from '../sql-config.js';

describe('Notes', () => {
  let config: Configurator;
  let notes: Notes;

  before(async () => {
    config = await sqlTestConfig();
    await migrate(config.registry, 'latest');
    notes = new Notes(getDatabase(config.registry));
  });
  after(() => closeDatabase(config));

  it('starts empty', async () => {
    assert.deepEqual(await notes.list(), []);
    assert.equal(await notes.count(), 0);
  });

  it('adds notes and lists them newest first', async () => {
    const tea = await notes.add('Buy tea', new Date('2025-01-01T10:00:00Z'));
    await notes.add('Call Ada', new Date('2025-01-02T10:00:00Z'));
    assert.match(tea.id, /^[0-9a-f-]{36}$/);
    assert.deepEqual(
      (await notes.list()).map((note) => [note.text, note.created_at]),
      [
        ['Call Ada', '2025-01-02T10:00:00.000Z'],
        ['Buy tea', '2025-01-01T10:00:00.000Z'],
      ],
    );
    assert.equal(await notes.count(), 2);
  });

  it('seeds only a database without notes', async () => {
    assert.equal(await notes.seed(), 0);
    await getDatabase(config.registry).deleteFrom('notes').execute();
    assert.equal(await notes.seed(), WELCOME_NOTES.length);
    assert.deepEqual(
      (await notes.list()).map((note) => note.text),
      WELCOME_NOTES,
    );
  });
});
