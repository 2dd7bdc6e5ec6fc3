// The first migration: the notes table. Plain JavaScript, so `ziggurat migrate` runs it without a build.
// A new migration is a new file here (0002-..., run in file-name order) exporting up(db) and down(db).

/** @param {import('kysely').Kysely<any>} db */
export async function up(db) {
  await db.schema
    .createTable('notes')
    .addColumn('id', 'varchar(36)', (column) => column.primaryKey())
    .addColumn('text', 'varchar(500)', (column) => column.notNull())
    .addColumn('created_at', 'varchar(40)', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('notes_created_at').on('notes').column('created_at').execute();
}

/** @param {import('kysely').Kysely<any>} db */
export async function down(db) {
  await db.schema.dropTable('notes').execute();
}
