import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Configurator, inject, injectable, Request, ZigguratError } from '../../lib/index.js';
import { appWith, call } from '../helpers.js';

@injectable()
class Clock {
  readonly madeAt = Symbol('clock');
}

@injectable()
class Greeter {
  greet(name: unknown) {
    return `Hello ${String(name)}`;
  }
}

/** A request-scoped service: one per resolution, shared by everything resolved with it. */
@injectable()
class Audit {
  constructor(@inject(Request) readonly request: Request) {}
}

@injectable()
class Greeting {
  constructor(
    @inject(Request) private readonly request: Request,
    @inject(Greeter) private readonly greeter: Greeter,
    @inject(Clock) readonly clock: Clock,
  ) {}
  call() {
    return { text: this.greeter.greet(this.request.query.name) };
  }
}

function bindServices(config: Configurator) {
  config.registry.container.bind(Greeter).toSelf();
  config.registry.container.bind(Clock).toSelf().inSingletonScope();
}

describe('view classes from the container', () => {
  it('injects the current Request and services the app bound', async () => {
    const app = await appWith((config) => {
      bindServices(config);
      config.addRoute('hello', '/hello');
      config.addView(Greeting, { routeName: 'hello', renderer: 'json' });
    });
    assert.deepEqual((await call(app, '/hello?name=Ada')).json, { text: 'Hello Ada' });
    assert.deepEqual((await call(app, '/hello?name=Grace')).json, { text: 'Hello Grace' });
  });

  it('makes a view class per request and keeps singletons single', async () => {
    const seen: Greeting[] = [];
    // inversify 8 does not inherit injection metadata: the subclass declares its own parameters.
    @injectable()
    class Spy extends Greeting {
      constructor(
        @inject(Request) request: Request,
        @inject(Greeter) greeter: Greeter,
        @inject(Clock) clock: Clock,
      ) {
        super(request, greeter, clock);
      }
      override call() {
        seen.push(this);
        return super.call();
      }
    }
    const app = await appWith((config) => {
      bindServices(config);
      config.addRoute('hello', '/hello');
      config.addView(Spy, { routeName: 'hello', renderer: 'json' });
    });
    assert.deepEqual((await call(app, '/hello?name=Ada')).json, { text: 'Hello Ada' });
    await call(app, '/hello');
    assert.equal(seen.length, 2);
    assert.notEqual(seen[0], seen[1]);
    assert.ok(seen[0]?.clock instanceof Clock);
    assert.equal(seen[0]?.clock, seen[1]?.clock);
  });

  it('reads constructor types from decorator metadata, without @inject', async () => {
    @injectable()
    class ByType {
      constructor(
        private readonly request: Request,
        private readonly greeter: Greeter,
      ) {}
      call() {
        return this.greeter.greet(this.request.path);
      }
    }
    const app = await appWith((config) => {
      bindServices(config);
      config.addRoute('t', '/t');
      config.addView(ByType, { routeName: 't', renderer: 'string' });
    });
    assert.equal((await call(app, '/t')).body, 'Hello /t');
  });

  it('injects services an add-on binds, and request-scoped services once per request', async () => {
    @injectable()
    class Page {
      constructor(
        @inject(Audit) readonly first: Audit,
        @inject(Audit) readonly second: Audit,
        @inject(Request) readonly request: Request,
      ) {}
      call() {
        return { shared: this.first === this.second, sameRequest: this.first.request === this.request };
      }
    }
    const app = await appWith((config) => {
      config.include((addon) => void addon.registry.container.bind(Audit).toSelf().inRequestScope());
      config.addRoute('p', '/p');
      config.addView(Page, { routeName: 'p', renderer: 'json' });
    });
    assert.deepEqual((await call(app, '/p')).json, { shared: true, sameRequest: true });
  });

  it('resolves async services, giving each of many concurrent requests its own Request', async () => {
    class Slow {
      constructor(readonly label: string) {}
    }
    @injectable()
    class Echo {
      constructor(
        @inject(Request) private readonly request: Request,
        @inject(Slow) private readonly slow: Slow,
      ) {}
      call() {
        return { name: this.request.query.name, slow: this.slow.label };
      }
    }
    const app = await appWith((config) => {
      config.registry.container.bind(Slow).toDynamicValue(async () => {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
        return new Slow('made');
      });
      config.addRoute('e', '/e');
      config.addView(Echo, { routeName: 'e', renderer: 'json' });
    });
    const names = Array.from({ length: 30 }, (_, i) => `n${i}`);
    const answers = await Promise.all(names.map((name) => call(app, `/e?name=${name}`)));
    assert.deepEqual(
      answers.map((answer) => answer.json),
      names.map((name) => ({ name, slow: 'made' })),
    );
  });

  it('still makes a class without inversify decorators with new Class(request)', async () => {
    class Plain {
      constructor(private readonly request: Request) {}
      call() {
        return this.request.method;
      }
    }
    const app = await appWith((config) => {
      config.addRoute('p', '/p');
      config.addView(Plain, { routeName: 'p', renderer: 'string' });
    });
    assert.equal((await call(app, '/p')).body, 'GET');
  });

  it('uses the app binding of a view class when there is one', async () => {
    class Bound {
      constructor(readonly word: string) {}
      call() {
        return this.word;
      }
    }
    const app = await appWith((config) => {
      config.registry.container.bind(Bound).toConstantValue(new Bound('from the container'));
      config.addRoute('b', '/b');
      config.addView(Bound, { routeName: 'b', renderer: 'string' });
    });
    assert.equal((await call(app, '/b')).body, 'from the container');
  });

  it('refuses the Request outside a request', async () => {
    const config = new Configurator();
    await config.makeApp({ logger: false });
    assert.throws(
      () => config.registry.container.get(Request),
      (error: unknown) => error instanceof ZigguratError && error.code === 'ZIG_ERR_NO_REQUEST',
    );
  });
});
