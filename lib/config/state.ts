// The configuration state a commit fills in: routes, views, renderers, predicates, tweens, subscribers.

import type { FastifyInstance } from 'fastify';
import type { AssetOverride } from '../assets/asset-paths.js';
import type { CallSite } from '../declarative/call-site.js';
import type { AllowedHosts } from '../http/allowed-hosts.js';
import type { ExternalOrigin } from '../http/url.js';
import type { SettingsWarning } from '../settings/unknown-settings.js';
import type {
  Class,
  RendererFactory,
  RenderFunction,
  RootFactory,
  RouteInfo,
  RoutePredicateFactory,
  RoutePregenerator,
  SecurityPolicy,
  SessionFactory,
  TweenFactory,
  ViewPredicate,
  ViewPredicateFactory,
} from '../types.js';
import type { CompiledPattern } from '../urldispatch/index.js';
import type { RedisCounter } from '../views/throttle/counters.js';
import type { StaticViewEntry } from './assets.js';
import type { AppCommand } from './commands.js';
import type { DeriverEntry } from './derivers.js';
import type { Registry } from './registry.js';

/** A committed route. */
export interface RouteEntry extends RouteInfo {
  readonly compiled: CompiledPattern;
  readonly traverse: CompiledPattern | null;
  /** The methods its `requestMethod` predicate allows, or null when any method may match. */
  readonly methods: readonly string[] | null;
  readonly site: CallSite;
  /** For URL generation only: never matched, never a Fastify route (static and external routes). */
  readonly static: boolean;
  /** The other site an external route's URLs point to, or null. */
  readonly external: ExternalOrigin | null;
  readonly pregenerator: RoutePregenerator | null;
}

/** A view callable after mapping: always `(request) => result`. */
export type MappedView = (request: import('../http/request.js').Request) => unknown;

/** A committed view (or exception view). */
export interface ViewEntry {
  /** What dispatch calls: the mapped view wrapped by the view derivers (set at commit). */
  view: MappedView;
  /** The view as mapped, before derivers. */
  readonly mapped: MappedView;
  /** The options it was registered with. */
  readonly options: Readonly<Record<string, unknown>>;
  /** What the user registered (a function or a class). */
  readonly original: unknown;
  readonly attr: string | null;
  readonly routeName: string | null;
  readonly context: Class | null;
  readonly name: string;
  readonly predicates: readonly ViewPredicate[];
  /** What its predicates weigh (see predicateWeight): breaks ties between as many predicates. */
  readonly weight: number;
  /** The methods its `requestMethod` predicate allows, or null. */
  readonly methods: readonly string[] | null;
  permission: string | null;
  readonly rendererName: string | null;
  render: RenderFunction | null;
  readonly index: number;
  readonly site: CallSite;
}

/** A recorded tween. */
export interface TweenEntry {
  readonly name: string;
  readonly factory: TweenFactory;
  readonly over: readonly string[];
  readonly under: readonly string[];
  readonly site: CallSite;
}

/** A recorded request extension. */
export interface RequestMethodEntry {
  readonly name: string;
  readonly fn: (request: never, ...args: never[]) => unknown;
  readonly reify: boolean;
  readonly property: boolean;
}

/** A class the container makes at request time, checked at commit (checkResolvable). */
export interface ContainerClassEntry {
  readonly cls: Function;
  /** What it is, for messages: 'view class', 'subscriber class'... */
  readonly role: string;
  /** The directive (or decorator) that registered it. */
  readonly site: CallSite;
  /** For a class made once for the app (a security policy, a factory class): makes it (memoized). */
  readonly make?: () => unknown;
}

/** A subscriber and the event class it listens to. */
export interface SubscriberEntry {
  readonly eventClass: Class;
  readonly fn: (event: never) => unknown;
}

/** Everything a commit registers; the app is built from it. */
export class ConfigState {
  readonly routes = new Map<string, RouteEntry>();
  readonly views: ViewEntry[] = [];
  readonly exceptionViews: ViewEntry[] = [];
  readonly renderers = new Map<string, RendererFactory>();
  readonly renderFunctions = new Map<string, RenderFunction>();
  readonly viewPredicates = new Map<string, ViewPredicateFactory>();
  readonly routePredicates = new Map<string, RoutePredicateFactory>();
  readonly subscribers: SubscriberEntry[] = [];
  /** The classes the container will make (views, subscribers...): each is checked at commit. */
  readonly containerClasses: ContainerClassEntry[] = [];
  readonly tweens: TweenEntry[] = [];
  readonly requestMethods = new Map<string, RequestMethodEntry>();
  readonly viewDerivers: DeriverEntry[] = [];
  readonly staticViews: StaticViewEntry[] = [];
  /** Functions that configure the Fastify instance while it is built (configureFastify). */
  readonly fastifyConfigurers: Array<(app: FastifyInstance, registry: Registry) => unknown> = [];
  readonly assetOverrides: AssetOverride[] = [];
  /** Sub-commands of `ziggurat` the app and its add-ons contribute (addCommand), by name. */
  readonly commands = new Map<string, AppCommand>();
  /** View options that view derivers read (not predicates). */
  readonly viewDeriverOptions = new Set<string>();
  readonly included = new Set<unknown>();
  /** Classes config.scan has registered (each once). */
  readonly scanned = new Set<Function>();
  rootFactory: RootFactory | null = null;
  securityPolicy: SecurityPolicy | null = null;
  defaultPermission: string | null = null;
  sessionFactory: SessionFactory | null = null;
  /** The ziggurat.debugAuthorization setting, read once at commit: log every view permission decision. */
  debugAuthorization = false;
  /** The keys of each declared settings namespace (declareSettings), without the namespace. */
  readonly settingsNamespaces = new Map<string, Set<string>>();
  /** Settings nothing reads (typos), found at the last commit. */
  settingsWarnings: readonly SettingsWarning[] = [];
  /** The warnings already logged, so each is logged once. */
  readonly loggedSettingsWarnings = new Set<string>();
  /** The ziggurat.allowed_hosts setting, parsed once at commit (a bad entry fails the commit). */
  allowedHosts: AllowedHosts | null = null;
  /** The rate limits' Redis counters (the `ratelimit.redis` setting), kept across commits. */
  rateLimitRedis: RedisCounter | null = null;
  viewCounter = 0;
  /** How many commits have finished: after the first, a registration may replace a committed one. */
  commits = 0;
}
