// The documentation options of a view (summary, description, tags, operationId, deprecated): checked at
// the addView call, kept on the view for introspection and the OpenAPI add-on, never read by dispatch.
import type { CallSite } from '../declarative/call-site.js';
import { ConfigurationError } from '../errors.js';

/** What a view says about itself for API documentation (OpenAPI's operation fields). */
export interface ViewDocOptions {
  /** A one-line summary of what the view does. */
  summary?: string;
  /** A longer description (CommonMark in OpenAPI). */
  description?: string;
  /** Tags that group the view's operations in the API reference. */
  tags?: readonly string[];
  /** A name unique in the app, which client generators turn into a function name. */
  operationId?: string;
  /** Whether clients should stop using the view. */
  deprecated?: boolean;
}

/** The names of the documentation options: they take no part in view selection or conflicts. */
export const VIEW_DOC_OPTIONS: readonly (keyof ViewDocOptions)[] = [
  'summary',
  'description',
  'tags',
  'operationId',
  'deprecated',
];

function optionError(name: string, expected: string, value: unknown, site: CallSite): ConfigurationError {
  return new ConfigurationError(
    `The ${name} option must be ${expected}, got ${JSON.stringify(value)} at ${site}`,
    { code: 'ZIG_ERR_CONFIG_OPTION' },
  );
}

const isText = (value: unknown): boolean => typeof value === 'string' && value.trim() !== '';

/** Check the documentation options of an addView call; a wrong type fails at the call site. */
export function checkViewDocs(options: ViewDocOptions, site: CallSite): void {
  for (const name of ['summary', 'description', 'operationId'] as const) {
    const value = options[name];
    if (value !== undefined && !isText(value)) throw optionError(name, 'a non-empty string', value, site);
  }
  const { tags, deprecated } = options;
  if (tags !== undefined && !(Array.isArray(tags) && tags.every(isText))) {
    throw optionError('tags', 'a list of non-empty strings', tags, site);
  }
  if (deprecated !== undefined && typeof deprecated !== 'boolean') {
    throw optionError('deprecated', 'true or false', deprecated, site);
  }
}

/**
 * The documentation options a view was given, only those set.
 * @example viewDocsOf({ summary: 'List items', renderer: 'json' }) // { summary: 'List items' }
 */
export function viewDocsOf(options: Readonly<Record<string, unknown>>): ViewDocOptions {
  const docs: Record<string, unknown> = {};
  for (const name of VIEW_DOC_OPTIONS) {
    const value = options[name];
    if (value !== undefined) docs[name] = Array.isArray(value) ? [...value] : value;
  }
  return docs as ViewDocOptions;
}
