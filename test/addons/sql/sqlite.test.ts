// The SQL add-on on a real SQLite file (better-sqlite3).
import { sqliteDatabase } from './databases.js';
import { transactionSuite } from './transactions.case.js';

transactionSuite('SQLite', sqliteDatabase);
