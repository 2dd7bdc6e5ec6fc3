// Hostile inputs against the example wiki's log-in, log-out and forms: session fixation, CSRF from
// another origin (on http, https and behind a proxy), replayed cookies after log-out, Redis going away.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { Redis } from 'ioredis';
import { PrivateRedis } from '../addons/session/private-redis.js';
import { CookieJar } from '../helpers.js';
import { makeWiki, SECRET, wikiMain } from './wiki-app.js';

/** The CSRF token in a page's forms. */
function tokenIn(html: string): string {
  const token = /name="csrf_token" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(token, 'the page has a form with a CSRF token');
  return token;
}

/** POST a form, as a browser would (with more headers, such as Origin). */
function post(
  jar: CookieJar,
  app: FastifyInstance,
  url: string,
  fields: Record<string, string>,
  headers: InjectOptions['headers'] = {},
) {
  return jar.call(app, {
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: new URLSearchParams(fields).toString(),
  });
}

/** Log in through the form, taking its CSRF token first. */
async function logIn(jar: CookieJar, app: FastifyInstance, user: string) {
  const form = await jar.call(app, '/login');
  const reply = await post(jar, app, '/login', {
    csrf_token: tokenIn(form.body),
    username: user,
    password: user,
  });
  assert.equal(reply.status, 303, `${user} logs in`);
}

/** A copy of a jar: the attacker's copy of the victim's cookies, or the cookie planted in the victim's browser. */
function copyOf(jar: CookieJar): CookieJar {
  const copy = new CookieJar();
  for (const [name, value] of jar.cookies) copy.cookies.set(name, value);
  return copy;
}

const loggedIn = async (jar: CookieJar, app: FastifyInstance) =>
  /Logged in as/.test((await jar.call(app, '/FrontPage')).body);

