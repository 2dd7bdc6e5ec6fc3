// Ziggurat's public API: every public name, listed explicitly. What is not exported here may change.
import 'reflect-metadata';

export { inject, injectable } from 'inversify';
export {
  type AssetOverride,
  type AssetPath,
  assetPath,
  directoryOverridesOf,
  overriddenPaths,
} from './assets.js';
export type { AppCommand, CliIO, LoadedApp } from './cli/command.js';
export { PHASE } from './config/actions.js';
export { ALL_METHODS } from './config/app-builder.js';
export type { StaticViewOptions } from './config/assets.js';
export { Configurator, type ConfiguratorOptions } from './config/configurator.js';
export type { ViewDeriver, ViewDeriverInfo, ViewDeriverOptions } from './config/derivers.js';
export type { RequestMethodOptions } from './config/factories.js';
export type { Includable, IncludeOptions } from './config/include.js';
export { Registry } from './config/registry.js';
export type { RouteOptions, RoutePredicateOptions } from './config/routes.js';
export type { ScanTarget } from './config/scan.js';
export { NO_PERMISSION_REQUIRED } from './config/security.js';
export type { SubscriberClass } from './config/subscribers.js';
export type { TweenOptions } from './config/tweens.js';
export type {
  ExceptionViewOptions,
  SpecialViewOptions,
  ViewOptions,
  ViewPredicateOptions,
} from './config/views.js';
export {
  exceptionViewConfig,
  forbiddenViewConfig,
  notFoundViewConfig,
  subscriber,
  type ViewDecorator,
  viewConfig,
  viewDefaults,
} from './decorators.js';
export {
  ConfigurationConflictError,
  ConfigurationError,
  ConfigurationExecutionError,
  type ErrorCode,
  ErrorCodes,
  URLGenerationError,
  ZigguratError,
} from './errors.js';
export { ApplicationCreated, BeforeRender, ContextFound, NewRequest, NewResponse } from './events.js';
export {
  exceptionResponse,
  HTTPBadGateway,
  HTTPBadRequest,
  HTTPClientError,
  HTTPConflict,
  HTTPError,
  HTTPException,
  type HTTPExceptionClass,
  type HTTPExceptionOptions,
  HTTPExpectationFailed,
  HTTPFailedDependency,
  HTTPForbidden,
  HTTPFound,
  HTTPGatewayTimeout,
  HTTPGone,
  HTTPImATeapot,
  HTTPInsufficientStorage,
  HTTPInternalServerError,
  HTTPLengthRequired,
  HTTPLocked,
  HTTPMethodNotAllowed,
  HTTPMovedPermanently,
  HTTPMultipleChoices,
  HTTPNotAcceptable,
  HTTPNotFound,
  HTTPNotImplemented,
  HTTPNotModified,
  HTTPPaymentRequired,
  HTTPPermanentRedirect,
  HTTPPreconditionFailed,
  HTTPPreconditionRequired,
  HTTPProxyAuthenticationRequired,
  HTTPRedirection,
  HTTPRequestEntityTooLarge,
  HTTPRequestHeaderFieldsTooLarge,
  HTTPRequestRangeNotSatisfiable,
  HTTPRequestTimeout,
  HTTPRequestURITooLong,
  HTTPSeeOther,
  HTTPServerError,
  HTTPServiceUnavailable,
  HTTPTemporaryRedirect,
  HTTPTooManyRequests,
  HTTPUnauthorized,
  HTTPUnprocessableEntity,
  HTTPUnsupportedMediaType,
  HTTPUseProxy,
  HTTPVersionNotSupported,
  STATUS_CLASSES,
} from './httpexceptions/index.js';
export { jsonRenderer, stringRenderer } from './renderers.js';
export { Request } from './request.js';
export {
  type CookieOptions,
  cookieHeader,
  Response,
  type ResponseBody,
  type ResponseInit,
} from './response.js';
export { ResponseHeaders } from './response-headers.js';
export {
  type ACE,
  type ACL,
  ACLHelper,
  ACLPermitsResult,
  ALL_PERMISSIONS,
  Allow,
  Authenticated,
  DENY_ALL,
  Deny,
  Everyone,
} from './security/acl.js';
export { type AuthTicket, AuthTktCookieHelper, type AuthTktOptions } from './security/auth-ticket.js';
export { type BasicCredentials, extractHttpBasicCredentials } from './security/basic-auth.js';
export { forget, remember } from './security/remember.js';
export { SessionAuthenticationHelper } from './security/session-helper.js';
export { constantTimeEqual, MIN_SECRET_LENGTH, secretList, sign, unsign } from './security/signing.js';
export { asBool, asInt, asList } from './settings.js';
export {
  DefaultRoot,
  findAncestor,
  findResource,
  findRoot,
  lineage,
  ResourceNotFoundError,
  resourcePathTuple,
  type TraversalResult,
  traverse,
} from './traversal.js';
export { EXCVIEW, INGRESS, MAIN } from './tweens.js';
export type {
  Class,
  Handler,
  MaybePromise,
  PermitsResult,
  PredicateInfo,
  RendererFactory,
  RenderFunction,
  RenderSystem,
  Resource,
  RootFactory,
  RouteInfo,
  RouteMatchInfo,
  RoutePredicate,
  RoutePredicateFactory,
  SecurityPolicy,
  Session,
  SessionFactory,
  Settings,
  TweenFactory,
  ViewPredicate,
  ViewPredicateFactory,
} from './types.js';
export type { ResourceUrlOptions, RouteUrlOptions } from './url.js';
export type { Matchdict, MatchValue } from './urldispatch/index.js';
