// The built-in predicate options as Pyramid's predicates.py behaves, through addView and addRoute:
// pathInfo, requestParam / matchParam parsing, order-insensitive conflicts, accept offers,
// isAuthenticated and physicalPath.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Configurator, Resource, SecurityPolicy, ZigguratError } from '../../lib/index.js';
import { appWith, call, label } from '../helpers.js';

const json = { renderer: 'json' } as const;

function withRoute(configure: (config: Configurator) => void) {
  return appWith((config) => {
    config.addRoute('r', '/r/*rest');
    configure(config);
  });
}

/** Rejects with a ConfigurationError of `code` that names this test file (the call site). */
function namesCallSite(code: string, pattern?: RegExp) {
  return (error: ZigguratError) =>
    error.code === code &&
    /pyramid-options\.test\.ts:\d+/.test(error.message) &&
    (pattern === undefined || pattern.test(error.message));
}

describe('pathInfo', () => {
  it('matches the start of the path, not anywhere in it (re.match)', async () => {
    const app = await withRoute((config) => {
      config.addView(label('inside'), { routeName: 'r', pathInfo: 'r/\\d', ...json });
      config.addView(label('digits'), { routeName: 'r', pathInfo: '/r/\\d+', ...json });
      config.addView(label('other'), { routeName: 'r', ...json });
    });
    assert.equal((await call(app, '/r/12/edit')).json?.view, 'digits');
    assert.equal((await call(app, '/r/a/12')).json?.view, 'other');
  });

  it('anchors a RegExp object too, keeping its flags', async () => {
    const app = await withRoute((config) => {
      config.addView(label('anywhere'), { routeName: 'r', pathInfo: /abc/, ...json });
      config.addView(label('abc'), { routeName: 'r', pathInfo: /\/R\/ABC/i, ...json });
      config.addView(label('other'), { routeName: 'r', ...json });
    });
    assert.equal((await call(app, '/r/abc')).json?.view, 'abc');
    assert.equal((await call(app, '/r/x/abc')).json?.view, 'other');
    assert.equal(
      (await call(app, '/r/ABC')).json?.view,
      'abc',
      'the same regex again (no lastIndex left over)',
    );
  });

  it('is matched against the decoded path', async () => {
    const app = await withRoute((config) => {
      config.addView(label('café'), { routeName: 'r', pathInfo: '/r/café/a/b$', ...json });
      config.addView(label('other'), { routeName: 'r', ...json });
    });
    assert.equal((await call(app, '/r/caf%C3%A9/a%2Fb')).json?.view, 'café');
    assert.equal((await call(app, '/r/cafe/a/b')).json?.view, 'other');
  });

  it('works as a route predicate, on the decoded path', async () => {
    const app = await appWith((config) => {
      config.addRoute('plain', '/p/{x}', { pathInfo: '/p/é' });
      config.addView(label('plain'), { routeName: 'plain', ...json });
    });
    assert.equal((await call(app, '/p/%C3%A9t%C3%A9')).json?.view, 'plain');
    assert.equal((await call(app, '/p/x%C3%A9')).status, 404);
  });
});

describe('requestParam and matchParam', () => {
  it('drop spaces around = as Pyramid does', async () => {
    const app = await appWith((config) => {
      config.addRoute('m', '/m/{kind}');
      config.addView(label('both'), {
        routeName: 'm',
        requestParam: 'abc = 1',
        matchParam: ' kind = book ',
        ...json,
      });
      config.addView(label('other'), { routeName: 'm', ...json });
    });
    assert.equal((await call(app, '/m/book?abc=1')).json?.view, 'both');
    assert.equal((await call(app, '/m/film?abc=1')).json?.view, 'other');
    assert.equal((await call(app, '/m/book?abc=2')).json?.view, 'other');
  });

  it('refuse a key that starts with = at commit, naming the call site', async () => {
    await assert.rejects(
      withRoute((config) => config.addView(label('x'), { routeName: 'r', requestParam: '=abc=1' })),
      namesCallSite('ZIG_ERR_CONFIG_OPTION', /requestParam/),
    );
    await assert.rejects(
      withRoute((config) => config.addView(label('x'), { routeName: 'r', matchParam: ' =1' })),
      namesCallSite('ZIG_ERR_CONFIG_OPTION', /matchParam/),
    );
    await assert.rejects(
      appWith((config) => config.addRoute('bad', '/bad', { requestParam: ' = x' })),
      namesCallSite('ZIG_ERR_CONFIG_OPTION', /requestParam/),
    );
  });
});

