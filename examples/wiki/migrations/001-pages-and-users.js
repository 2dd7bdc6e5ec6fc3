// The wiki's first migration: the users and pages tables (plain JS, so `ziggurat migrate` needs no build).

/** @param {import('kysely').Kysely<any>} db */
export async function up(db) {
  await db.schema
    .createTable('users')
    .addColumn('name', 'varchar(100)', (column) => column.primaryKey())
    .addColumn('role', 'varchar(20)', (column) => column.notNull())
    .addColumn('password_hash', 'varchar(200)', (column) => column.notNull())
    .execute();
  await db.schema
    .createTable('pages')
    .addColumn('name', 'varchar(100)', (column) => column.primaryKey())
    .addColumn('body', 'text', (column) => column.notNull())
    .addColumn('author', 'varchar(100)', (column) => column.references('users.name').onDelete('set null'))
    .addColumn('updated_at', 'varchar(40)', (column) => column.notNull())
    .execute();
}

/** @param {import('kysely').Kysely<any>} db */
export async function down(db) {
  await db.schema.dropTable('pages').execute();
  await db.schema.dropTable('users').execute();
}
