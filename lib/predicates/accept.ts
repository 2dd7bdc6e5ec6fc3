// The accept predicate: matches when the Accept header accepts one of the offered media types.
// Offers are concrete media types (Pyramid refuses `text/*` too): a view answers in one type, and the
// request's Accept header ranks the offers (the view table orders accept views by it).
import { ConfigurationError } from '../errors.js';
import { acceptQuality, type MediaOffer, parseOffer } from '../http/accept-header.js';
import type { Request } from '../http/request.js';

const MEDIA_TYPE = /^[\w!#$&^.+-]+\/[\w!#$&^.+-]+(\s*;.*)?$/;

function checkOffer(offer: unknown, value: unknown): string {
  if (typeof offer !== 'string' || !offer.includes('/')) {
    throw new ConfigurationError(`accept must be a media type or a list of them, got ${String(value)}`, {
      code: 'ZIG_ERR_CONFIG_OPTION',
    });
  }
  const trimmed = offer.trim();
  if (!MEDIA_TYPE.test(trimmed)) {
    const wildcard = trimmed.includes('*');
    throw new ConfigurationError(
      wildcard
        ? `accept offers a media range ${JSON.stringify(offer)}: name the concrete media types the view answers with (e.g. 'text/html'); a wildcard belongs in the request's Accept header, not in an offer`
        : `accept must be a media type such as 'application/json', got ${JSON.stringify(offer)}`,
      { code: 'ZIG_ERR_CONFIG_OPTION' },
    );
  }
  return trimmed;
}

/** An offered media type with its parameters noted, for the Accept-ordered view candidates. */
export interface AcceptOffer extends MediaOffer {
  readonly text: string;
  readonly hasParams: boolean;
}

/** Matches when the Accept header accepts one of `offers`. The view table reads `offers` to order views. */
export class AcceptPredicate {
  readonly offers: readonly AcceptOffer[];
  readonly #text: string;
  readonly #hash: string;
  #lastHeader: string | undefined | null = null;
  #lastAnswer = false;

  constructor(value: unknown) {
    const list = Array.isArray(value) ? value : [value];
    if (list.length === 0) checkOffer(undefined, value);
    const texts = list.map((offer) => checkOffer(offer, value));
    this.offers = texts.map((text) => ({ ...parseOffer(text), text, hasParams: text.includes(';') }));
    this.#text = `accept = ${texts.join(', ')}`;
    this.#hash = `accept = ${[...texts].sort().join(', ')}`;
  }

  text(): string {
    return this.#text;
  }

  phash(): string {
    return this.#hash;
  }

  call(_context: unknown, request: Request): boolean {
    const header = request.headerValue('accept');
    // Clients send the same Accept header request after request: the last answer is kept.
    if (header === this.#lastHeader) return this.#lastAnswer;
    let answer = false;
    for (const offer of this.offers) {
      if (acceptQuality(header, offer) > 0) {
        answer = true;
        break;
      }
    }
    this.#lastHeader = header;
    this.#lastAnswer = answer;
    return answer;
  }
}

/** The factory registered under `accept`: a media type or a list of them. */
export const acceptPredicate = (value: unknown) => new AcceptPredicate(value);