describe('conflict detection', () => {
  const lists: Array<[string, unknown, unknown]> = [
    ['requestParam', ['a', 'b'], ['b', 'a']],
    ['header', ['X-A', 'X-B:1'], ['X-B:1', 'X-A']],
    ['matchParam', ['a=1', 'b=2'], ['b = 2', 'a=1']],
    ['requestMethod', ['GET', 'POST'], ['post', 'get']],
    ['accept', ['text/html', 'application/json'], ['application/json', 'text/html']],
  ];
  for (const [option, first, second] of lists) {
    it(`sees ${option} lists in another order as the same view`, async () => {
      await assert.rejects(
        withRoute((config) => {
          config.addView(label('one'), { routeName: 'r', [option]: first });
          config.addView(label('two'), { routeName: 'r', [option]: second });
        }),
        (error: ZigguratError) => error.code === 'ZIG_ERR_CONFIG_CONFLICT',
      );
    });
  }
});

describe('accept', () => {
  for (const offer of ['text/*', '*/*', ['application/json', 'text/*']]) {
    it(`refuses the wildcard offer ${JSON.stringify(offer)} at commit`, async () => {
      await assert.rejects(
        withRoute((config) => config.addView(label('x'), { routeName: 'r', accept: offer })),
        namesCallSite('ZIG_ERR_CONFIG_OPTION', /media range .*concrete media types/),
      );
    });
  }

  it('refuses a wildcard route offer too', async () => {
    await assert.rejects(
      appWith((config) => config.addRoute('any', '/any', { accept: 'text/*' })),
      namesCallSite('ZIG_ERR_CONFIG_OPTION', /media range/),
    );
  });

  it('takes an offer with parameters, matched by its type', async () => {
    const app = await withRoute((config) => {
      config.addView(label('level1'), { routeName: 'r', accept: 'text/html;level=1', ...json });
    });
    assert.equal((await call(app, { url: '/r/x', headers: { accept: 'text/html' } })).json?.view, 'level1');
    assert.equal((await call(app, { url: '/r/x', headers: { accept: 'text/plain' } })).status, 404);
  });
});

/** A policy whose user is the X-User header. */
const headerUser: SecurityPolicy = {
  identity: (request) => request.headerValue('x-user') ?? null,
  authenticatedUserid: async (request) => request.headerValue('x-user') ?? null,
  permits: () => true,
  remember: () => [],
  forget: () => [],
};

describe('isAuthenticated', () => {
  it('picks the view by whether the policy names a user', async () => {
    const app = await withRoute((config) => {
      config.setSecurityPolicy(headerUser);
      config.addView(label('member'), { routeName: 'r', isAuthenticated: true, ...json });
      config.addView(label('guest'), { routeName: 'r', isAuthenticated: false, ...json });
    });
    assert.equal((await call(app, { url: '/r/x', headers: { 'x-user': 'ada' } })).json?.view, 'member');
    assert.equal((await call(app, '/r/x')).json?.view, 'guest');
  });

  it('is a route predicate too; without a policy nobody is authenticated', async () => {
    const app = await appWith((config) => {
      config.addRoute('members', '/home', { isAuthenticated: true });
      config.addRoute('guests', '/home');
      config.addView(label('members'), { routeName: 'members', ...json });
      config.addView(label('guests'), { routeName: 'guests', ...json });
    });
    assert.equal((await call(app, '/home')).json?.view, 'guests');
  });

  it('refuses a value that is not a boolean', async () => {
    await assert.rejects(
      withRoute((config) => config.addView(label('x'), { routeName: 'r', isAuthenticated: 'yes' as never })),
      namesCallSite('ZIG_ERR_CONFIG_OPTION', /isAuthenticated/),
    );
  });
});

class Node implements Resource {
  readonly children = new Map<string, Node>();
  constructor(
    readonly __name__: string,
    readonly __parent__: Node | null,
  ) {
    __parent__?.children.set(__name__, this);
  }
  __getitem__(name: string) {
    return this.children.get(name);
  }
}

describe('physicalPath', () => {
  it("matches the context's path from the root, as a string or a list of names", async () => {
    const root = new Node('', null);
    new Node('abc', new Node('docs', root));
    const app = await appWith(
      (config) => {
        config.addView(label('abc'), { physicalPath: '/docs/abc', ...json });
        config.addView(label('docs'), { physicalPath: ['', 'docs'], ...json });
        config.addView(label('root'), { physicalPath: '/', ...json });
        config.addView(label('any'), json);
      },
      { rootFactory: () => root },
    );
    assert.equal((await call(app, '/docs/abc/')).json?.view, 'abc');
    assert.equal((await call(app, '/docs/')).json?.view, 'docs');
    assert.equal((await call(app, '/')).json?.view, 'root');
  });

  it('refuses something that is no path', async () => {
    await assert.rejects(
      appWith((config) => config.addView(label('x'), { physicalPath: 7 as never })),
      namesCallSite('ZIG_ERR_CONFIG_OPTION', /physicalPath/),
    );
  });
});
