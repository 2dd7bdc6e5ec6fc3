// The Configurator: a thin facade; each directive captures its call site and hands off to its concern's file.

import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { Container } from 'inversify';
import type { AssetPath } from '../assets/asset-paths.js';
import { type CallSite, captureCallSite } from '../declarative/call-site.js';
import type { Request } from '../http/request.js';
import type { WebSocketHandler, WebSocketHandlerFunction } from '../realtime/websocket-view.js';
import { STATE } from '../symbols.js';
import type {
  Class,
  RendererFactory,
  RootFactory,
  RoutePredicateFactory,
  SecurityPolicy,
  SessionFactory,
  Settings,
  TweenFactory,
  ViewPredicateFactory,
} from '../types.js';
import type { ValidatedRequest, ViewSchema } from '../views/schema/types.js';
import { ActionQueue, type Discriminator, type IncludeStep, PHASE } from './actions.js';
import { buildApp } from './app-builder.js';
import { addStaticView, overrideAsset, type StaticViewOptions } from './assets.js';
import { registerBuiltins } from './builtins.js';
import type { AppCommand } from './commands.js';
import { addCommand } from './commands.js';
import { configureFastify, type FastifyConfigurer } from './configure-fastify.js';
import type { FactoryOrClass, RootClass } from './container-classes.js';
import type { ConfigContext } from './context.js';
import { addViewDeriver, type ViewDeriver, type ViewDeriverOptions } from './derivers.js';
import { addDirective, directivesOf, setDirectivesOf } from './directives.js';
import {
  addRequestMethod,
  type RequestMethodOptions,
  setRootFactory,
  setSessionFactory,
} from './factories.js';
import { finalizeState } from './finalize.js';
import { type Includable, type IncludeOptions, includeLabel, resolveIncludeme } from './include.js';
import { includesFromSettings } from './includes.js';
import { PendingWork } from './pending-work.js';
import { addRoutePredicate, addViewPredicate } from './predicates.js';
import { Registry } from './registry.js';
import { addRenderer } from './rendering.js';
import { addRoute, joinRoutePrefixes, ROUTE_OWN_OPTIONS, type RouteOptions } from './routes.js';
import { type ScanRegistrar, type ScanTarget, scanTargets } from './scan.js';
import { type SecurityPolicyClass, setDefaultPermission, setSecurityPolicy } from './security.js';
import { addSettings } from './settings.js';
import { declareSettings } from './settings-declarations.js';
import { addSubscriber, type SubscriberClass } from './subscribers.js';
import { addTween, type TweenOptions } from './tweens.js';
import type { ViewMapper } from './view-mappers.js';
import {
  addExceptionView,
  addForbiddenView,
  addNotFoundView,
  addView,
  type ExceptionViewOptions,
  type NotFoundViewOptions,
  type SpecialViewOptions,
  VIEW_OWN_OPTIONS,
  type ViewOptions,
} from './views.js';
import { addWebSocketView, type WebSocketViewOptions } from './websocket-views.js';

/** Options of `new Configurator()`. */
export interface ConfiguratorOptions {
  settings?: Settings;
  /** A root factory function, or a class made per request (see setRootFactory). */
  rootFactory?: RootFactory | RootClass;
  routePrefix?: string;
  /** An inversify container to use as the registry's container. */
  container?: Container;
}

/** What the configurators of one configuration share: the queue and the includes still running. */
interface Session {
  readonly queue: ActionQueue;
  readonly pending: PendingWork;
  includeCounter: number;
}

interface ChildSpec {
  readonly registry: Registry;
  readonly session: Session;
  readonly includePath: readonly IncludeStep[];
  readonly routePrefix: string;
}

const CHILD = Symbol('ziggurat.child');

/**
 * Collects the configuration of an application and commits it into a Fastify instance.
 * @example
 * const config = new Configurator({ settings: { 'app.greeting': 'Hello' } });
 * config.addRoute('hello', '/hello/{name}');
 * config.addView((request) => ({ text: `Hello ${request.matchdict.name}` }), { routeName: 'hello', renderer: 'json' });
 * const app = await config.makeApp();
 */
export class Configurator {
  readonly registry: Registry;
  readonly routePrefix: string;
  readonly #session: Session;
  readonly #includePath: readonly IncludeStep[];
  #directiveSite: CallSite | null = null;

  constructor(options: ConfiguratorOptions = {}) {
    const child = (options as { [CHILD]?: ChildSpec })[CHILD];
    if (child) {
      this.registry = child.registry;
      this.#session = child.session;
      this.#includePath = child.includePath;
      this.routePrefix = child.routePrefix;
    } else {
      this.registry = new Registry(options.settings ?? {}, options.container);
      this.#session = { queue: new ActionQueue(), pending: new PendingWork(), includeCounter: 0 };
      this.#includePath = [];
      this.routePrefix = joinRoutePrefixes('', options.routePrefix ?? '');
      setDirectivesOf(this.registry, Object.create(new.target.prototype));
      registerBuiltins(this.registry[STATE]);
      if (options.rootFactory) this.setRootFactory(options.rootFactory);
    }
    Object.setPrototypeOf(this, directivesOf(this.registry));
    if (!child) this.#includeFromSettings();
  }

