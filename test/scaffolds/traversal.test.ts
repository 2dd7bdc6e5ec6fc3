// The traversal scaffold, end to end: create, install, test, build, start and fetch the root folder.
// production.ini ships without an editor password: the page says editing is disabled, with no sign-in link;
// development.ini has one, so the page served by npm run dev invites signing in.
import { testScaffold } from './run-scaffold.js';

testScaffold('traversal', {
  home: /^(?![\s\S]*Sign in)[\s\S]*<span class="user">Editing is disabled<\/span>[\s\S]*<a href="\/welcome\/">Welcome<\/a>[\s\S]*set <code>auth\.password<\/code>/,
  devHome:
    /<span class="user"><a href="\/@@login[^"]*">Sign in<\/a><\/span>[\s\S]*<a href="\/welcome\/">Welcome<\/a>/,
});
