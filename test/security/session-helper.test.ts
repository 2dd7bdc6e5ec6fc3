import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as session from '../../addons/session/index.js';
import { forget, type Request, remember, SessionAuthenticationHelper } from '../../lib/index.js';
import { appWith, CookieJar } from '../helpers.js';

describe('SessionAuthenticationHelper', () => {
  it('keeps the user id in the session; another login or a logout invalidates it', async () => {
    const helper = new SessionAuthenticationHelper();
    const app = await appWith(
      (config) => {
        config.include(session);
        config.setSecurityPolicy({
          identity: (request) => helper.authenticatedUserid(request),
          authenticatedUserid: (request) => helper.authenticatedUserid(request),
          permits: () => true,
          remember: (request, userid) => helper.remember(request, userid),
          forget: (request) => helper.forget(request),
        });
        config.addRoute('login', '/login/{user}');
        config.addRoute('logout', '/logout');
        config.addRoute('me', '/me');
        config.addView(
          (request: Request) => {
            const headers = remember(request, String(request.matchdict.user));
            request.session.set('cart', request.session.get('cart') ?? ['tea']);
            return { headers };
          },
          { routeName: 'login', renderer: 'json' },
        );
        config.addView((request: Request) => ({ headers: forget(request) }), {
          routeName: 'logout',
          renderer: 'json',
        });
        config.addView(
          (request: Request) => ({
            user: request.authenticatedUserid,
            cart: request.session.get('cart') ?? null,
          }),
          { routeName: 'me', renderer: 'json' },
        );
      },
      { settings: { 'session.secret': 'a-test-secret-that-is-long-enough-0001' } },
    );
    const jar = new CookieJar();
    assert.deepEqual((await jar.call(app, '/login/ada')).json, { headers: [] });
    assert.deepEqual((await jar.call(app, '/me')).json, { user: 'ada', cart: ['tea'] });
    await jar.call(app, '/login/ada');
    assert.deepEqual((await jar.call(app, '/me')).json, { user: 'ada', cart: ['tea'] });
    await jar.call(app, '/logout');
    assert.deepEqual((await jar.call(app, '/me')).json, { user: null, cart: null });
  });

  it('remember and forget give no headers without a security policy', async () => {
    const app = await appWith((config) => {
      config.addRoute('r', '/r');
      config.addView(
        (request: Request) => ({ remember: remember(request, 'ada'), forget: forget(request) }),
        {
          routeName: 'r',
          renderer: 'json',
        },
      );
    });
    assert.deepEqual((await new CookieJar().call(app, '/r')).json, { remember: [], forget: [] });
  });
});
