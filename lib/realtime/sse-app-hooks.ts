// What a made app does for event streams and the broadcaster: log through the app's logger, end open
// streams when the app starts closing (they would keep `app.close()` and a graceful shutdown waiting
// until the timeout cut them), and close the broadcaster's Redis connections once it has closed.
import type { FastifyInstance } from 'fastify';
import type { Registry } from '../config/registry.js';
import { endEventStreams } from './event-stream.js';

/** A configurer (see configureFastify) every registry starts with. */
export function realtimeHooks(app: FastifyInstance, registry: Registry): void {
  registry.broadcaster.setLogger(app.log);
  // preClose runs before Fastify stops listening and waits for connections: a stream ended here lets
  // its connection finish like any other response.
  app.addHook('preClose', async () => {
    await endEventStreams(registry);
  });
  app.addHook('onClose', () => registry.broadcaster.close());
}
