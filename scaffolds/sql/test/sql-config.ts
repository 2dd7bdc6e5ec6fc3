// A committed test configuration with the SQL add-on on a fresh in-memory SQLite database.
import { fileURLToPath } from 'node:url';
import type { Configurator } from 'ziggurat';
import sql, { getDatabase } from 'ziggurat/addons/sql';
import { testConfig } from 'ziggurat/testing';
import { MIGRATIONS } from '../src/paths.js';

/**
 * A configuration whose `getDatabase(config.registry)` is an empty in-memory database (not migrated).
 * Close it with `closeDatabase(config)`.
 */
export async function sqlTestConfig(): Promise<Configurator> {
  const config = testConfig({
    settings: { 'sql.url': 'sqlite::memory:', 'sql.migrations': fileURLToPath(MIGRATIONS) },
  });
  config.include(sql);
  await config.commit();
  return config;
}

/** Close the database of a configuration made by sqlTestConfig. */
export async function closeDatabase(config: Configurator): Promise<void> {
  await getDatabase(config.registry).destroy();
}
