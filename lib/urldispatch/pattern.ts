// Compiles a route pattern into a matcher over canonical paths, a Fastify path, and a URL generator.
import { URLGenerationError } from '../errors.js';
import { uncanonical } from './canonical-path.js';
import { parsePattern, regexMaySpanSlash, type Token } from './pattern-parser.js';
import { quotePath, quoteSegment } from './quote.js';

export type MatchValue = string | string[];
export type Matchdict = Record<string, MatchValue>;

/** A compiled route pattern. */
export interface CompiledPattern {
  /** The pattern, with a leading '/'. */
  readonly pattern: string;
  /** Every `{name}`, in order (not the rest name). */
  readonly paramNames: readonly string[];
  readonly restName: string | null;
  /** The route path registered with Fastify (find-my-way syntax). */
  readonly fastifyPath: string;
  /** True when the Fastify path alone decides the match, so Fastify's params can be used as they are. */
  readonly simple: boolean;
  /** Match a canonical path; null when it does not match. */
  match(canonical: string): Matchdict | null;
  /** For simple patterns: the matchdict from Fastify's decoded params; null when one is empty. */
  fromFastifyParams(params: Readonly<Record<string, string | undefined>>): Matchdict | null;
  /** The path for these params (no query); throws URLGenerationError when it cannot route back. */
  generate(params: Readonly<Record<string, unknown>>): string;
}

const REGEX_SPECIALS = /[.*+?^${}()|[\]\\]/g;
const FMW_UNSAFE_LITERAL = /[*();%]/;

function escapeRegex(text: string): string {
  return text.replace(REGEX_SPECIALS, '\\$&');
}

/** Split tokens into path segments: literals are cut at each '/'. */
function toSegments(tokens: readonly Token[]): Token[][] {
  const segments: Token[][] = [[]];
  for (const token of tokens) {
    if (token.kind !== 'literal') {
      segments[segments.length - 1]?.push(token);
      continue;
    }
    token.text.split('/').forEach((piece, i) => {
      if (i > 0) segments.push([]);
      if (piece !== '') segments[segments.length - 1]?.push({ kind: 'literal', text: piece });
    });
  }
  return segments;
}

function spans(token: Token): boolean {
  return (
    token.kind === 'rest' ||
    (token.kind === 'param' && token.regex !== null && regexMaySpanSlash(token.regex))
  );
}

interface FastifyShape {
  readonly path: string;
  readonly simple: boolean;
  /** Generated Fastify param name → pattern name, for simple patterns. */
  readonly params: ReadonlyArray<readonly [string, string]>;
}

/** Translate to find-my-way syntax: whole `{x}` segments become params, anything harder a wildcard. */
function fastifyShape(tokens: readonly Token[]): FastifyShape {
  const parts: string[] = [];
  const params: Array<[string, string]> = [];
  let simple = true;
  for (const segment of toSegments(tokens).slice(1)) {
    if (segment.some(spans)) {
      parts.push('*');
      return { path: `/${parts.join('/')}`, simple: false, params };
    }
    const [only] = segment;
    if (segment.length === 0) parts.push('');
    else if (segment.length === 1 && only?.kind === 'literal' && !FMW_UNSAFE_LITERAL.test(only.text)) {
      parts.push(only.text.replace(/:/g, '::'));
    } else {
      const generated = `p${params.length}`;
      parts.push(`:${generated}`);
      if (segment.length === 1 && only?.kind === 'param' && only.regex === null)
        params.push([generated, only.name]);
      else {
        params.push([generated, '']);
        simple = false;
      }
    }
  }
  return { path: `/${parts.join('/')}`, simple, params };
}

function matcherSource(tokens: readonly Token[]): string {
  let source = '^';
  tokens.forEach((token, i) => {
    if (token.kind === 'literal') source += escapeRegex(token.text.replace(/%/g, '%25'));
    else if (token.kind === 'rest') source += `(?<g${i}>.*)`;
    else source += `(?<g${i}>${token.regex === null ? '[^/]+' : `(?:${token.regex})`})`;
  });
  return `${source}$`;
}

