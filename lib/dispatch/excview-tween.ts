// The built-in tween just above MAIN (Pyramid's excview tween): errors become exception-view responses.
import { HTTPException } from '../http/exceptions/index.js';
import type { Request } from '../http/request.js';
import type { Response } from '../http/response.js';
import { invokeExceptionView } from '../views/exception-views.js';
import type { ViewTable } from '../views/view-table.js';
import type { SyncableHandler } from './runtime.js';

/**
 * An error becomes its exception view's response; an HTTP exception with no exception view is
 * itself the response; anything else goes on up. It adds no promise when the handler answered
 * synchronously.
 */
export function excviewTween(table: ViewTable): (handler: SyncableHandler) => SyncableHandler {
  const recover = async (request: Request, error: unknown): Promise<Response> => {
    const response = await invokeExceptionView(request, error, table);
    if (response !== null) return response;
    if (error instanceof HTTPException) return error;
    throw error;
  };
  return (handler) => (request) => {
    let result: Response | Promise<Response>;
    try {
      result = handler(request);
    } catch (error) {
      return recover(request, error);
    }
    return result instanceof Promise ? result.catch((error: unknown) => recover(request, error)) : result;
  };
}
