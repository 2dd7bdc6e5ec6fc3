// The SQL add-on on a real PostgreSQL server (127.0.0.1:5432): the shared suite, isolation and retries.
import { postgresDatabase } from './databases.js';
import { transactionSuite } from './transactions.case.js';

transactionSuite('PostgreSQL', postgresDatabase);
