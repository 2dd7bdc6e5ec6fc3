// Accept header parsing: media ranges with q-values, and the quality a header gives an offer.

interface MediaRange {
  readonly type: string;
  readonly subtype: string;
  readonly q: number;
}

function parseRange(part: string): MediaRange | null {
  const [media = '', ...params] = part.split(';').map((piece) => piece.trim());
  const [type, subtype] = media.toLowerCase().split('/');
  if (!type || !subtype) return null;
  const qParam = params.find((param) => param.toLowerCase().startsWith('q='));
  const q = qParam === undefined ? 1 : Number(qParam.slice(2));
  return { type, subtype, q: Number.isFinite(q) ? q : 0 };
}

/** An offered media type, split once (predicates split theirs at commit). */
export interface MediaOffer {
  readonly type: string;
  readonly subtype: string;
}

/** Split an offered media type: `text/html` → text, html (parameters such as `;level=1` are dropped). */
export function parseOffer(offer: string): MediaOffer {
  const [type = '', subtype = ''] = (offer.split(';')[0] ?? '').trim().toLowerCase().split('/');
  return { type, subtype };
}

// Clients send the same few Accept headers again and again, so parsed headers are kept (up to a
// bound, and only short ones, since the header is the client's to choose): predicates and error
// pages then do not parse them on every request.
const PARSED = new Map<string, readonly MediaRange[]>();
const MAX_CACHED = 256;
const MAX_CACHED_LENGTH = 512;

/** Parse an Accept header into media ranges (malformed parts are skipped). */
export function parseAccept(header: string): readonly MediaRange[] {
  const cached = PARSED.get(header);
  if (cached !== undefined) return cached;
  const ranges = Object.freeze(
    header
      .split(',')
      .map(parseRange)
      .filter((range): range is MediaRange => range !== null),
  );
  if (header.length <= MAX_CACHED_LENGTH) {
    if (PARSED.size >= MAX_CACHED) PARSED.clear();
    PARSED.set(header, ranges);
  }
  return ranges;
}

function specificity(range: MediaRange): number {
  if (range.type === '*') return 0;
  return range.subtype === '*' ? 1 : 2;
}

/** The q-value the Accept header gives `offer` (1 when there is no header). */
export function acceptQuality(header: string | undefined, offer: string | MediaOffer): number {
  if (header === undefined) return 1;
  const ranges = parseAccept(header);
  if (ranges.length === 0 && header.trim() === '') return 1;
  const { type, subtype } = typeof offer === 'string' ? parseOffer(offer) : offer;
  let best: MediaRange | null = null;
  for (const range of ranges) {
    const fits =
      (range.type === '*' || range.type === type) && (range.subtype === '*' || range.subtype === subtype);
    if (fits && (best === null || specificity(range) > specificity(best))) best = range;
  }
  return best?.q ?? 0;
}
