// The traversal scaffold, end to end: create, install, test, build, start and fetch the root folder.
import { testScaffold } from './run-scaffold.js';

testScaffold('traversal', { home: /<a href="\/welcome\/">Welcome<\/a>/ });
