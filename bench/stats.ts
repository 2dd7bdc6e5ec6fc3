// Statistics of the bench's paired rounds: a robust centre, and how far a run lets you trust it.

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  if (sorted.length === 0) return Number.NaN;
  if (!Number.isInteger(middle)) return sorted[Math.floor(middle)] as number;
  return ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Share of the rounds cut from each end before averaging. */
export const TRIM = 0.2;

/**
 * The geometric mean of the middle ratios, `trim` of them cut from each end. Ratios average as
 * logarithms (0.5 and 2 cancel out); cutting the ends keeps a round that a busy neighbour of the
 * machine spoiled from moving the result, while using more of the data than the median does.
 */
export function trimmedGeoMean(ratios: readonly number[], trim = TRIM): number {
  const logs = ratios.map(Math.log).sort((a, b) => a - b);
  const cut = Math.floor(logs.length * trim);
  const kept = logs.slice(cut, logs.length - cut);
  if (kept.length === 0) return Number.NaN;
  return Math.exp(kept.reduce((sum, value) => sum + value, 0) / kept.length);
}

/** A small seeded generator, so the same rounds always give the same interval. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A 95 % interval for trimmedGeoMean of all rounds, by the percentile bootstrap at two levels: draw
 * sessions with replacement, then rounds within each drawn session. Sessions are fresh server
 * processes, and a process's JIT can come out a little faster or slower than the next one's, so
 * resampling rounds alone would claim more certainty than the run has.
 */
export function bootstrapInterval(
  sessions: readonly (readonly number[])[],
  resamples = 2000,
): [number, number] {
  const rounds = sessions.reduce((sum, session) => sum + session.length, 0);
  if (rounds < 2) return [Number.NaN, Number.NaN];
  const random = seededRandom(rounds);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const estimates: number[] = [];
  for (let i = 0; i < resamples; i++) {
    const sample: number[] = [];
    for (let s = 0; s < sessions.length; s++) {
      const session = pick(sessions);
      for (let r = 0; r < session.length; r++) sample.push(pick(session));
    }
    estimates.push(trimmedGeoMean(sample));
  }
  estimates.sort((a, b) => a - b);
  return [
    estimates[Math.floor(resamples * 0.025)] as number,
    estimates[Math.ceil(resamples * 0.975) - 1] as number,
  ];
}
