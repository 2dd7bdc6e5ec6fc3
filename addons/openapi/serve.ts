// The document and the reference page, served by the app itself: the document as a plain Fastify route,
// the page by Swagger UI's Fastify plugin, whose assets come from its package (no CDN).
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import type { OpenApiOptions } from './settings.js';

/** Serve `document` at `options.path` (JSON, serialized once) and the reference page at `options.ui`. */
export async function serveDocument(
  app: FastifyInstance,
  document: Record<string, unknown>,
  options: OpenApiOptions,
): Promise<void> {
  if (options.path !== null) {
    const body = JSON.stringify(document);
    app.route({
      method: 'GET',
      url: options.path,
      handler: (_request, reply) => reply.type('application/json; charset=utf-8').send(body),
    });
  }
  if (options.ui === null) return;
  // Swagger UI reads the document from @fastify/swagger, which serves it as given in static mode.
  await app.register(fastifySwagger, { mode: 'static', specification: { document: document as never } });
  await app.register(fastifySwaggerUi, { routePrefix: options.ui });
}
