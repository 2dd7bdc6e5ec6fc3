// Internal symbols shared between framework files; never part of the public API.

/** The registry's configuration state. */
export const STATE = Symbol('ziggurat.state');
/** A request's per-request internals. */
export const INTERNALS = Symbol('ziggurat.request');
/** The prototype that carries a registry's directives. */
export const DIRECTIVES = Symbol('ziggurat.directives');
/** Which route group a request reached, read by MAIN. */
export const DISPATCH = Symbol('ziggurat.dispatch');
/**
 * A Response's hook that dispatch calls with the request right before sending it (an event stream
 * reads its keep-alive setting and joins the app's open streams then).
 */
export const BEFORE_SEND = Symbol('ziggurat.beforeSend');
/** The first view that ran for a request (its ViewEntry), for the request log and the development error page. */
export const VIEW = Symbol('ziggurat.view');
