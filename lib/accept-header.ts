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

/** Parse an Accept header into media ranges (malformed parts are skipped). */
export function parseAccept(header: string): MediaRange[] {
  return header
    .split(',')
    .map(parseRange)
    .filter((range): range is MediaRange => range !== null);
}

function specificity(range: MediaRange): number {
  if (range.type === '*') return 0;
  return range.subtype === '*' ? 1 : 2;
}

/** The q-value the Accept header gives `offer` (1 when there is no header). */
export function acceptQuality(header: string | undefined, offer: string): number {
  if (header === undefined || header.trim() === '') return 1;
  const [type, subtype] = offer.toLowerCase().split('/');
  let best: MediaRange | null = null;
  for (const range of parseAccept(header)) {
    const fits =
      (range.type === '*' || range.type === type) && (range.subtype === '*' || range.subtype === subtype);
    if (fits && (best === null || specificity(range) > specificity(best))) best = range;
  }
  return best?.q ?? 0;
}
