// The 400 a view's schema answers a request that does not match it, with one entry per failure.
import type { HTTPExceptionOptions } from './base.js';
import { HTTPBadRequest } from './classes.js';

/** One way a request failed its view's schema: where, a JSON pointer into that part, and why. */
export interface ValidationFailure {
  readonly location: 'body' | 'query' | 'params' | 'headers';
  /** A JSON pointer (RFC 6901) into the part: `/title`, `/items/0/price`; `''` for the part itself. */
  readonly pointer: string;
  readonly message: string;
}

function describe(failures: readonly ValidationFailure[]): string {
  const each = failures.map((failure) => `${failure.location}${failure.pointer} ${failure.message}`);
  return `The request does not match the view's schema: ${each.join('; ')}`;
}

/**
 * A request that failed its view's schema: a 400 whose JSON problem document lists the failures
 * in `errors`. Match it with an exception view to answer in your own way (a form with its errors).
 * @example config.addExceptionView((request) => ({ errors: (request.exception as RequestValidationError).errors }), { context: RequestValidationError, renderer: 'json' });
 */
export class RequestValidationError extends HTTPBadRequest {
  readonly errors: readonly ValidationFailure[];

  constructor(failures: readonly ValidationFailure[], options: Omit<HTTPExceptionOptions, 'problem'> = {}) {
    super({ detail: describe(failures), ...options, problem: { errors: failures } });
    this.errors = failures;
  }

  /**
   * A schema failure answers with its problem document unless the client prefers HTML or plain
   * text; no Accept header means any type, as RFC 9110 reads it.
   */
  override prepareBody(accept: string | undefined): void {
    super.prepareBody(accept === undefined || accept.trim() === '' ? '*/*' : accept, true);
  }
}
