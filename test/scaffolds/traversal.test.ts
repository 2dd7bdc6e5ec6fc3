// The traversal scaffold, end to end: create, install, test, build, start and fetch the root folder.
// production.ini ships without an editor password: the page says editing is disabled, with no sign-in link.
import { testScaffold } from './run-scaffold.js';

testScaffold('traversal', {
  home: /^(?![\s\S]*Sign in)[\s\S]*<span class="user">Editing is disabled<\/span>[\s\S]*<a href="\/welcome\/">Welcome<\/a>[\s\S]*set <code>auth\.password<\/code>/,
});
