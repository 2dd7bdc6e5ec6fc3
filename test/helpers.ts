// Shared test helpers: build an app from a configure function and inject requests into it.
import type { FastifyInstance, InjectOptions } from 'fastify';
import { Configurator, type ConfiguratorOptions } from '../lib/index.js';

/** Build an app: configure a fresh Configurator, then makeApp. */
export async function appWith(
  configure: (config: Configurator) => void | Promise<void>,
  options: ConfiguratorOptions = {},
): Promise<FastifyInstance> {
  const config = new Configurator(options);
  await configure(config);
  return config.makeApp();
}

/** Inject a request and return status, headers and body (parsed as JSON when it is JSON). */
export async function call(app: FastifyInstance, options: InjectOptions | string) {
  const response = await app.inject(typeof options === 'string' ? { method: 'GET', url: options } : options);
  const type = String(response.headers['content-type'] ?? '');
  const json =
    type.startsWith('application/json') && response.body !== '' ? JSON.parse(response.body) : undefined;
  return { status: response.statusCode, headers: response.headers, body: response.body, json };
}

/** A view returning JSON of a fixed label, for dispatch tests. */
export const label = (name: string) => () => ({ view: name });
