import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { multiInject, named, optional, unmanaged } from 'inversify';
import {
  Configurator,
  HTTPNotFound,
  inject,
  injectable,
  NewRequest,
  Request,
  subscriber,
  ZigguratError,
} from '../../lib/index.js';
import { appWith, call } from '../helpers.js';

const MAILER = Symbol.for('Mailer');

/** A plain class whose constructor needs an argument: inversify cannot make it by itself. */
class SmtpTransport {
  constructor(readonly host: string) {}
}

/** A plain class with no constructor arguments: inversify makes it itself (autobind). */
class Clock {
  now() {
    return 'now';
  }
}

@injectable()
class Mailer {
  constructor(@inject(SmtpTransport) readonly transport: SmtpTransport) {}
}

function expectInjectionError(pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof ZigguratError, String(error));
    assert.equal(error.code, 'ZIG_ERR_INJECTION');
    assert.match(error.message, pattern);
    return true;
  };
}

async function viewApp(view: Function, configure: (config: Configurator) => void = () => {}) {
  return appWith((config) => {
    configure(config);
    config.addRoute('v', '/v');
    config.addView(view as new () => object, { routeName: 'v', renderer: 'string' });
  });
}

describe('classes the container makes are checked at commit', () => {
  it('fails the commit for an @inject token nobody bound, naming the class, parameter, token and call site', async () => {
    @injectable()
    class Contact {
      constructor(
        @inject(Request) readonly request: Request,
        @inject(MAILER) readonly mailer: unknown,
      ) {}
      call() {
        return 'sent';
      }
    }
    await assert.rejects(
      viewApp(Contact),
      expectInjectionError(
        /view class Contact registered at test\/declarative\/resolvable\.test\.ts:\d+: Contact parameter 1 \(Symbol\(Mailer\)\): nothing is bound to Symbol\(Mailer\); bind it before commit/,
      ),
    );
  });

  it('fails for a typed parameter whose class is neither bound nor makeable, naming its type', async () => {
    @injectable()
    class Sender {
      constructor(readonly transport: SmtpTransport) {}
      call() {
        return 'sent';
      }
    }
    await assert.rejects(
      viewApp(Sender),
      expectInjectionError(
        /Sender parameter 0 \(SmtpTransport\): SmtpTransport is not @injectable\(\) .* its constructor takes 1/,
      ),
    );
  });

  it('fails for a parameter typed by an interface, which leaves TypeScript nothing to record', async () => {
    interface Greeter {
      greet(): string;
    }
    @injectable()
    class Polite {
      constructor(readonly greeter: Greeter) {}
      call() {
        return this.greeter.greet();
      }
    }
    await assert.rejects(
      viewApp(Polite),
      expectInjectionError(
        /Polite parameter 0 \(type Object\): its type is recorded as Object .*add @inject\(token\)/,
      ),
    );
  });

  it('follows classes bound with toSelf and classes inversify binds itself, naming the whole chain', async () => {
    @injectable()
    class Newsletter {
      constructor(@inject(Mailer) readonly mailer: Mailer) {}
      call() {
        return 'sent';
      }
    }
    await assert.rejects(
      viewApp(Newsletter, (config) => config.registry.container.bind(Mailer).toSelf()),
      expectInjectionError(
        /Newsletter parameter 0 \(Mailer\) → Mailer parameter 0 \(SmtpTransport\): SmtpTransport is not @injectable\(\)/,
      ),
    );
    await assert.rejects(
      viewApp(Newsletter),
      expectInjectionError(/Newsletter parameter 0 \(Mailer\) → Mailer/),
    );
  });

  it('accepts what inversify can make: bindings, autobound classes, @optional, @unmanaged, @multiInject and the Request', async () => {
    @injectable()
    class Everything {
      constructor(
        @inject(Request) readonly request: Request,
        @inject(Mailer) readonly mailer: Mailer,
        readonly clock: Clock,
        @inject('missing') @optional() readonly missing: unknown,
        @multiInject('plugins') readonly plugins: unknown[],
        @unmanaged() readonly extra?: unknown,
      ) {}
      call() {
        return `${this.request.path} ${this.mailer.transport.host} ${this.clock.now()} ${String(this.missing)} ${this.plugins.length}`;
      }
    }
    const app = await viewApp(Everything, (config) =>
      config.registry.container.bind(SmtpTransport).toConstantValue(new SmtpTransport('smtp.local')),
    );
    assert.equal((await call(app, '/v')).body, '/v smtp.local now undefined 0');
  });

  it("sees bindings made by add-ons' includeme, sync or async, and conditional bindings", async () => {
    @injectable()
    class Conditional {
      constructor(
        @inject(MAILER) readonly mailer: string,
        @inject('transport') @named('smtp') readonly transport: string,
      ) {}
      call() {
        return `${this.mailer} ${this.transport}`;
      }
    }
    const app = await viewApp(Conditional, (config) => {
      config.include((addon) => {
        addon.registry.container.bind(MAILER).toConstantValue('mailer').whenParentIs(Conditional);
      });
      config.include(async (addon) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        addon.registry.container.bind('transport').toConstantValue('smtp').whenNamed('smtp');
      });
    });
    assert.equal((await call(app, '/v')).body, 'mailer smtp');
  });

  it('refuses a binding whose condition does not hold where the class asks for it', async () => {
    @injectable()
    class Other {
      call() {
        return '';
      }
    }
    @injectable()
    class Needs {
      constructor(@inject(MAILER) readonly mailer: string) {}
      call() {
        return this.mailer;
      }
    }
    await assert.rejects(
      viewApp(Needs, (config) =>
        config.registry.container.bind(MAILER).toConstantValue('x').whenParentIs(Other),
      ),
      expectInjectionError(/Needs parameter 0 \(Symbol\(Mailer\)\): nothing is bound/),
    );
  });

  it('refuses two bindings of one token for a single injection, as inversify would at each request', async () => {
    @injectable()
    class Twice {
      constructor(@inject(MAILER) readonly mailer: string) {}
      call() {
        return this.mailer;
      }
    }
    await assert.rejects(
      viewApp(Twice, (config) => {
        config.registry.container.bind(MAILER).toConstantValue('a');
        config.registry.container.bind(MAILER).toConstantValue('b');
      }),
      expectInjectionError(/2 bindings match Symbol\(Mailer\)/),
    );
  });

  it('refuses a subclass that inherits injected parameters inversify 8 would not pass it', async () => {
    @injectable()
    class Base {
      constructor(@inject(Request) readonly request: Request) {}
      call() {
        return this.request.path;
      }
    }
    class Derived extends Base {}
    injectable()(Derived);
    await assert.rejects(
      viewApp(Derived),
      expectInjectionError(/Derived extends Base but has no injection metadata/),
    );
  });

  it('refuses a cycle of classes or of redirections', async () => {
    @injectable()
    class Chicken {
      constructor(@inject('egg') readonly egg: unknown) {}
    }
    @injectable()
    class Farm {
      constructor(@inject(Chicken) readonly chicken: Chicken) {}
      call() {
        return '';
      }
    }
    await assert.rejects(
      viewApp(Farm, (config) => config.registry.container.bind('egg').to(Chicken)),
      expectInjectionError(/depends on itself \(Chicken → Chicken\)/),
    );
    await assert.rejects(
      viewApp(Farm, (config) => {
        config.registry.container.bind('egg').toService('hen');
        config.registry.container.bind('hen').toService('egg');
      }),
      expectInjectionError(/Chicken parameter 0 \('egg'\): 'hen' is redirected \(toService\) in a circle/),
    );
  });

  it('refuses the Request injected, directly or through a transient service, into a singleton', async () => {
    @injectable()
    class CurrentUser {
      constructor(@inject(Request) readonly request: Request) {}
    }
    @injectable('Singleton')
    class Greeter {
      constructor(@inject(CurrentUser) readonly user: CurrentUser) {}
    }
    @injectable()
    class Hello {
      constructor(@inject(Greeter) readonly greeter: Greeter) {}
      call() {
        return String(this.greeter.user.request.query.name);
      }
    }
    // A singleton made during the first request would keep that request for every later one.
    await assert.rejects(
      viewApp(Hello),
      expectInjectionError(
        /Hello parameter 0 \(Greeter\) → Greeter parameter 0 \(CurrentUser\) → CurrentUser parameter 0 \(Request\): the Request cannot be injected into Greeter, a singleton/,
      ),
    );
    await assert.rejects(
      viewApp(Hello, (config) => {
        config.registry.container.bind(Greeter).toSelf().inTransientScope();
        config.registry.container.bind(CurrentUser).toSelf().inSingletonScope();
      }),
      expectInjectionError(/the Request cannot be injected into CurrentUser, a singleton/),
    );
    const app = await viewApp(Hello, (config) =>
      config.registry.container.bind(Greeter).toSelf().inRequestScope(),
    );
    assert.equal((await call(app, '/v?name=alice')).body, 'alice');
    assert.equal((await call(app, '/v?name=bob')).body, 'bob');
  });

  it('leaves alone classes bound to a value and plain classes made with new View(request)', async () => {
    class Constant {
      constructor(readonly word: string) {}
      call() {
        return this.word;
      }
    }
    class Plain {
      constructor(readonly request: Request) {}
      call() {
        return this.request.method;
      }
    }
    const app = await viewApp(Constant, (config) => {
      config.registry.container.bind(Constant).toConstantValue(new Constant('bound'));
      config.addRoute('p', '/p');
      config.addView(Plain, { routeName: 'p', renderer: 'string' });
    });
    assert.equal((await call(app, '/v')).body, 'bound');
    assert.equal((await call(app, '/p')).body, 'GET');
  });

  it('checks exception view classes and scanned subscriber classes, naming the decorator line', async () => {
    @injectable()
    class NotFoundPage {
      constructor(@inject(MAILER) readonly mailer: unknown) {}
      call() {
        return 'missing';
      }
    }
    await assert.rejects(
      appWith((config) => config.addNotFoundView(NotFoundPage, { renderer: 'string' })),
      expectInjectionError(
        /exception view class NotFoundPage registered at test\/declarative\/resolvable\.test\.ts:\d+/,
      ),
    );
    await assert.rejects(
      appWith((config) =>
        config.addExceptionView(NotFoundPage, { context: HTTPNotFound, renderer: 'string' }),
      ),
      expectInjectionError(/NotFoundPage parameter 0 \(Symbol\(Mailer\)\)/),
    );

    @subscriber(NewRequest)
    @injectable()
    class Audit {
      constructor(@inject('audit.log') readonly log: unknown) {}
      handle() {}
    }
    const config = new Configurator();
    await assert.rejects(
      config.scan(Audit).then(() => config.commit()),
      expectInjectionError(
        /subscriber class Audit registered at test\/declarative\/resolvable\.test\.ts:\d+ \(@subscriber on Audit\): Audit parameter 0 \('audit\.log'\)/,
      ),
    );
    config.registry.container.bind('audit.log').toConstantValue([]);
    await config.commit();
  });

  it('does not make anything while checking', async () => {
    let made = 0;
    @injectable()
    class Counted {
      constructor() {
        made += 1;
      }
    }
    @injectable()
    class Page {
      constructor(@inject(Counted) readonly counted: Counted) {}
      call() {
        return String(made);
      }
    }
    const app = await viewApp(Page, (config) => {
      config.registry.container.bind(Counted).toSelf().inSingletonScope();
      config.registry.container.bind('lazy').toDynamicValue(() => {
        made += 100;
        return null;
      });
    });
    assert.equal(made, 0);
    assert.equal((await call(app, '/v')).body, '1');
  });
});
