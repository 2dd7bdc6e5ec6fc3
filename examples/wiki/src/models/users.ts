// Users: accounts, their groups and their passwords.
import type { Kysely, Selectable } from 'kysely';
import { checkPassword, hashPassword, NO_PASSWORD } from '../passwords.js';
import type { UsersTable, WikiDatabase } from '../schema.js';

/** A user as read from the database. */
export type User = Selectable<UsersTable>;

/** The group of users who may add and edit pages (named in the root's ACL). */
export const EDITORS = 'group:editors';

/**
 * The security groups of a user, from their role.
 * @example groupsOf({ role: 'editor' }) // ['group:editors']
 */
export function groupsOf(user: Pick<User, 'role'>): string[] {
  return user.role === 'editor' ? [EDITORS] : [];
}

/**
 * The wiki's users, over one Kysely handle.
 * @example
 * const users = new UserRepository(request.db);
 * await users.authenticate('editor', 'editor') // the editor's row, or undefined for a wrong password
 */
export class UserRepository {
  readonly #db: Kysely<WikiDatabase>;

  constructor(db: Kysely<WikiDatabase>) {
    this.#db = db;
  }

  /** The user named `name`, or undefined. */
  find(name: string): Promise<User | undefined> {
    return this.#db.selectFrom('users').selectAll().where('name', '=', name).executeTakeFirst();
  }

  /** Add a user, hashing the password. */
  async add(name: string, role: string, password: string): Promise<void> {
    const password_hash = await hashPassword(password);
    await this.#db.insertInto('users').values({ name, role, password_hash }).execute();
  }

  /** The user with this name and password, or undefined (unknown users take as long as known ones). */
  async authenticate(name: string, password: string): Promise<User | undefined> {
    const user = await this.find(name);
    const matches = await checkPassword(password, user?.password_hash ?? NO_PASSWORD);
    return matches ? user : undefined;
  }
}
