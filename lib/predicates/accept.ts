// The accept predicate: matches when the Accept header accepts one of the offered media types.

import { ConfigurationError } from '../errors.js';
import { acceptQuality, parseOffer } from '../http/accept-header.js';
import type { Request } from '../http/request.js';

/** The factory registered under `accept`: a media type or a list of them. */
export function acceptPredicate(value: unknown) {
  const offers = Array.isArray(value) ? value : [value];
  if (offers.length === 0 || offers.some((offer) => typeof offer !== 'string' || !offer.includes('/'))) {
    throw new ConfigurationError(`accept must be a media type or a list of them, got ${String(value)}`, {
      code: 'ZIG_ERR_CONFIG_OPTION',
    });
  }
  const text = `accept = ${offers.join(', ')}`;
  const parsed = offers.map((offer: string) => parseOffer(offer));
  return {
    text: () => text,
    phash: () => text,
    call(_context: unknown, request: Request): boolean {
      const header = request.headerValue('accept');
      for (const offer of parsed) if (acceptQuality(header, offer) > 0) return true;
      return false;
    },
  };
}
