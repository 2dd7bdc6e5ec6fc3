// Parses a route pattern into literal, {param} and *rest tokens (Pyramid's grammar).
import { ConfigurationError } from '../errors.js';

/** A piece of a route pattern. */
export type Token =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'param'; readonly name: string; readonly regex: string | null }
  | { readonly kind: 'rest'; readonly name: string };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A pattern error: what is wrong, quoting the pattern. */
export function patternError(pattern: string, problem: string): ConfigurationError {
  return new ConfigurationError(`Route pattern ${JSON.stringify(pattern)}: ${problem}`, {
    code: 'ZIG_ERR_ROUTE_PATTERN',
  });
}

/** Read a `{...}` placeholder starting at `start` (the `{`); returns the token and the index after `}`. */
function readParam(pattern: string, start: number): [Token, number] {
  let depth = 0;
  for (let i = start + 1; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\') {
      i++;
    } else if (char === '{') {
      depth++;
    } else if (char === '}') {
      if (depth === 0) return [makeParam(pattern, pattern.slice(start + 1, i)), i + 1];
      depth--;
    }
  }
  throw patternError(pattern, `the placeholder at position ${start} is not closed with '}'`);
}

function makeParam(pattern: string, body: string): Token {
  const colon = body.indexOf(':');
  const name = colon === -1 ? body : body.slice(0, colon);
  if (name === '') throw patternError(pattern, 'a placeholder has no name');
  if (!NAME.test(name))
    throw patternError(pattern, `'${name}' is not a valid placeholder name (letters, digits, _)`);
  if (colon === -1) return { kind: 'param', name, regex: null };
  const regex = body.slice(colon + 1);
  if (regex === '') throw patternError(pattern, `the placeholder '${name}' has an empty regex`);
  try {
    new RegExp(regex);
  } catch (error) {
    throw patternError(pattern, `the regex of '${name}' is invalid: ${(error as Error).message}`);
  }
  return { kind: 'param', name, regex };
}

function readRest(pattern: string, start: number): Token {
  const name = pattern.slice(start + 1);
  if (!NAME.test(name)) {
    throw patternError(pattern, "'*' must end the pattern and be followed by a name, as in '/files/*rest'");
  }
  return { kind: 'rest', name };
}

/** Tokenise a pattern (a leading '/' is added when missing). Checks names for duplicates. */
export function parsePattern(pattern: string): Token[] {
  const source = pattern.startsWith('/') ? pattern : `/${pattern}`;
  const tokens: Token[] = [];
  let literal = '';
  let i = 0;
  while (i < source.length) {
    const char = source[i] as string;
    if (char === '{') {
      if (literal) tokens.push({ kind: 'literal', text: literal });
      literal = '';
      const [token, next] = readParam(source, i);
      tokens.push(token);
      i = next;
    } else if (char === '*') {
      if (literal) tokens.push({ kind: 'literal', text: literal });
      literal = '';
      tokens.push(readRest(source, i));
      break;
    } else if (char === '}') {
      throw patternError(pattern, `unexpected '}' at position ${i}`);
    } else {
      literal += char;
      i++;
    }
  }
  if (literal) tokens.push({ kind: 'literal', text: literal });
  checkDuplicates(pattern, tokens);
  return tokens;
}

function checkDuplicates(pattern: string, tokens: readonly Token[]): void {
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind === 'literal') continue;
    if (seen.has(token.name)) throw patternError(pattern, `the name '${token.name}' is used twice`);
    seen.add(token.name);
  }
}

/**
 * Whether a regex might match a '/': an unescaped '.', \S, \W or \D, a literal '/', or a negated
 * class that does not exclude '/'. Such a placeholder may span segments.
 */
export function regexMaySpanSlash(regex: string): boolean {
  let inClass = false;
  let negated = false;
  let classHasSlash = false;
  for (let i = 0; i < regex.length; i++) {
    const char = regex[i];
    if (char === '\\') {
      const next = regex[++i];
      if (next === 'S' || next === 'W' || next === 'D') return true;
      if (next === '/' && inClass) classHasSlash = true;
      else if (next === '/') return true;
    } else if (inClass) {
      if (char === ']') {
        if (negated && !classHasSlash) return true;
        if (!negated && classHasSlash) return true;
        inClass = false;
      } else if (char === '/') {
        classHasSlash = true;
      }
    } else if (char === '[') {
      inClass = true;
      negated = regex[i + 1] === '^';
      if (negated) i++;
      classHasSlash = false;
    } else if (char === '.' || char === '/') {
      return true;
    }
  }
  return false;
}
