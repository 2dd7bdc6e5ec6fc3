// The SQLite file's folder: SQLite creates the database file, but not the folder it goes in.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseDatabaseUrl } from 'ziggurat/addons/sql';

/**
 * Make the folder of a `sqlite:` database file (SQLite creates the file, not its folder); other URLs
 * are left alone, and a bad one is reported when the configuration is committed.
 * @example makeDatabaseFolder('sqlite:/srv/app/var/app.sqlite') // makes /srv/app/var
 */
export function makeDatabaseFolder(url: string | undefined): void {
  if (!url?.trim().startsWith('sqlite:')) return;
  const target = parseDatabaseUrl(url);
  if (target.dialect === 'sqlite' && target.file !== ':memory:') {
    mkdirSync(dirname(target.file), { recursive: true });
  }
}
