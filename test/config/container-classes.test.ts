// Classes given for a security policy, root and route factories, tweens, renderers, predicates and view
// mappers: made by the registry's container with their injected services, checked at commit.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  Configurator,
  type Handler,
  inject,
  injectable,
  type PredicateInfo,
  type RenderFunction,
  type RenderSystem,
  Request,
  type Resource,
  type RouteMatchInfo,
  type SecurityPolicy,
  type ViewMapperInfo,
  ZigguratError,
} from '../../lib/index.js';
import { call } from '../helpers.js';

/** The service the add-on binds and the app may rebind. */
const GREETING = Symbol.for('test.Greeting');
/** A token nothing binds. */
const MISSING = Symbol.for('test.Missing');

@injectable()
class Policy implements SecurityPolicy {
  constructor(@inject(GREETING) readonly greeting: string) {}
  identity() {
    return { greeting: this.greeting };
  }
  authenticatedUserid() {
    return this.greeting;
  }
  permits() {
    return true;
  }
  remember(): [string, string][] {
    return [];
  }
  forget(): [string, string][] {
    return [];
  }
}

/** A root made per request by the container, with the request and the service injected. */
@injectable()
class Root implements Resource {
  __name__ = '';
  __parent__ = null;
  constructor(
    @inject(GREETING) readonly greeting: string,
    @inject(Request) readonly request: Request,
  ) {}
}

/** A plain root class, made as Pyramid calls a root factory class: with the request. */
class PlainRoot {
  constructor(readonly request: Request) {}
  get path() {
    return this.request.path;
  }
}

@injectable()
class GreetingTween {
  constructor(@inject(GREETING) readonly greeting: string) {}
  create(handler: Handler): Handler {
    return async (request) => {
      const response = await handler(request);
      response.headers.set('X-Greeting', this.greeting);
      return response;
    };
  }
}

@injectable()
class GreetingRenderer {
  constructor(@inject(GREETING) readonly greeting: string) {}
  create(): RenderFunction {
    return (value: unknown, system: RenderSystem) =>
      `${this.greeting}: ${String(value)} (${system.renderer})`;
  }
}

@injectable()
class GreetsPredicate {
  constructor(@inject(GREETING) readonly greeting: string) {}
  create(value: string, info: PredicateInfo) {
    return {
      text: () => `${info.name} = ${value}`,
      phash: () => `${info.name} = ${value}`,
      call: (_context: unknown, request: Request) => request.query.greet === this.greeting && value === 'yes',
    };
  }
}

@injectable()
class GreetsRoutePredicate {
  constructor(@inject(GREETING) readonly greeting: string) {}
  create(value: string) {
    return {
      text: () => `greeting is ${value}`,
      phash: () => `greeting is ${value}`,
      call: (info: RouteMatchInfo) => info.match.word === this.greeting && value === 'matched',
    };
  }
}

/** Calls views as (greeting, request): Pyramid's view mapper adapting another view signature. */
@injectable()
class GreetingMapper {
  constructor(@inject(GREETING) readonly greeting: string) {}
  create(view: unknown, info: ViewMapperInfo) {
    const call = view as (greeting: string, request: Request) => unknown;
    return (request: Request) => call(`${this.greeting} (${info.options.renderer})`, request);
  }
}

