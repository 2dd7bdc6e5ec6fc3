// The demo data a new wiki starts with: two users and a FrontPage.
import type { Kysely } from 'kysely';
import { PageRepository } from './models/pages.js';
import { UserRepository } from './models/users.js';
import type { WikiDatabase } from './schema.js';

/** The demo users (documented in the README): name, role, password. */
export const DEMO_USERS = [
  { name: 'editor', role: 'editor', password: 'editor' },
  { name: 'basic', role: 'basic', password: 'basic' },
] as const;

const FRONT_PAGE_BODY = `Welcome to the Ziggurat wiki.

Every CamelCase word, such as FrontPage or ZigguratWiki, links to the page of that name. A word whose page does not exist yet links to a form that adds it.

Log in as editor (password editor) to edit this page, or as basic (password basic) to see what a user who may only read is told.`;

/**
 * Seed an empty database (one with no users): the demo users and a FrontPage. Returns whether it did.
 * @example await seed(getDatabase(config.registry));
 */
export async function seed(db: Kysely<WikiDatabase>): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const anyone = await trx.selectFrom('users').select('name').limit(1).executeTakeFirst();
    if (anyone) return false;
    const users = new UserRepository(trx);
    for (const user of DEMO_USERS) await users.add(user.name, user.role, user.password);
    const pages = new PageRepository(trx);
    if (!(await pages.find('FrontPage'))) await pages.add('FrontPage', FRONT_PAGE_BODY, 'editor');
    return true;
  });
}
