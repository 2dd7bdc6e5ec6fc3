import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type ACL,
  ACLHelper,
  ACLPermitsResult,
  ALL_PERMISSIONS,
  Allow,
  Authenticated,
  Configurator,
  DENY_ALL,
  Deny,
  Everyone,
  type HTTPForbidden,
  type Request,
} from '../../lib/index.js';
import { call } from '../helpers.js';

class Node {
  constructor(
    readonly __name__: string,
    readonly __parent__: Node | null,
    readonly __acl__?: ACL | (() => ACL),
  ) {}
}

const root = new Node('', null, [
  [Allow, Everyone, 'view'],
  [Allow, 'group:editors', ['edit', 'publish']],
  [Allow, 'admin', ALL_PERMISSIONS],
]);
const blog = new Node('blog', root, [[Deny, 'user:mallory', 'view']]);
const draft = new Node('draft', blog, () => [[Allow, 'user:ada', 'view'], DENY_ALL]);
const bare = new Node('bare', null);

describe('ACLHelper.permits', () => {
  const acl = new ACLHelper();

  it('lets the first matching entry up the lineage decide', () => {
    assert.equal(acl.permits(blog, [Everyone], 'view').allowed, true);
    assert.equal(acl.permits(blog, [Everyone, 'user:mallory'], 'view').allowed, false);
    assert.equal(acl.permits(blog, [Everyone, 'group:editors'], 'publish').allowed, true);
    assert.equal(acl.permits(blog, [Everyone, Authenticated], 'edit').allowed, false);
    assert.equal(acl.permits(blog, ['admin'], 'anything at all').allowed, true);
  });

  it('reads an ACL function, and DENY_ALL stops inheritance', () => {
    assert.equal(acl.permits(draft, [Everyone, 'user:ada'], 'view').allowed, true);
    assert.equal(acl.permits(draft, [Everyone], 'view').allowed, false);
    assert.equal(acl.permits(draft, [Everyone, 'admin'], 'edit').allowed, false);
  });

  it('denies when no ACL anywhere matches, or there is none', () => {
    assert.equal(acl.permits(bare, [Everyone], 'view').allowed, false);
    assert.equal(acl.permits(null, [Everyone], 'view').allowed, false);
    assert.equal(acl.permits(root, [Everyone], 'delete').allowed, false);
  });

  it('keeps the resource asked about as .context and the one whose ACL decided as .location', () => {
    // Pyramid's ACLPermitsResult.context is the deciding resource: here that is .location.
    const inherited = acl.permits(blog, [Everyone], 'view');
    assert.equal(inherited.allowed, true);
    assert.equal(inherited.context, blog);
    assert.equal(inherited.location, root);
    assert.equal(inherited.acl, root.__acl__);
    assert.deepEqual(inherited.ace, [Allow, Everyone, 'view']);
    const undecided = acl.permits(bare, [Everyone], 'view');
    assert.deepEqual([undecided.context, undecided.location, undecided.acl], [bare, null, null]);
  });

  it('explains which entry of which resource decided', () => {
    const denied = acl.permits(blog, [Everyone, 'user:mallory'], 'view');
    assert.ok(denied instanceof ACLPermitsResult);
    assert.equal(denied.location, blog);
    assert.deepEqual(denied.ace, [Deny, 'user:mallory', 'view']);
    assert.equal(
      String(denied),
      `ACLDenied: permission 'view' via ACE [Deny, "user:mallory", "view"] in the ACL of <Node 'blog'> (context <Node 'blog'>) for principals ["system.Everyone","user:mallory"]`,
    );
    const allowed = acl.permits(draft, [Everyone, 'admin'], 'x');
    assert.match(
      String(allowed),
      /^ACLDenied: permission 'x' via ACE \[Deny, "system.Everyone", ALL_PERMISSIONS\] in the ACL of <Node 'draft'>/,
    );
    const none = acl.permits(bare, [Everyone], 'view');
    assert.equal(none.ace, null);
    assert.match(
      String(none),
      /^ACLDenied: no ACE in the lineage of <Node 'bare'> matches permission 'view'/,
    );
  });
});

describe('ACLHelper.principalsAllowedByPermission', () => {
  const acl = new ACLHelper();

  it('collects allowed principals from the root down, removing denied ones', () => {
    assert.deepEqual([...acl.principalsAllowedByPermission(blog, 'view')].sort(), ['admin', Everyone].sort());
    assert.deepEqual([...acl.principalsAllowedByPermission(blog, 'publish')].sort(), [
      'admin',
      'group:editors',
    ]);
    assert.deepEqual([...acl.principalsAllowedByPermission(draft, 'view')], ['user:ada']);
    assert.deepEqual([...acl.principalsAllowedByPermission(bare, 'view')], []);
  });
});

describe('permissions in an app', () => {
  async function app() {
    const config = new Configurator({ settings: { 'ziggurat.debugAuthorization': false } });
    config.setRootFactory(() => draft);
    config.setSecurityPolicy({
      identity: (request) => request.headerValue('x-user') ?? null,
      authenticatedUserid: (request) => request.headerValue('x-user') ?? null,
      permits: (request, context, permission) => {
        const user = request.headerValue('x-user');
        return new ACLHelper().permits(
          context,
          user ? [Everyone, Authenticated, `user:${user}`] : [Everyone],
          permission,
        );
      },
      remember: () => [],
      forget: () => [],
    });
    config.addRoute('doc', '/doc', { requestMethod: ['GET', 'POST'] } as never);
    config.addView(() => ({ ok: true }), {
      routeName: 'doc',
      permission: 'view',
      renderer: 'json',
      requestParam: 'v',
    });
    config.addView(
      async (request: Request) => ({
        edit: await request.hasPermission('edit'),
        view: await request.hasPermission('view'),
      }),
      { routeName: 'doc', permission: 'view', renderer: 'json' },
    );
    config.addForbiddenView(
      (request: Request) => {
        request.response.status = 403;
        return { why: String((request.exception as HTTPForbidden).result) };
      },
      { renderer: 'json' },
    );
    return config.makeApp();
  }

  it('checks a route view against its root, and the forbidden view sees why', async () => {
    const served = await app();
    assert.deepEqual((await call(served, { url: '/doc?v', headers: { 'x-user': 'ada' } })).json, {
      ok: true,
    });
    assert.deepEqual((await call(served, { url: '/doc', headers: { 'x-user': 'ada' } })).json, {
      edit: false,
      view: true,
    });
    const denied = await call(served, { url: '/doc?v', headers: { 'x-user': 'bob' } });
    assert.equal(denied.status, 403);
    assert.match(
      denied.json.why,
      /^ACLDenied: permission 'view' via ACE \[Deny, "system.Everyone", ALL_PERMISSIONS\]/,
    );
  });
});