/** The add-on: binds GREETING and registers everything by class. */
function addon(config: Configurator): void {
  config.registry.container.bind(GREETING).toConstantValue('from the add-on');
  config.setSecurityPolicy(Policy);
  config.setRootFactory(Root);
  config.addTween(GreetingTween);
  config.addRenderer('greeting', GreetingRenderer);
  config.addViewPredicate('greets', GreetsPredicate);
  config.addRoutePredicate('wordIs', GreetsRoutePredicate);
  config.addRoute('who', '/who');
  config.addView(async (request: Request) => ({ id: await request.authenticatedUserid }), {
    routeName: 'who',
    renderer: 'json',
  });
  config.addView(() => 'rendered', { name: 'page', renderer: 'greeting' });
  config.addView((request: Request) => ({ root: (request.context as Root).greeting }), {
    name: 'root',
    renderer: 'json',
  });
  config.addRoute('word', '/word/{word}', { wordIs: 'matched' } as object);
  config.addView(() => ({ matched: true }), { routeName: 'word', renderer: 'json' });
  config.addRoute('greeted', '/greeted');
  config.addView(() => 'greeted', { routeName: 'greeted', renderer: 'string', greets: 'yes' } as object);
  config.addRoute('mapped', '/mapped');
  config.addView((greeting: string) => ({ greeting }), {
    routeName: 'mapped',
    renderer: 'json',
    mapper: GreetingMapper,
  });
}

async function appGreeting(rebind: boolean) {
  const config = new Configurator();
  config.include(addon);
  if (rebind) config.registry.container.rebind(GREETING).toConstantValue('from the app');
  return config.makeApp();
}

function expectInjection(pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof ZigguratError, String(error));
    assert.equal(error.code, 'ZIG_ERR_INJECTION');
    assert.match(error.message, pattern);
    return true;
  };
}

