// Compiles a route pattern into a matcher over canonical paths, a Fastify path, and a URL generator.
import { URLGenerationError } from '../errors.js';
import { canonicalPath, uncanonical } from './canonical-path.js';
import { parsePattern, regexMaySpanSlash, type Token } from './pattern-parser.js';
import { encodePathText, encodeSegmentText, refuseDotSegments } from './quote.js';

export type MatchValue = string | string[];
export type Matchdict = Record<string, MatchValue>;

/** A compiled route pattern. */
export interface CompiledPattern {
  /** The pattern, with a leading '/'. */
  readonly pattern: string;
  /** Every `{name}`, in order (not the rest name). */
  readonly paramNames: readonly string[];
  readonly restName: string | null;
  /** Whether it names a `subpath` (`*subpath` or `{subpath}`), which sets the request's subpath. */
  readonly hasSubpath: boolean;
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

/** Fastify's names of a simple pattern's params, in order (`p0`, `p1`...): one string each for all routes. */
const FASTIFY_PARAMS: string[] = [];

function fastifyParam(index: number): string {
  FASTIFY_PARAMS[index] ??= `p${index}`;
  return FASTIFY_PARAMS[index];
}

interface FastifyShape {
  readonly path: string;
  /** Whether each Fastify param (`p0`, `p1`...) is one `{name}` of the pattern, in order (paramNames). */
  readonly simple: boolean;
}

/** Translate to find-my-way syntax: whole `{x}` segments become params, anything harder a wildcard. */
function fastifyShape(tokens: readonly Token[]): FastifyShape {
  const parts: string[] = [];
  let params = 0;
  let simple = true;
  for (const segment of toSegments(tokens).slice(1)) {
    if (segment.some(spans)) {
      parts.push('*');
      return { path: `/${parts.join('/')}`, simple: false };
    }
    const [only] = segment;
    if (segment.length === 0) parts.push('');
    else if (segment.length === 1 && only?.kind === 'literal' && !FMW_UNSAFE_LITERAL.test(only.text)) {
      parts.push(only.text.replace(/:/g, '::'));
    } else {
      parts.push(`:${fastifyParam(params++)}`);
      if (segment.length !== 1 || only?.kind !== 'param' || only.regex !== null) simple = false;
    }
  }
  return { path: `/${parts.join('/')}`, simple };
}

function matcherSource(tokens: readonly Token[]): string {
  let source = '^';
  tokens.forEach((token, i) => {
    if (token.kind === 'literal') source += escapeRegex(token.text.replace(/%/g, '%25'));
    // The rest of the path is any text, line breaks included: `.` would stop at a decoded %0A.
    else if (token.kind === 'rest') source += `(?<g${i}>[\\s\\S]*)`;
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

/**
 * Whether some values could generate a path that matches back differently: two placeholders in one
 * segment (`{name}.{ext}` with name 'a', ext 'b.pdf' gives 'a.b.pdf', which matches back as name
 * 'a.b'), or two that may span segments. Elsewhere each value has a segment or a fixed place.
 */
function mayMatchBackDifferently(tokens: readonly Token[]): boolean {
  const dynamicIn = (segment: readonly Token[]) => segment.filter((token) => token.kind !== 'literal');
  if (toSegments(tokens).some((segment) => dynamicIn(segment).length > 1)) return true;
  return tokens.filter(spans).length > 1;
}

/** What matching a canonical path needs: the regex and, for each of its groups, the token it captures. */
interface Matcher {
  readonly regex: RegExp;
  readonly groups: ReadonlyArray<readonly [Token & { kind: 'param' | 'rest' }, string]>;
}

function makeMatcher(tokens: readonly Token[]): Matcher {
  const groups: Array<readonly [Token & { kind: 'param' | 'rest' }, string]> = [];
  tokens.forEach((token, i) => {
    if (token.kind !== 'literal') groups.push([token, `g${i}`]);
  });
  return { regex: new RegExp(matcherSource(tokens)), groups };
}

/** Lists of param names by their text: most routes of an app name the same few (`['id']`). */
const NAME_LISTS = new Map<string, readonly string[]>();

function sharedNames(names: readonly string[]): readonly string[] {
  const key = names.join('/');
  let shared = NAME_LISTS.get(key);
  if (shared === undefined) NAME_LISTS.set(key, (shared = names.slice()));
  return shared;
}

/**
 * A compiled pattern. An app keeps one per route for as long as it runs, most of them simple
 * (`/users/{id}`: Fastify's params are the matchdict), so what only URL generation or matching a
 * path needs (the tokens, the regex) is made when first needed, for the routes that use it.
 */
class RoutePattern implements CompiledPattern {
  readonly pattern: string;
  readonly paramNames: readonly string[];
  readonly restName: string | null;
  readonly hasSubpath: boolean;
  readonly fastifyPath: string;
  readonly simple: boolean;
  readonly #checkMatchBack: boolean;
  #tokens: readonly Token[] | null;
  #matcher: Matcher | null;

  constructor(pattern: string, tokens: readonly Token[]) {
    const shape = fastifyShape(tokens);
    const restToken = tokens.find((token) => token.kind === 'rest');
    this.pattern = pattern.startsWith('/') ? pattern : `/${pattern}`;
    this.paramNames = sharedNames(tokens.flatMap((token) => (token.kind === 'param' ? [token.name] : [])));
    this.restName = restToken?.kind === 'rest' ? restToken.name : null;
    this.hasSubpath = tokens.some((token) => token.kind !== 'literal' && token.name === 'subpath');
    this.fastifyPath = shape.path;
    this.simple = shape.simple;
    this.#checkMatchBack = mayMatchBackDifferently(tokens);
    // A pattern with regexes, a *rest or mixed segments is matched against every request it gets
    // (and its regex must compile now); a simple one is matched from Fastify's params.
    this.#tokens = shape.simple ? null : tokens;
    this.#matcher = shape.simple ? null : makeMatcher(tokens);
  }

  get #parsed(): readonly Token[] {
    this.#tokens ??= parsePattern(this.pattern);
    return this.#tokens;
  }

  match(canonical: string): Matchdict | null {
    this.#matcher ??= makeMatcher(this.#parsed);
    const found = this.#matcher.regex.exec(canonical);
    if (found === null) return null;
    // A pattern without placeholders has no groups, yet it matched.
    const groups = found.groups ?? {};
    const matchdict: Matchdict = {};
    for (const [token, group] of this.#matcher.groups) {
      const value = groups[group] ?? '';
      matchdict[token.name] = token.kind === 'rest' ? splitRest(value) : uncanonical(value);
    }
    return matchdict;
  }

  fromFastifyParams(params: Readonly<Record<string, string | undefined>>): Matchdict | null {
    const names = this.paramNames;
    const matchdict: Matchdict = {};
    for (let i = 0; i < names.length; i++) {
      const value = params[fastifyParam(i)];
      if (!value) return null;
      matchdict[names[i] as string] = value;
    }
    return matchdict;
  }

  generate(params: Readonly<Record<string, unknown>>): string {
    const tokens = this.#parsed;
    const path = generatePath(this.pattern, tokens, params);
    if (this.#checkMatchBack)
      refuseAmbiguous(this.pattern, tokens, params, path, this.match(canonicalPath(path)));
    return path;
  }
}

/** Compile a route pattern; throws a ZIG_ERR_ROUTE_PATTERN ConfigurationError when it is malformed. */
export function compilePattern(pattern: string): CompiledPattern {
  return new RoutePattern(pattern, parsePattern(pattern));
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
  if (token.regex === null) return encodeSegmentText(value);
  if (!new RegExp(`^(?:${token.regex})$`).test(value)) {
    throw generationError(
      pattern,
      `'${token.name}' = ${JSON.stringify(value)} does not match /${token.regex}/`,
    );
  }
  return regexMaySpanSlash(token.regex) ? encodePathText(value) : encodeSegmentText(value);
}

/** The segments a `*rest` value stands for: an array of scalars, or a string split at its slashes. */
function restSegments(pattern: string, name: string, value: unknown): string[] {
  if (typeof value === 'string') return value.split('/').filter((segment) => segment !== '');
  if (!Array.isArray(value))
    throw generationError(pattern, `'${name}' must be an array of segments or a string`);
  return value.map((item) => scalar(pattern, name, item));
}

function generateRest(pattern: string, name: string, value: unknown): string {
  if (typeof value === 'string') return encodePathText(value);
  return restSegments(pattern, name, value)
    .map((text) => {
      if (text === '') throw generationError(pattern, `'${name}' has an empty segment`);
      return encodeSegmentText(text);
    })
    .join('/');
}

/** The path for `params`; a `.` or `..` segment anywhere is refused, since clients resolve it away. */
function generatePath(
  pattern: string,
  tokens: readonly Token[],
  params: Readonly<Record<string, unknown>>,
): string {
  let path = '';
  for (const token of tokens) {
    if (token.kind === 'literal') {
      path += encodePathText(token.text);
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
  refuseDotSegments(path);
  return path;
}

/** Throw unless `path` matches back to the values it was generated from (see mayMatchBackDifferently). */
function refuseAmbiguous(
  pattern: string,
  tokens: readonly Token[],
  params: Readonly<Record<string, unknown>>,
  path: string,
  back: Matchdict | null,
): void {
  const differs = (token: Token & { kind: 'param' | 'rest' }): boolean => {
    const got = back?.[token.name];
    const value = params[token.name];
    if (token.kind === 'param') return got !== scalar(pattern, token.name, value);
    const wanted = restSegments(pattern, token.name, value);
    return !Array.isArray(got) || got.length !== wanted.length || got.some((item, i) => item !== wanted[i]);
  };
  const named = tokens.filter(
    (token): token is Token & { kind: 'param' | 'rest' } => token.kind !== 'literal',
  );
  if (back !== null && !named.some(differs)) return;
  const shown = back === null ? 'nothing' : JSON.stringify(back);
  throw generationError(
    pattern,
    `${JSON.stringify(path)} would match back as ${shown}, not as the values given (${named
      .map((token) => `'${token.name}' = ${JSON.stringify(params[token.name])}`)
      .join(', ')})`,
  );
}