  /** Include the add-ons the `ziggurat.includes` setting names; commit awaits them. */
  #includeFromSettings(): void {
    const includes = includesFromSettings<Configurator>(this.registry.settings);
    if (includes !== null) void this.include(includes);
  }

  /** The settings (shared with the registry). */
  get settings(): Settings {
    return this.registry.settings;
  }

  #context(): ConfigContext {
    const site = this.#directiveSite ?? captureCallSite();
    return {
      registry: this.registry,
      state: this.registry[STATE],
      routePrefix: this.routePrefix,
      includePath: this.#includePath,
      site,
      record: (
        discriminator: Discriminator,
        run: () => void | Promise<void>,
        order: number = PHASE.DEFAULT,
      ) => this.#session.queue.add({ discriminator, run, order, includePath: this.#includePath, site }),
    };
  }

  /**
   * Record a raw action, for add-ons writing their own directives.
   * @example config.action('my-addon:engine', () => setUpEngine(config.registry), { order: 0 });
   */
  action(
    discriminator: string | null,
    run: () => void | Promise<void>,
    options: { order?: number } = {},
  ): void {
    this.#context().record(discriminator, run, options.order ?? PHASE.DEFAULT);
  }

  /**
   * Add settings; they are merged into registry.settings before any other action runs at commit,
   * so renderers, predicates and add-ons see them.
   * @example config.addSettings({ 'ziggurat.debug': true });
   */
  addSettings(settings: Settings): void {
    addSettings(this.#context(), settings);
  }

  /**
   * Declare the keys of a settings namespace, as an add-on does for its own settings: at commit, a
   * key of the namespace that is not declared (a typo) is a warning naming the closest declared key
   * (`registry.settingsWarnings`, logged by makeApp). Namespaces nobody declares are not checked.
   * @example config.declareSettings('shop', ['currency', 'taxRate']); // shop.currency, shop.taxRate
   */
  declareSettings(namespace: string, keys: readonly string[]): void {
    declareSettings(this.#context(), namespace, keys);
  }

  /** Add a named route; see the pattern grammar in the README. */
  addRoute(name: string, pattern: string, options?: RouteOptions): void {
    addRoute(this.#context(), name, pattern, options);
  }

  /**
   * Add a view: a function `(request) => result` or a class whose method (`attr`, default `call`) is
   * the view; with a `mapper` option, anything that mapper turns into one. With a `schema`, the
   * request is validated first and typed from it.
   * @example
   * config.addView((request) => ({ title: request.validated.body.title }), {
   *   routeName: 'pages', renderer: 'json', schema: { body: Type.Object({ title: Type.String() }) },
   * });
   */
  addView<S extends ViewSchema = ViewSchema>(
    view: ((request: ValidatedRequest<S>) => unknown) | Class,
    options?: ViewOptions<S>,
  ): void;
  addView(view: unknown, options: ViewOptions & { mapper: FactoryOrClass<ViewMapper> }): void;
  addView(view: unknown, options?: ViewOptions): void {
    addView(this.#context(), view, options);
  }

  /**
   * Add a WebSocket view: found for a `GET` WebSocket upgrade as any view is (route, traversal,
   * predicates, permission); the socket opens only once all of them, and the Origin check, let it
   * through. `handler` is `(socket, request) => …` or a class (made by the container, the Request
   * injectable) with `onOpen`, `onMessage` and `onClose`.
   * @example
   * config.addRoute('echo', '/echo');
   * config.addWebSocketView((socket) => socket.onMessage((message) => socket.send(message)), { routeName: 'echo' });
   */
  addWebSocketView(
    handler: WebSocketHandlerFunction | Class<WebSocketHandler>,
    options?: WebSocketViewOptions,
  ): void {
    addWebSocketView(this.#context(), handler, options);
  }

  /** Add a view for errors of `options.context` (a class). */
  addExceptionView(view: ((request: Request) => unknown) | Class, options: ExceptionViewOptions): void {
    addExceptionView(this.#context(), view, options);
  }

  /**
   * Add the view answering 404s. With `appendSlash`, `/foo` is first redirected to `/foo/` when a
   * route matches that; `view` may then be null (the plain 404 answers otherwise).
   */
  addNotFoundView(view: ((request: Request) => unknown) | Class | null, options?: NotFoundViewOptions): void {
    addNotFoundView(this.#context(), view, options);
  }

  /** Add the view answering 403s. */
  addForbiddenView(view: ((request: Request) => unknown) | Class, options?: SpecialViewOptions): void {
    addForbiddenView(this.#context(), view, options);
  }

  /**
   * Add a view deriver: at commit it wraps every view (inside the permission check). Options it
   * names become addView options. Derivers added later wrap the ones added earlier.
   * @example
   * config.addViewDeriver((view, info) => (info.options.timed ? timed(view) : view), { name: 'timing', options: ['timed'] });
   */
  addViewDeriver(deriver: ViewDeriver, options?: ViewDeriverOptions): void {
    addViewDeriver(this.#context(), deriver, options);
  }

  /**
   * Add a view predicate: from then on `name` is an option of addView. A class is made once by the
   * container (with its injected services); its `create(value, info)` makes the predicate.
   */
  addViewPredicate(name: string, factory: FactoryOrClass<ViewPredicateFactory>): void {
    addViewPredicate(this.#context(), name, factory, VIEW_OWN_OPTIONS);
  }

  /** Add a route predicate: from then on `name` is an option of addRoute. A class works as for addViewPredicate. */
  addRoutePredicate(name: string, factory: FactoryOrClass<RoutePredicateFactory>): void {
    addRoutePredicate(this.#context(), name, factory, ROUTE_OWN_OPTIONS);
  }

  /**
   * Add a renderer for a name (`json`) or a file extension (`.hbs`). A class is made once by the
   * container (with its injected services); its `create(info)` makes the render function.
   */
  addRenderer(name: string, factory: FactoryOrClass<RendererFactory>): void {
    addRenderer(this.#context(), name, factory);
  }

  /**
   * Call `fn(event)` for every published event of `eventClass` (or a subclass). `fn` may also be a
   * class with a `handle(event)` method, made per event through the container.
   */
  addSubscriber<E>(fn: ((event: E) => unknown) | SubscriberClass<E>, eventClass: Class<E>): void {
    addSubscriber(this.#context(), fn, eventClass);
  }

  /**
   * Add a tween around the view-calling core. A class is made once by the container (with its
   * injected services); its `create(handler, registry)` makes the tween.
   */
  addTween(factory: FactoryOrClass<TweenFactory>, options?: TweenOptions): void {
    addTween(this.#context(), factory, options);
  }

  /** Add a method or property to every request (type it by augmenting `Request`). */
  addRequestMethod(
    fn: (request: Request, ...args: never[]) => unknown,
    name: string,
    options?: RequestMethodOptions,
  ): void {
    addRequestMethod(this.#context(), fn, name, options);
  }

  /**
   * Serve the directory `path` under the URL prefix `name` (`static` → /static/…), or, when `name`
   * is an absolute URL (a CDN), only generate URLs there. See request.staticUrl.
   * @example config.addStaticView('static', new URL('./static/', import.meta.url), { cacheBust: true });
   */
  addStaticView(name: string, path: AssetPath, options?: StaticViewOptions): void {
    addStaticView(this.#context(), name, path, options);
  }

  /**
   * Serve and render `to` wherever `from` (an add-on's template or static file or directory) is
   * asked for. Files missing from an overriding directory still come from the original.
   * @example config.overrideAsset(new URL('./node_modules/shop/templates/', import.meta.url), new URL('./shop-templates/', import.meta.url));
   */
  overrideAsset(from: AssetPath, to: AssetPath): void {
    overrideAsset(this.#context(), from, to);
  }

  /**
   * Configure the Fastify instance while makeApp builds it, before it is ready: register Fastify
   * plugins and hooks (an add-on closing its connections on `onClose`, say). The escape hatch for
   * what Ziggurat does not wrap; runs in registration order.
   * @example config.configureFastify((app) => app.addHook('onClose', () => pool.end()));
   */
  configureFastify(configure: FastifyConfigurer): void {
    configureFastify(this.#context(), configure);
  }

  /**
   * Add a sub-command to the `ziggurat` tool: `ziggurat <name> [settings-file] ...` loads the app,
   * then calls `command.run(args, io, loaded)`. Two commands of one name conflict.
   * @example
   * config.addCommand({ name: 'hello', summary: 'Say hello', usage: 'usage: ziggurat hello [settings-file]',
   *   run: async (args, io) => { io.stdout.write('hello\n'); return 0; } });
   */
  addCommand(command: AppCommand): void {
    addCommand(this.#context(), command);
  }

  /**
   * Set the root factory of traversal: `(request) => root`, or a class made per request whose
   * instance is the root (through the container when injectable, the Request injectable).
   */
  setRootFactory(factory: RootFactory | RootClass): void {
    setRootFactory(this.#context(), factory);
  }

  /**
   * Set the security policy behind identity, permissions, remember and forget: an object, or a class
   * the container makes once at commit (with its injected services).
   */
  setSecurityPolicy(policy: SecurityPolicy | SecurityPolicyClass): void {
    setSecurityPolicy(this.#context(), policy);
  }

  /** Set the permission required by views that do not name one. */
  setDefaultPermission(permission: string): void {
    setDefaultPermission(this.#context(), permission);
  }

  /** Set the factory behind request.session. */
  setSessionFactory(factory: SessionFactory): void {
    setSessionFactory(this.#context(), factory);
  }

  /**
   * Include an add-on (a function or a module exporting includeme). It runs with a child
   * configurator; including the same add-on twice runs it once. Async add-ons are awaited by commit.
   * @example config.include(apiRoutes, { routePrefix: '/api' });
   */
  include<C extends Configurator = this>(addon: Includable<C>, options: IncludeOptions = {}): Promise<void> {
    const site = this.#directiveSite ?? captureCallSite();
    const includeme = resolveIncludeme(addon, site);
    const state = this.registry[STATE];
    if (state.included.has(includeme)) return Promise.resolve();
    state.included.add(includeme);
    // Labelled when a conflict message needs it: formatting the site reads the add-on's source map.
    const step = {
      id: ++this.#session.includeCounter,
      get label() {
        return includeLabel(includeme, site.location);
      },
    };
    const child = new (this.constructor as typeof Configurator)({
      [CHILD]: {
        registry: this.registry,
        session: this.#session,
        includePath: [...this.#includePath, step],
        routePrefix: joinRoutePrefixes(this.routePrefix, options.routePrefix ?? ''),
      },
    } as ConfiguratorOptions);
    const result = includeme(child as unknown as C);
    return result instanceof Promise ? this.#session.pending.track(result) : Promise.resolve();
  }

  /**
   * Register the views and subscribers declared with decorators (`@viewConfig`, `@subscriber`, …)
   * in classes, module namespaces (`import * as views from './views.js'`) and paths (a directory:
   * every .js module under it; pass `new URL('./views/', import.meta.url)`). A class is registered
   * once however often it is scanned. Paths are imported asynchronously; commit awaits the scan.
   * @example config.scan(ItemViews, await import('./views/users.js'), new URL('./admin/', import.meta.url));
   */
  scan(...targets: ScanTarget[]): Promise<void> {
    const site = this.#directiveSite ?? captureCallSite();
    const registrar: ScanRegistrar = {
      scanned: this.registry[STATE].scanned,
      at: (declaredAt, register) => this.#atSite(declaredAt, register),
      addView: (view, options) => this.addView(view, options),
      addNotFoundView: (view, options) => this.addNotFoundView(view, options),
      addForbiddenView: (view, options) => this.addForbiddenView(view, options),
      addExceptionView: (view, options) => this.addExceptionView(view, options),
      addWebSocketView: (view, options) => this.addWebSocketView(view as Class<WebSocketHandler>, options),
      addSubscriber: (cls, eventClass) => this.addSubscriber(cls as SubscriberClass<unknown>, eventClass),
    };
    return this.#session.pending.track(scanTargets(registrar, targets, site));
  }

  /** Run directives as if called at `site` (a decorator's place in the source). */
  #atSite(site: CallSite, register: () => void): void {
    const outer = this.#directiveSite;
    this.#directiveSite = site;
    try {
      register();
    } finally {
      this.#directiveSite = outer;
    }
  }

  /**
   * Add a directive: a method on every configurator of this registry. Its first argument is the
   * configurator; actions it records are attributed to the directive's caller.
   * @example
   * config.addDirective('addApiRoute', (config, name: string, path: string) => config.addRoute(name, `/api${path}`));
   */
  addDirective<A extends unknown[]>(name: string, fn: (config: this, ...args: A) => unknown): void {
    addDirective(this.registry, name, fn, Configurator.prototype, (config, body) =>
      (config as Configurator).#callDirective(body),
    );
  }

  /** Run a directive's body, its actions attributed to the directive's caller (or an outer one). */
  #callDirective(body: () => unknown): unknown {
    if (this.#directiveSite !== null) return body();
    this.#directiveSite = captureCallSite();
    try {
      return body();
    } finally {
      this.#directiveSite = null;
    }
  }

  /**
   * Run the recorded actions in phase order, resolving conflicts; then check cross references.
   * After a commit, later actions override committed ones without conflict (as in Pyramid).
   */
  async commit(): Promise<void> {
    const state = this.registry[STATE];
    try {
      await this.#session.queue.execute(() => this.#session.pending.settle());
    } finally {
      state.included.clear();
    }
    finalizeState(state, this.registry);
  }

  /** Commit, then build a ready Fastify instance and publish ApplicationCreated. */
  async makeApp(fastifyOptions?: FastifyServerOptions): Promise<FastifyInstance> {
    await this.commit();
    return buildApp(this.registry, fastifyOptions);
  }
}