describe('classes the container makes', () => {
  for (const [rebind, greeting] of [
    [false, 'from the add-on'],
    [true, 'from the app'],
  ] as const) {
    it(`gives every kind of class the service ${greeting === 'from the app' ? 'the app rebound before commit' : 'the add-on bound'}`, async () => {
      const app = await appGreeting(rebind);
      const who = await call(app, '/who');
      assert.deepEqual(who.json, { id: greeting }, 'security policy class');
      assert.equal(who.headers['x-greeting'], greeting, 'tween class');
      assert.equal((await call(app, '/page')).body, `${greeting}: rendered (greeting)`, 'renderer class');
      assert.deepEqual((await call(app, '/root')).json, { root: greeting }, 'root factory class');
      const word = encodeURIComponent(greeting);
      assert.deepEqual((await call(app, `/word/${word}`)).json, { matched: true }, 'route predicate class');
      assert.equal((await call(app, '/word/other')).status, 404);
      assert.equal((await call(app, `/greeted?greet=${word}`)).body, 'greeted', 'view predicate class');
      assert.equal((await call(app, '/greeted?greet=other')).status, 404);
      assert.deepEqual(
        (await call(app, '/mapped')).json,
        { greeting: `${greeting} (json)` },
        'view mapper class',
      );
    });
  }

  it('makes a route factory class per request, and a plain root class with the request', async () => {
    const config = new Configurator();
    config.registry.container.bind(GREETING).toConstantValue('hello');
    config.addRoute('injected', '/injected', { factory: Root });
    config.addView((request: Request) => ({ same: (request.context as Root).request === request }), {
      routeName: 'injected',
      renderer: 'json',
    });
    config.addRoute('plain', '/plain/*traverse', { factory: PlainRoot });
    config.addView((request: Request) => ({ path: (request.root as PlainRoot).path }), {
      routeName: 'plain',
      renderer: 'json',
    });
    const app = await config.makeApp();
    assert.deepEqual((await call(app, '/injected')).json, { same: true });
    assert.deepEqual((await call(app, '/plain/')).json, { path: '/plain/' });
  });

  it('makes a class given for a factory once for the app', async () => {
    let made = 0;
    @injectable()
    class Counted {
      constructor() {
        made++;
      }
      create(): RenderFunction {
        return (value) => String(value);
      }
    }
    const config = new Configurator();
    config.addRenderer('counted', Counted);
    config.addRenderer('.counted', Counted);
    config.addRoute('a', '/a');
    config.addView(() => 'a', { routeName: 'a', renderer: 'counted' });
    config.addView(() => 'b', { name: 'b', renderer: 'x.counted' });
    const app = await config.makeApp();
    assert.equal((await call(app, '/a')).body, 'a');
    assert.equal((await call(app, '/b')).body, 'b');
    // One instance per registration, made at commit.
    assert.equal(made, 2);
  });

  const missing = [
    [
      'security policy class',
      (config: Configurator) => {
        @injectable()
        class NeedsPolicy extends Policy {
          constructor(@inject(MISSING) readonly missing: unknown) {
            super('x');
          }
        }
        config.setSecurityPolicy(NeedsPolicy);
      },
    ],
    [
      'root factory class',
      (config: Configurator) => {
        @injectable()
        class NeedsRoot {
          constructor(@inject(MISSING) readonly missing: unknown) {}
        }
        config.setRootFactory(NeedsRoot);
      },
    ],
    [
      'route factory class',
      (config: Configurator) => {
        @injectable()
        class NeedsRoot {
          constructor(@inject(MISSING) readonly missing: unknown) {}
        }
        config.addRoute('r', '/r', { factory: NeedsRoot });
      },
    ],
    [
      'tween factory class',
      (config: Configurator) => {
        @injectable()
        class NeedsTween {
          constructor(@inject(MISSING) readonly missing: unknown) {}
          create(handler: Handler) {
            return handler;
          }
        }
        config.addTween(NeedsTween);
      },
    ],
    [
      'renderer factory class',
      (config: Configurator) => {
        @injectable()
        class NeedsRenderer {
          constructor(@inject(MISSING) readonly missing: unknown) {}
          create(): RenderFunction {
            return String;
          }
        }
        config.addRenderer('unused', NeedsRenderer);
      },
    ],
    [
      'view predicate factory class',
      (config: Configurator) => {
        @injectable()
        class NeedsPredicate {
          constructor(@inject(MISSING) readonly missing: unknown) {}
          create() {
            return { text: () => '', phash: () => '', call: () => true };
          }
        }
        config.addViewPredicate('unused', NeedsPredicate);
      },
    ],
    [
      'view mapper class',
      (config: Configurator) => {
        @injectable()
        class NeedsMapper {
          constructor(@inject(MISSING) readonly missing: unknown) {}
          create(view: unknown) {
            return view as () => unknown;
          }
        }
        config.addRoute('m', '/m');
        config.addView(() => 'x', { routeName: 'm', renderer: 'string', mapper: NeedsMapper });
      },
    ],
  ] as const;

  for (const [role, configure] of missing) {
    it(`fails the commit when a ${role} needs a service nothing binds, naming class, parameter and call site`, async () => {
      const config = new Configurator();
      configure(config);
      await assert.rejects(
        config.commit(),
        expectInjection(
          new RegExp(
            `The container cannot make the ${role} Needs\\w+ registered at test/config/container-classes\\.test\\.ts:\\d+: Needs\\w+ parameter 0 \\(Symbol\\(test\\.Missing\\)\\): nothing is bound`,
          ),
        ),
      );
    });
  }

  it('refuses the Request in a class made once for the app', async () => {
    @injectable()
    class RequestTween {
      constructor(@inject(Request) readonly request: Request) {}
      create(handler: Handler) {
        return handler;
      }
    }
    const config = new Configurator();
    config.addTween(RequestTween);
    await assert.rejects(
      config.commit(),
      expectInjection(
        /tween factory class RequestTween .*the Request cannot be injected into RequestTween: .*made once/,
      ),
    );
  });

  it('refuses, at the call, a factory class without create and a policy class without its methods', () => {
    class NoCreate {}
    class Incomplete {
      identity() {
        return null;
      }
    }
    const config = new Configurator();
    assert.throws(() => config.addTween(NoCreate as never), {
      code: 'ZIG_ERR_CONFIG_OPTION',
      message: /tween factory class NoCreate has no create\(\) method at .*container-classes\.test/,
    });
    assert.throws(() => config.setSecurityPolicy(Incomplete as never), {
      code: 'ZIG_ERR_CONFIG_OPTION',
      message:
        /security policy class Incomplete has no authenticatedUserid\(\), permits\(\), remember\(\), forget\(\)/,
    });
  });
});
