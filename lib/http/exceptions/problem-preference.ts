// How an HTTP exception answers a JSON API's request: a problem document even to a client that
// states no preference (`*/*`, as curl and fetch send), where other requests get the HTML page.
import { NOT_VALIDATED, type Request } from '../request.js';
import type { HTTPException } from './base.js';

const FORM = /^(?:application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

/** Whether the request sent a body that is not a form: JSON (malformed or not), or a type the app does not take. */
function sentNonFormBody(request: Request): boolean {
  const type = request.headerValue('content-type')?.trim();
  return type !== undefined && type !== '' && !FORM.test(type);
}

/**
 * Fill in the body of an exception answering `request`, accepting `accept`. A request that reached
 * a view with a schema is a JSON API's: JSON wins ties, and no Accept header means any type (RFC
 * 9110). A request that sent a body other than a form has JSON win ties too; without an Accept
 * header it gets plain text, as every other request (Pyramid's reading). A client that prefers HTML
 * or plain text gets it.
 * @example prepareBodyFor(new HTTPNotFound(), '*\/*', request) // a problem document after a schema'd view
 */
export function prepareBodyFor(exception: HTTPException, accept: string | undefined, request: Request): void {
  if (request.validated !== NOT_VALIDATED) {
    exception.prepareBody(accept === undefined || accept.trim() === '' ? '*/*' : accept, true);
  } else {
    exception.prepareBody(accept, sentNonFormBody(request));
  }
}