describe('the example wiki under attack: sessions and CSRF', { timeout: 120_000 }, () => {
  let redis: PrivateRedis;
  let client: Redis;
  let cookieWiki: FastifyInstance;
  let redisWiki: FastifyInstance;
  let revokingWiki: FastifyInstance;
  let proxiedWiki: FastifyInstance;

  before(async () => {
    redis = await PrivateRedis.start();
    client = new Redis(redis.url);
    // This test's own client: the outages it causes are expected.
    client.on('error', () => {});
    const redisSettings = { 'session.redis.url': redis.url, 'session.redis.prefix': 'wiki:' };
    cookieWiki = await makeWiki();
    redisWiki = await makeWiki({ 'session.store': 'redis', ...redisSettings });
    revokingWiki = await makeWiki({ 'session.revocation': true, ...redisSettings });
    const main = await wikiMain();
    proxiedWiki = await main({
      'sql.url': 'sqlite::memory:',
      'session.secret': SECRET,
      'ziggurat.allowed_hosts': 'wiki.example.com',
    }).makeApp({
      trustProxy: true,
    });
  });
  after(async () => {
    await Promise.all([cookieWiki, redisWiki, revokingWiki, proxiedWiki].map((app) => app?.close()));
    client?.disconnect();
    await redis?.stop();
  });

  it('session fixation (Redis store): a planted pre-login session id is replaced at log-in, deleted and never logged in', async () => {
    const attacker = new CookieJar();
    const plantedToken = tokenIn((await attacker.call(redisWiki, '/login')).body);
    const planted = attacker.cookies.get('session') as string;
    const plantedId = planted.split('.')[0];
    assert.equal(await client.exists(`wiki:${plantedId}`), 1);
    const victim = copyOf(attacker);
    await logIn(victim, redisWiki, 'editor');
    assert.notEqual(victim.cookies.get('session'), planted, 'a new session id at log-in');
    assert.equal(await client.exists(`wiki:${plantedId}`), 0, 'the planted id is gone from Redis');
    assert.equal(await loggedIn(victim, redisWiki), true);
    assert.equal(await loggedIn(attacker, redisWiki), false, 'the planted id is not logged in');
    const victimToken = tokenIn((await victim.call(redisWiki, '/FrontPage/edit_page')).body);
    assert.notEqual(victimToken, plantedToken, 'the CSRF token known before log-in is renewed');
    const defaced = await post(attacker, redisWiki, '/FrontPage/edit_page', {
      csrf_token: plantedToken,
      body: 'Defaced',
    });
    assert.equal(defaced.status, 303);
    assert.match(String(defaced.headers.location), /^\/login/, 'the attacker is sent to log in');
    assert.doesNotMatch((await victim.call(redisWiki, '/FrontPage')).body, /Defaced/);
  });

  it('session fixation (cookie store): log-in renews the session cookie and the CSRF token a planted session knew', async () => {
    const attacker = new CookieJar();
    const plantedToken = tokenIn((await attacker.call(cookieWiki, '/login')).body);
    const victim = copyOf(attacker);
    await logIn(victim, cookieWiki, 'editor');
    assert.notEqual(victim.cookies.get('session'), attacker.cookies.get('session'));
    assert.equal(await loggedIn(attacker, cookieWiki), false);
    const victimToken = tokenIn((await victim.call(cookieWiki, '/FrontPage/edit_page')).body);
    assert.notEqual(victimToken, plantedToken);
    const forged = await post(victim, cookieWiki, '/FrontPage/edit_page', {
      csrf_token: plantedToken,
      body: 'x',
    });
    assert.equal(forged.status, 400, "the planted token no longer passes with the victim's session");
  });

  it('CSRF from another origin: a form posted from elsewhere is refused (403) on http and behind a TLS proxy', async () => {
    const evil = { origin: 'https://evil.example' };
    const jar = new CookieJar();
    await logIn(jar, cookieWiki, 'editor');
    const token = tokenIn((await jar.call(cookieWiki, '/FrontPage/edit_page')).body);
    const refused = await post(
      jar,
      cookieWiki,
      '/FrontPage/edit_page',
      { csrf_token: token, body: 'Evil' },
      evil,
    );
    assert.equal(refused.status, 403, 'on http');
    assert.match(refused.body, /<title>Form expired · Ziggurat wiki<\/title>/);
    const same = { origin: 'http://localhost:80' };
    const saved = await post(
      jar,
      cookieWiki,
      '/FrontPage/edit_page',
      { csrf_token: token, body: 'Mine' },
      same,
    );
    assert.equal(saved.status, 303, 'the same origin passes');

    const proxy = { host: 'wiki.example.com', 'x-forwarded-proto': 'https' };
    const viaProxy = new CookieJar();
    const form = await viaProxy.call(proxiedWiki, { url: '/login', headers: proxy });
    const fields = { csrf_token: tokenIn(form.body), username: 'editor', password: 'editor' };
    const foreign = await post(viaProxy, proxiedWiki, '/login', fields, { ...proxy, ...evil });
    assert.equal(foreign.status, 403, 'on https behind a proxy');
    const noReferer = await post(viaProxy, proxiedWiki, '/login', fields, proxy);
    assert.equal(noReferer.status, 403, 'on https, a POST needs an Origin or a Referer');
    const referer = { ...proxy, referer: 'https://wiki.example.com/login' };
    const fine = await post(viaProxy, proxiedWiki, '/login', fields, referer);
    assert.equal(fine.status, 303, 'a good Referer without Origin passes on https');
    assert.match(String(fine.headers['set-cookie']), /; Secure/);
  });

  it('log-out with revocation: a copy of the session cookie taken before no longer logs in', async () => {
    const jar = new CookieJar();
    await logIn(jar, revokingWiki, 'editor');
    const stolen = copyOf(jar);
    const other = new CookieJar();
    await logIn(other, revokingWiki, 'editor');
    const page = await jar.call(revokingWiki, '/FrontPage');
    const out = await post(jar, revokingWiki, '/logout', { csrf_token: tokenIn(page.body) });
    assert.equal(out.status, 303);
    assert.equal(await loggedIn(jar, revokingWiki), false);
    assert.equal(await loggedIn(stolen, revokingWiki), false, 'the copied cookie is revoked');
    assert.equal(await loggedIn(other, revokingWiki), false, 'and the other device logged out');
    const edit = await stolen.call(revokingWiki, '/FrontPage/edit_page');
    assert.match(String(edit.headers.location), /^\/login/);
  });

  it('Redis going away: pages answer 503 with Retry-After instead of failing, and come back with Redis', async () => {
    const jar = new CookieJar();
    await logIn(jar, redisWiki, 'editor');
    await redis.stop();
    try {
      const page = await jar.call(redisWiki, '/FrontPage');
      assert.equal(page.status, 503);
      assert.equal(page.headers['retry-after'], '5');
      assert.equal(
        (await jar.call(redisWiki, '/static/wiki.css')).status,
        200,
        'static files need no session',
      );
    } finally {
      await redis.restart();
    }
    let back = await jar.call(redisWiki, '/FrontPage');
    for (let attempt = 0; attempt < 100 && back.status === 503; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      back = await jar.call(redisWiki, '/FrontPage');
    }
    assert.equal(back.status, 200);
    await logIn(jar, redisWiki, 'editor');
    assert.equal(await loggedIn(jar, redisWiki), true);
  });
});
