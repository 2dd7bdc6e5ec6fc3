// The sql scaffold, end to end: create, install, test, build, then npm start (which builds, migrates and
// seeds the SQLite database) and fetch the home page listing the seeded notes.
import { testScaffold } from './run-scaffold.js';

testScaffold('sql', {
  home: /<li><time datetime="[^"]+">[\d-]+<\/time> Welcome to Shop! This note was added by ziggurat initdb/,
});
