// configureFastify: the escape hatch that configures the Fastify instance while makeApp builds it.
import type { FastifyInstance } from 'fastify';
import { ZigguratError } from '../errors.js';
import type { ConfigContext } from './context.js';
import type { Registry } from './registry.js';

/** A function given the Fastify instance (and the registry) before the instance is ready. */
export type FastifyConfigurer = (app: FastifyInstance, registry: Registry) => unknown;

/** Record a configurer; makeApp runs them in registration order. */
export function configureFastify(ctx: ConfigContext, configure: FastifyConfigurer): void {
  if (typeof configure !== 'function') {
    throw new ZigguratError('ZIG_ERR_CONFIG_OPTION', `configureFastify needs a function at ${ctx.site}`);
  }
  ctx.record(null, () => void ctx.state.fastifyConfigurers.push(configure));
}