function splitRest(value: string): string[] {
  return value
    .split('/')
    .filter((segment) => segment !== '')
    .map(uncanonical);
}

/** Compile a route pattern; throws a ZIG_ERR_ROUTE_PATTERN ConfigurationError when it is malformed. */
export function compilePattern(pattern: string): CompiledPattern {
  const tokens = parsePattern(pattern);
  const normalised = pattern.startsWith('/') ? pattern : `/${pattern}`;
  const matcher = new RegExp(matcherSource(tokens));
  const shape = fastifyShape(tokens);
  const restToken = tokens.find((token) => token.kind === 'rest');
  const dynamic = tokens
    .map((token, i) => [token, `g${i}`] as const)
    .filter(([token]) => token.kind !== 'literal');
  return {
    pattern: normalised,
    paramNames: tokens.flatMap((token) => (token.kind === 'param' ? [token.name] : [])),
    restName: restToken?.kind === 'rest' ? restToken.name : null,
    fastifyPath: shape.path,
    simple: shape.simple,
    match(canonical) {
      const groups = matcher.exec(canonical)?.groups;
      if (!groups) return null;
      const matchdict: Matchdict = {};
      for (const [token, group] of dynamic) {
        const value = groups[group] ?? '';
        if (token.kind !== 'literal')
          matchdict[token.name] = token.kind === 'rest' ? splitRest(value) : uncanonical(value);
      }
      return matchdict;
    },
    fromFastifyParams(params) {
      const matchdict: Matchdict = {};
      // An index loop: this runs for every request a simple route gets.
      for (let i = 0; i < shape.params.length; i++) {
        const [generated, name] = shape.params[i] as readonly [string, string];
        const value = params[generated];
        if (!value) return null;
        matchdict[name] = value;
      }
      return matchdict;
    },
    generate: (params) => generatePath(normalised, tokens, params),
  };
}

function generationError(pattern: string, problem: string): URLGenerationError {
  return new URLGenerationError(
    'ZIG_ERR_ROUTE_PARAM',
    `Cannot generate a URL for ${JSON.stringify(pattern)}: ${problem}`,
  );
}

function scalar(pattern: string, name: string, value: unknown): string {
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'bigint' || type === 'boolean') return String(value);
  throw generationError(
    pattern,
    `'${name}' must be a string or a number, got ${value === null ? 'null' : type}`,
  );
}

function generateParam(pattern: string, token: Token & { kind: 'param' }, value: string): string {
  if (value === '') throw generationError(pattern, `'${token.name}' is empty`);
  if (token.regex === null) return quoteSegment(value);
  if (!new RegExp(`^(?:${token.regex})$`).test(value)) {
    throw generationError(
      pattern,
      `'${token.name}' = ${JSON.stringify(value)} does not match /${token.regex}/`,
    );
  }
  return regexMaySpanSlash(token.regex) ? quotePath(value) : quoteSegment(value);
}

function generateRest(pattern: string, name: string, value: unknown): string {
  if (typeof value === 'string') return quotePath(value);
  if (!Array.isArray(value))
    throw generationError(pattern, `'${name}' must be an array of segments or a string`);
  return value
    .map((item) => {
      const text = scalar(pattern, name, item);
      if (text === '') throw generationError(pattern, `'${name}' has an empty segment`);
      return quoteSegment(text);
    })
    .join('/');
}

function generatePath(
  pattern: string,
  tokens: readonly Token[],
  params: Readonly<Record<string, unknown>>,
): string {
  let path = '';
  for (const token of tokens) {
    if (token.kind === 'literal') {
      path += quotePath(token.text);
      continue;
    }
    if (!Object.hasOwn(params, token.name) || params[token.name] === undefined) {
      throw generationError(pattern, `the parameter '${token.name}' is missing`);
    }
    const value = params[token.name];
    path +=
      token.kind === 'rest'
        ? generateRest(pattern, token.name, value)
        : generateParam(pattern, token, scalar(pattern, token.name, value));
  }
  return path;
}
