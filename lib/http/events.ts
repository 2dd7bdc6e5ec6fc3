// The events the framework publishes to subscribers registered with addSubscriber.
import type { FastifyInstance } from 'fastify';
import type { RenderSystem } from '../types.js';
import type { Request } from './request.js';
import type { Response } from './response.js';

/** Published when a request arrives, before any routing. */
export class NewRequest {
  constructor(readonly request: Request) {}
}

/** Published once the context is known (after route matching and traversal). */
export class ContextFound {
  constructor(readonly request: Request) {}
}

/** Published before a renderer runs; `values` may be changed or replaced. */
export class BeforeRender {
  constructor(
    public values: unknown,
    readonly system: RenderSystem,
  ) {}
}

/** Published when a response is ready, before it is sent. */
export class NewResponse {
  constructor(
    readonly request: Request,
    readonly response: Response,
  ) {}
}

/** Published once by makeApp, when the Fastify instance is ready. */
export class ApplicationCreated {
  constructor(readonly app: FastifyInstance) {}
}
