// Pages: reading and saving wiki pages through Kysely.
import type { Kysely, Selectable } from 'kysely';
import type { PagesTable, WikiDatabase } from '../schema.js';

/** A page as read from the database. */
export type Page = Selectable<PagesTable>;

/**
 * The wiki's pages, over one Kysely handle (in a view: the request's transaction).
 * @example
 * const pages = new PageRepository(request.db);
 * await pages.add('FrontPage', 'Hello', 'editor');
 * (await pages.find('FrontPage'))?.body // 'Hello'
 */
export class PageRepository {
  readonly #db: Kysely<WikiDatabase>;

  constructor(db: Kysely<WikiDatabase>) {
    this.#db = db;
  }

  /** The page named `name`, or undefined. */
  find(name: string): Promise<Page | undefined> {
    return this.#db.selectFrom('pages').selectAll().where('name', '=', name).executeTakeFirst();
  }

  /** Every page, by name. */
  list(): Promise<Page[]> {
    return this.#db.selectFrom('pages').selectAll().orderBy('name').execute();
  }

  /** Which of `names` are pages. */
  async existing(names: readonly string[]): Promise<Set<string>> {
    if (names.length === 0) return new Set();
    const rows = await this.#db.selectFrom('pages').select('name').where('name', 'in', names).execute();
    return new Set(rows.map((row) => row.name));
  }

  /**
   * Add a new page; false when a page of that name exists (one query, so two editors adding the same
   * page at once cannot both pass a check made before it).
   */
  async add(name: string, body: string, author: string | null): Promise<boolean> {
    const result = await this.#db
      .insertInto('pages')
      .values({ name, body, author, updated_at: new Date().toISOString() })
      .onConflict((conflict) => conflict.column('name').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
  }

  /** Save a new body for an existing page. */
  async update(name: string, body: string, author: string | null): Promise<void> {
    await this.#db
      .updateTable('pages')
      .set({ body, author, updated_at: new Date().toISOString() })
      .where('name', '=', name)
      .execute();
  }
}
