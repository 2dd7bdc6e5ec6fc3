// IRIs made URIs for the Location header, as Django's iri_to_uri does: what a URI may not have is
// percent-encoded (non-ASCII as UTF-8); escapes already there stay as they are.

// Per character code below 128: 1 for what stays as is (RFC 3986's unreserved and reserved
// characters, and `%` so that existing escapes are kept). A table, not a regex: every redirect
// passes here, and almost every Location is plain ASCII, answered by the first loop.
const KEEP = new Uint8Array(128);
for (const char of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/#%[]=:;$&()+,!?*@'") {
  KEEP[char.charCodeAt(0)] = 1;
}

function percent(code: number): string {
  return `%${code < 16 ? '0' : ''}${code.toString(16).toUpperCase()}`;
}

/**
 * Percent-encode what a URI may not contain: non-ASCII characters (as UTF-8), spaces, quotes,
 * `<`, `>`, `\`, `^`, `` ` ``, `{`, `|`, `}` and controls. `%` is kept, so `%XX` escapes stay as
 * they are. Throws a URIError for a lone surrogate, which has no UTF-8 form.
 * @example iriToUri('/Ωmega?q=a b') // '/%CE%A9mega?q=a%20b'
 */
export function iriToUri(iri: string): string {
  let i = 0;
  while (i < iri.length) {
    const code = iri.charCodeAt(i);
    if (code >= 128 || KEEP[code] === 0) break;
    i++;
  }
  if (i === iri.length) return iri;
  let uri = iri.slice(0, i);
  for (; i < iri.length; i++) {
    const code = iri.charCodeAt(i);
    if (code < 128) {
      uri += KEEP[code] === 1 ? iri[i] : percent(code);
      continue;
    }
    const point = iri.codePointAt(i) as number;
    if (point > 0xffff) i++;
    // encodeURIComponent gives a code point's UTF-8 escapes (and throws for a lone surrogate).
    uri += encodeURIComponent(String.fromCodePoint(point));
  }
  return uri;
}
