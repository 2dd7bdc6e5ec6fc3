// `ziggurat views <path>`: route, traversal and each candidate's predicates for the fixture app.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cli } from './helpers.js';

describe('ziggurat views', () => {
  it('shows the matched route, its matchdict, and which view would answer', async () => {
    const { code, stdout } = await cli(['views', '/items/7']);
    assert.equal(code, 0);
    assert.match(stdout, /^GET \/items\/7$/m);
    assert.match(stdout, /^route: item \(\/items\/\{id\}\)$/m);
    assert.match(stdout, /^ {2}\* item {2}\/items\/\{id\} {2}matchdict \{"id":"7"\}$/m);
    assert.match(stdout, /^ {2}\* showItem .*\n {6}pass {2}requestMethod = GET,HEAD$/m);
    assert.match(stdout, /^ {2}- ItemViews\.update .*\n {6}FAIL {2}requestMethod = POST$/m);
    assert.match(stdout, /^outcome: view showItem$/m);
  });

  it('explains a 405 when only the method fails, and a route predicate that fails', async () => {
    const deleted = await cli(['views', '/items/7', '--method', 'DELETE']);
    assert.match(deleted.stdout, /^outcome: 405 Method Not Allowed$/m);
    const api = await cli(['views', '/api/x']);
    assert.match(api.stdout, /^ {2}- api {2}\/api\/\{name\} .*\n {6}FAIL {2}header x-api$/m);
    assert.match(api.stdout, /^route: none/m);
    const withHeader = await cli(['views', '/api/x', '--header', 'X-Api: 1']);
    assert.match(withHeader.stdout, /^route: api /m);
  });

  it('shows the traversal result: context, view name, subpath', async () => {
    const { stdout } = await cli(['views', '/docs/readme/edit/a/b', '--method', 'POST']);
    assert.match(stdout, /^route: none \(traversal from the root\)$/m);
    assert.match(stdout, /^context: Document \/docs\/readme\/$/m);
    assert.match(stdout, /^view name: 'edit'$/m);
    assert.match(stdout, /^subpath: \["a","b"\]$/m);
    assert.match(stdout, /^traversed: \["docs","readme"\]$/m);
    assert.match(stdout, /^ {2}\* anonymous {2}context=Document name='edit'/m);
    const missing = await cli(['views', '/docs/nothing-here']);
    assert.match(missing.stdout, /^context: Folder \/docs\/$/m);
    assert.match(missing.stdout, /^candidate views: none$/m);
    assert.match(missing.stdout, /^outcome: 404 Not Found$/m);
  });

  it('shows the static view that serves a path, its directory and the file it sends', async () => {
    const { code, stdout } = await cli(['views', '/static/site.css']);
    assert.equal(code, 0);
    assert.match(stdout, /^static view: static {2}\/static\/\*subpath {2}\(\S*app\.ts:\d+\)$/m);
    assert.match(stdout, /^directory: static\/?$/m);
    assert.match(stdout, /^file: static\/site\.css$/m);
    assert.match(stdout, /^outcome: static view static$/m);
    assert.doesNotMatch(stdout, /^route:/m);
    const served = await cli(['request', '/static/site.css']);
    assert.match(
      served.stdout,
      /^200 OK\n[\s\S]*^content-type: text\/css[\s\S]*\n\nbody \{\s+color: teal;\s+\}\n$/m,
    );
  });

  it('says 404 for a file the static view lacks, and leaves a route its own path', async () => {
    const missing = await cli(['views', '/static/nothing.css']);
    assert.match(missing.stdout, /^file: none \(no such file: 404\)$/m);
    assert.match(missing.stdout, /^outcome: 404 Not Found$/m);
    const special = await cli(['views', '/static/special']);
    assert.match(special.stdout, /^route: special \(\/static\/special\)$/m);
    assert.match(special.stdout, /^outcome: view special$/m);
    assert.match((await cli(['request', '/static/special'])).stdout, /\{"special":true\}/);
    const posted = await cli(['views', '/static/site.css', '--method', 'POST']);
    assert.doesNotMatch(posted.stdout, /^static view:/m, 'a static view answers GET and HEAD only');
  });
});
