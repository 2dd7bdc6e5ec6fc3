import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type Configurator,
  NO_PERMISSION_REQUIRED,
  type Request,
  type SecurityPolicy,
} from '../../lib/index.js';
import { appWith, call, label } from '../helpers.js';

/** A policy granting the permissions named in the X-Grant header. */
const headerPolicy: SecurityPolicy = {
  identity: (request) => request.headerValue('x-user') ?? null,
  authenticatedUserid: (request) => request.headerValue('x-user') ?? null,
  permits: (request, _context, permission) =>
    (request.headerValue('x-grant') ?? '').split(',').includes(permission),
  remember: (_request, userid) => [['X-Remember', userid]],
  forget: () => [['X-Forget', '1']],
};

function securedApp(configure: (config: Configurator) => void) {
  return appWith((config) => {
    config.setSecurityPolicy(headerPolicy);
    config.addRoute('r', '/r');
    configure(config);
  });
}

describe('view permissions', () => {
  it('answers 403 when the policy denies the view permission, the view when it allows it', async () => {
    const app = await securedApp((config) =>
      config.addView(label('secret'), { routeName: 'r', renderer: 'json', permission: 'view' }),
    );
    assert.equal((await call(app, '/r')).status, 403);
    assert.equal((await call(app, { url: '/r', headers: { 'x-grant': 'view' } })).json?.view, 'secret');
  });

  it('checks predicates before permissions, so a predicate mismatch is a 404', async () => {
    const app = await securedApp((config) =>
      config.addView(label('secret'), { routeName: 'r', renderer: 'json', permission: 'view', xhr: true }),
    );
    assert.equal((await call(app, '/r')).status, 404);
  });

  it('applies the default permission unless a view opts out', async () => {
    const app = await securedApp((config) => {
      config.setDefaultPermission('view');
      config.addRoute('open', '/open');
      config.addView(label('guarded'), { routeName: 'r', renderer: 'json' });
      config.addView(label('open'), {
        routeName: 'open',
        renderer: 'json',
        permission: NO_PERMISSION_REQUIRED,
      });
    });
    assert.equal((await call(app, '/r')).status, 403);
    assert.equal((await call(app, '/open')).json?.view, 'open');
  });

  it('runs the forbidden view for a denied permission', async () => {
    const app = await securedApp((config) => {
      config.addView(label('secret'), { routeName: 'r', renderer: 'json', permission: 'view' });
      config.addForbiddenView(label('please log in'), { renderer: 'json' });
    });
    const res = await call(app, '/r');
    assert.equal(res.status, 403);
    assert.equal(res.json?.view, 'please log in');
  });

  it('exposes identity, authenticatedUserid and hasPermission on the request', async () => {
    const app = await securedApp((config) =>
      config.addView(
        async (request: Request) => ({
          identity: await request.identity,
          userid: await request.authenticatedUserid,
          canEdit: await request.hasPermission('edit'),
        }),
        { routeName: 'r', renderer: 'json' },
      ),
    );
    const res = await call(app, { url: '/r', headers: { 'x-user': 'ada', 'x-grant': 'edit' } });
    assert.deepEqual(res.json, { identity: 'ada', userid: 'ada', canEdit: true });
  });

  it('asks the policy for identity and user id once per request', async () => {
    const calls = { identity: 0, userid: 0 };
    const app = await appWith((config) => {
      config.setSecurityPolicy({
        identity: () => ({ n: ++calls.identity }),
        authenticatedUserid: () => String(++calls.userid),
        permits: () => true,
        remember: () => [],
        forget: () => [],
      });
      config.addRoute('r', '/r');
      config.addView(
        (request: Request) => [
          request.identity,
          request.identity,
          request.authenticatedUserid,
          request.authenticatedUserid,
        ],
        { routeName: 'r', renderer: 'json' },
      );
    });
    assert.deepEqual((await call(app, '/r')).json, [{ n: 1 }, { n: 1 }, '1', '1']);
    assert.deepEqual((await call(app, '/r')).json, [{ n: 2 }, { n: 2 }, '2', '2']);
  });

  it('rejects a policy that lacks a method', async () => {
    await assert.rejects(
      appWith((config) => config.setSecurityPolicy({ identity: () => null } as unknown as SecurityPolicy)),
      /lacks authenticatedUserid, permits, remember, forget/,
    );
  });
});
