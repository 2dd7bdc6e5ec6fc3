// The wiki's tables, as Kysely sees them (the migrations in ../migrations create them).

/** A wiki page, named by its WikiWord. */
export interface PagesTable {
  name: string;
  body: string;
  /** The user who saved the page last. */
  author: string | null;
  /** When the page was saved last (ISO 8601). */
  updated_at: string;
}

/** A user who can log in. */
export interface UsersTable {
  name: string;
  /** 'editor' (may add and edit pages) or 'basic' (may only view). */
  role: string;
  /** A hash made by hashPassword (scrypt). */
  password_hash: string;
}

/** Every table of the wiki's database. */
export interface WikiDatabase {
  pages: PagesTable;
  users: UsersTable;
}
