// One app's toolbar: which requests it records, the tween that records them and adds the toolbar to
// their pages, and the history the pages under /_debug_toolbar/ read.
import type { Registry, Request, Response } from '../../lib/index.js';
import {
  recordOfParent,
  startRecording,
  startSubrequest,
  stopRecording,
  stopSubrequest,
} from './collectors.js';
import { injectable, injectToolbar, interceptedRedirect, isRedirect, TOOLBAR_PATH } from './inject.js';
import type { DebugPanel } from './panel.js';
import { History, RequestRecord } from './record.js';
import { allowsClient, type ToolbarOptions } from './settings.js';

/** A handler that may answer synchronously: what the toolbar's tween gets and gives (SYNCABLE_TWEEN). */
export type SyncableHandler = (request: Request) => Response | Promise<Response>;

/** How many client addresses the toolbar remembers its verdict for. */
const VERDICTS_KEPT = 1024;

/** The toolbar of one committed app. */
export class Toolbar {
  readonly options: ToolbarOptions;
  readonly panels: readonly DebugPanel[];
  readonly history: History;
  readonly #registry: Registry;
  /** The verdict of allows() by client address: a client sends many requests. */
  readonly #verdicts = new Map<string, boolean>();

  constructor(options: ToolbarOptions, panels: readonly DebugPanel[], registry: Registry) {
    this.options = options;
    this.panels = panels;
    this.history = new History(options.maxRequests);
    this.#registry = registry;
  }

  /** Whether the client (as the app's trust_proxy setting identifies it) may see the toolbar. */
  allows(address: string | undefined): boolean {
    if (address === undefined) return false;
    let verdict = this.#verdicts.get(address);
    if (verdict === undefined) {
      verdict = allowsClient(this.options, address);
      if (this.#verdicts.size >= VERDICTS_KEPT) this.#verdicts.clear();
      this.#verdicts.set(address, verdict);
    }
    return verdict;
  }

  /**
   * The tween (right under INGRESS, so its time is the request's) that records allowed clients'
   * requests. Whether to record is decided once, first; any other request goes straight to `handler`
   * (the tween is SYNCABLE_TWEEN: no promise added). A subrequest is recorded into its parent's record
   * (its renders and queries are the parent's), never on its own, and gets no toolbar.
   */
  tween(handler: SyncableHandler): SyncableHandler {
    return (request) => {
      if (!this.allows(request.fastify.request.ip)) return handler(request);
      const parent = recordOfParent(request);
      if (parent !== undefined) return this.#subrequest(request, parent, handler);
      if (request.path.startsWith(`${TOOLBAR_PATH}/`)) return handler(request);
      return this.#record(request, handler);
    };
  }

  async #subrequest(request: Request, parent: RequestRecord, handler: SyncableHandler): Promise<Response> {
    startSubrequest(request, parent);
    try {
      return await handler(request);
    } finally {
      stopSubrequest(request);
    }
  }

  async #record(request: Request, handler: SyncableHandler): Promise<Response> {
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
