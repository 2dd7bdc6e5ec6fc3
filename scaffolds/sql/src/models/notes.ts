// The notes: their table, as Kysely sees it (migrations/0001-notes.js creates it), and the queries on it.
import { randomUUID } from 'node:crypto';
import type { getDatabase } from 'ziggurat/addons/sql';

/** A row of the notes table. */
export interface NotesTable {
  /** A random UUID, so the same code works on SQLite and PostgreSQL. */
  id: string;
  text: string;
  /** When the note was added (ISO 8601). */
  created_at: string;
}

declare module 'ziggurat/addons/sql' {
  interface Database {
    notes: NotesTable;
  }
}

/** A note as read from the database. */
export type Note = NotesTable;

/** The database handle the model works on: `request.db` in a view, `getDatabase(registry)` elsewhere. */
export type Db = ReturnType<typeof getDatabase>;

/** The longest note the form accepts (the column holds 500 characters). */
export const MAX_NOTE_LENGTH = 500;

/** The notes an empty database starts with (`ziggurat initdb`). */
export const WELCOME_NOTES: readonly string[] = [
  'Welcome to __PROJECT_TITLE__! This note was added by ziggurat initdb (npm run initdb).',
  'Notes are kept in the database that sql.url names; add one with the form above.',
];

/**
 * The notes, over one database handle (in a view: the request's transaction).
 * @example
 * const notes = new Notes(request.db);
 * await notes.add('Buy tea');
 * (await notes.list())[0]?.text // 'Buy tea'
 */
export class Notes {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  /** Every note, the newest first. */
  list(): Promise<Note[]> {
    return this.#db.selectFrom('notes').selectAll().orderBy('created_at', 'desc').orderBy('id').execute();
  }

  /** The note with this id, or undefined. */
  find(id: string): Promise<Note | undefined> {
    return this.#db.selectFrom('notes').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** How many notes there are. */
  async count(): Promise<number> {
    const row = await this.#db
      .selectFrom('notes')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** Add a note and return it. */
  async add(text: string, createdAt: Date = new Date()): Promise<Note> {
    const note = { id: randomUUID(), text, created_at: createdAt.toISOString() };
    await this.#db.insertInto('notes').values(note).execute();
    return note;
  }

  /** Add the welcome notes when there are no notes at all; returns how many were added. */
  async seed(texts: readonly string[] = WELCOME_NOTES): Promise<number> {
    if ((await this.count()) > 0) return 0;
    // One millisecond apart, so the first welcome note is listed first (the list is newest first).
    const start = Date.now();
    for (const [index, text] of texts.entries()) await this.add(text, new Date(start - index));
    return texts.length;
  }
}
