// Views with an `accept` offer are tried in the order the request's Accept header prefers them, as
// Pyramid's MultiView does: by q-value, then (equal q, no header, `*/*`) Pyramid's default order of
// media types; an offer with parameters before the bare type. Views without an offer come after.
import type { ViewEntry } from '../config/state.js';
import { acceptQuality } from '../http/accept-header.js';
import { type AcceptOffer, AcceptPredicate } from '../predicates/index.js';

/** Pyramid's default accept view order (add_default_accept_view_order); other types follow. */
const DEFAULT_ORDER: readonly string[] = [
  'text/html',
  'application/xhtml+xml',
  'application/xml',
  'text/xml',
  'text/plain',
  'application/json',
];

interface RankedOffer {
  readonly offer: AcceptOffer;
  /** Lower is preferred when the header ranks offers equally. */
  readonly rank: number;
}

/** A view with accept offers, and its place in the predicate order (the last tie-break). */
interface AcceptingView {
  readonly entry: ViewEntry;
  readonly offers: readonly RankedOffer[];
  readonly position: number;
}

/** What a context group needs to order its views per request. */
export interface AcceptRanked {
  readonly accepting: readonly AcceptingView[];
  /** The group's views without an offer, in predicate order. */
  readonly others: readonly ViewEntry[];
}

function offersOf(entry: ViewEntry): readonly AcceptOffer[] | null {
  for (const predicate of entry.predicates) {
    if (predicate instanceof AcceptPredicate) return predicate.offers;
  }
  return null;
}

/** Whether some of the views have an accept offer (then acceptRanking is not null). */
export function hasAcceptOffers(entries: readonly ViewEntry[]): boolean {
  return entries.some((entry) => offersOf(entry) !== null);
}

/** Rank offers: the default order's types first, then others as first met; parameters before none. */
function ranker(): (offer: AcceptOffer) => number {
  const others: string[] = [];
  return (offer) => {
    const type = `${offer.type}/${offer.subtype}`;
    let index = DEFAULT_ORDER.indexOf(type);
    if (index === -1) {
      if (!others.includes(type)) others.push(type);
      index = DEFAULT_ORDER.length + others.indexOf(type);
    }
    return index * 2 + (offer.hasParams ? 0 : 1);
  };
}

/** The accept ranking of a group's views (sorted in predicate order); null when none has an offer. */
export function acceptRanking(entries: readonly ViewEntry[]): AcceptRanked | null {
  const rank = ranker();
  const accepting: AcceptingView[] = [];
  const others: ViewEntry[] = [];
  entries.forEach((entry, position) => {
    const offers = offersOf(entry);
    if (offers === null) others.push(entry);
    else accepting.push({ entry, position, offers: offers.map((offer) => ({ offer, rank: rank(offer) })) });
  });
  return accepting.length === 0 ? null : { accepting, others };
}

interface Preference {
  readonly view: AcceptingView;
  readonly q: number;
  readonly rank: number;
}

/** The best of a view's offers for this header; null when the header accepts none (Pyramid skips it). */
function preferenceOf(view: AcceptingView, header: string | undefined): Preference | null {
  let best: Preference | null = null;
  for (const { offer, rank } of view.offers) {
    const q = acceptQuality(header, offer);
    if (q > 0 && (best === null || q > best.q || (q === best.q && rank < best.rank)))
      best = { view, q, rank };
  }
  return best;
}

/** The group's candidates for a request with this Accept header. */
export function byAcceptPreference(ranked: AcceptRanked, header: string | undefined): ViewEntry[] {
  const preferred: Preference[] = [];
  for (const view of ranked.accepting) {
    const preference = preferenceOf(view, header);
    if (preference !== null) preferred.push(preference);
  }
  preferred.sort((a, b) => b.q - a.q || a.rank - b.rank || a.view.position - b.view.position);
  return [...preferred.map((preference) => preference.view.entry), ...ranked.others];
}
