// One app's toolbar: which requests it records, the tween that records them and adds the toolbar to
// their pages, and the history the pages under /_debug_toolbar/ read.
import type { Handler, Registry, Request, Response } from '../../lib/index.js';
import { startRecording, stopRecording } from './collectors.js';
import { injectable, injectToolbar, interceptedRedirect, isRedirect, TOOLBAR_PATH } from './inject.js';
import type { DebugPanel } from './panel.js';
import { History, RequestRecord } from './record.js';
import { allowsClient, type ToolbarOptions } from './settings.js';

/** The toolbar of one committed app. */
export class Toolbar {
  readonly options: ToolbarOptions;
  readonly panels: readonly DebugPanel[];
  readonly history: History;
  readonly #registry: Registry;

  constructor(options: ToolbarOptions, panels: readonly DebugPanel[], registry: Registry) {
    this.options = options;
    this.panels = panels;
    this.history = new History(options.maxRequests);
    this.#registry = registry;
  }

  /** Whether the client (as the app's trust_proxy setting identifies it) may see the toolbar. */
  allows(address: string | undefined): boolean {
    return allowsClient(this.options, address);
  }

  /** The tween (right under INGRESS, so its time is the request's) that records allowed clients' requests. */
  tween(handler: Handler): Handler {
    return (request) => {
      if (!this.allows(request.fastify.request.ip) || request.path.startsWith(`${TOOLBAR_PATH}/`))
        return handler(request);
      return this.#record(request, handler);
    };
  }

  async #record(request: Request, handler: Handler): Promise<Response> {
    const record = new RequestRecord(request);
    startRecording(request, record);
    let response: Response;
    try {
      response = await handler(request);
    } catch (error) {
      // An error no exception view answered: Ziggurat answers 500 outside the tweens; keep what is known.
      record.durationMs = performance.now() - record.started;
      record.status = 500;
      record.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
      this.history.add(record);
      stopRecording(request);
      throw error;
    }
    try {
      record.durationMs = performance.now() - record.started;
      await this.#collect(record, request, response);
      return this.#decorate(record, response);
    } finally {
      stopRecording(request);
    }
  }

  async #collect(record: RequestRecord, request: Request, response: Response): Promise<void> {
    record.status = response.status;
    record.contentType = response.headers.get('content-type') ?? '';
    const context = { request, response, record, registry: this.#registry };
    for (const panel of this.panels) {
      try {
        record.panels.set(panel.name, await panel.collect(context));
      } catch (error) {
        record.failures.set(panel.name, error instanceof Error ? error.message : String(error));
      }
    }
    this.history.add(record);
  }

  #decorate(record: RequestRecord, response: Response): Response {
    if (this.options.interceptRedirects && isRedirect(response))
      return interceptedRedirect(response, record.id);
    if (injectable(response)) injectToolbar(response, record.id);
    return response;
  }
}
