// Reporting each query of request.db on the `ziggurat:sql:query` diagnostics channel, for debugging tools
// such as the debug toolbar. Nothing is wrapped while nobody listens.
import diagnostics from 'node:diagnostics_channel';
import { CompiledQuery, type DatabaseConnection, type Kysely } from 'kysely';
import type { Request } from '../../lib/index.js';
import type { DatabaseTarget } from './settings.js';

/** The channel's name: subscribe with `diagnostics_channel.subscribe(SQL_QUERY_CHANNEL, listener)`. */
export const SQL_QUERY_CHANNEL = 'ziggurat:sql:query';

/** What is published for each query request.db runs (BEGIN and COMMIT are not reported). */
export interface QueryMessage {
  readonly request: Request;
  readonly sql: string;
  readonly parameters: readonly unknown[];
  readonly durationMs: number;
  /** What the database answered with, when the query failed. */
  readonly error: unknown;
  /** Runs EXPLAIN for the query on a connection of its own; only for SELECT (and WITH) queries. */
  readonly explain?: () => Promise<unknown[]>;
}

const channel = diagnostics.channel(SQL_QUERY_CHANNEL);

/** Whether someone listens: request scopes wrap their connections only then. */
export function queriesObserved(): boolean {
  return channel.hasSubscribers;
}

const READ_ONLY = /^\s*(select|with)\b/i;

function explainer(
  root: Kysely<unknown>,
  target: DatabaseTarget,
  query: CompiledQuery,
): (() => Promise<unknown[]>) | undefined {
  if (!READ_ONLY.test(query.sql)) return undefined;
  const prefix = target.dialect === 'sqlite' ? 'EXPLAIN QUERY PLAN ' : 'EXPLAIN ';
  return async () =>
    (await root.executeQuery(CompiledQuery.raw(prefix + query.sql, [...query.parameters]))).rows;
}

/** `connection`, publishing each query it executes for `request` on the channel. */
export function observedConnection(
  connection: DatabaseConnection,
  request: Request,
  root: Kysely<unknown>,
  target: DatabaseTarget,
): DatabaseConnection {
  const publish = (query: CompiledQuery, started: number, error: unknown): void => {
    const message: QueryMessage = {
      request,
      sql: query.sql,
      parameters: query.parameters,
      durationMs: performance.now() - started,
      error,
      explain: explainer(root, target, query),
    };
    channel.publish(message);
  };
  return {
    async executeQuery<R>(query: CompiledQuery) {
      const started = performance.now();
      try {
        const result = await connection.executeQuery<R>(query);
        publish(query, started, undefined);
        return result;
      } catch (error) {
        publish(query, started, error);
        throw error;
      }
    },
    streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
  };
}
