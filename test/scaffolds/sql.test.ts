// The sql scaffold, end to end: create, install, test, build, then npm start (which builds, migrates and
// seeds the SQLite database) and fetch the home page: the CSRF-protected form, then the seeded notes.
import { testScaffold } from './run-scaffold.js';

testScaffold('sql', {
  home: /<input type="hidden" name="csrf_token" value="[\w-]{20,}">[\s\S]*<li><time datetime="[^"]+">[\d-]+<\/time> Welcome to Shop! This note was added by ziggurat initdb[\s\S]*add one with the form above/,
});
