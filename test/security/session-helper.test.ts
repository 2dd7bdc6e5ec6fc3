import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as csrf from '../../addons/csrf/index.js';
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
    assert.deepEqual(
      (await jar.call(app, '/me')).json,
      { user: null, cart: ['tea'] },
      'log-out keeps the rest',
    );
  });

  it('gives the session a new CSRF token at each log-in, keeping the rest, and empties it for another user', async () => {
    const helper = new SessionAuthenticationHelper();
    const app = await appWith(
      (config) => {
        config.include(session);
        config.include(csrf);
        config.setSecurityPolicy({
          identity: (request) => helper.authenticatedUserid(request),
          authenticatedUserid: (request) => helper.authenticatedUserid(request),
          permits: () => true,
          remember: (request, userid) => helper.remember(request, userid),
          forget: (request) => helper.forget(request),
        });
        config.addRoute('login', '/login/{user}');
        config.addRoute('state', '/state');
        config.addView(
          (request: Request) => {
            const before = request.csrfToken;
            remember(request, String(request.matchdict.user));
            return { renewed: request.csrfToken !== before };
          },
          { routeName: 'login', renderer: 'json' },
        );
        config.addRoute('cart', '/cart');
        config.addView(
          (request: Request) => {
            request.session.set('cart', ['tea']);
            return 'added';
          },
          { routeName: 'cart', renderer: 'string' },
        );
        config.addView(
          (request: Request) => ({
            user: request.authenticatedUserid,
            cart: request.session.get('cart') ?? null,
            token: request.csrfToken,
          }),
          { routeName: 'state', renderer: 'json' },
        );
      },
      { settings: { 'session.secret': 'a-test-secret-that-is-long-enough-0001' } },
    );
    const jar = new CookieJar();
    await jar.call(app, '/cart');
    const anonymous = (await jar.call(app, '/state')).json;
    assert.deepEqual((await jar.call(app, '/login/ada')).json, { renewed: true });
    const ada = (await jar.call(app, '/state')).json;
    assert.deepEqual([ada.user, ada.cart], ['ada', ['tea']], 'the anonymous cart is kept');
    assert.notEqual(ada.token, anonymous.token, 'a token an attacker planted before log-in is worthless');
    await jar.call(app, '/login/ada');
    assert.notEqual((await jar.call(app, '/state')).json.token, ada.token, 'a new token at every log-in');
    await jar.call(app, '/login/grace');
    const grace = (await jar.call(app, '/state')).json;
    assert.deepEqual([grace.user, grace.cart], ['grace', null], "nothing of ada's is kept");
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
