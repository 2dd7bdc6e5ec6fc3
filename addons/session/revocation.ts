// Revocation by per-user session generations: checked when a session loads, stamped when it is bound, bumped at log-out.
import type { RequestSession, SessionRecord } from './session.js';
import type { SessionGenerationStore } from './store.js';

/** Extra seconds a bumped generation is kept, for clocks of several machines that disagree a little. */
const CLOCK_MARGIN = 60;

/**
 * "Log out everywhere": a session bound to a user carries the user's generation; revokeUser() moves
 * it on, so every session stamped before loads empty, on every machine and for every copy of a cookie.
 */
export class Revocation {
  readonly #generations: SessionGenerationStore;
  readonly #keepFor: number | null;

  /** `lifetime`: seconds a session may go unused and still load (null: no limit), so how long a bump must last. */
  constructor(generations: SessionGenerationStore, lifetime: number | null) {
    this.#generations = generations;
    this.#keepFor = lifetime === null ? null : lifetime + CLOCK_MARGIN;
  }

  /** The record, or null when its user's generation has moved on since it was stamped. */
  async check(record: SessionRecord | null): Promise<SessionRecord | null> {
    if (record?.user === undefined) return record;
    const current = await this.#generations.generation(record.user);
    return (record.generation ?? 0) < current ? null : record;
  }

  /** Bump the generation of each user the request revoked. */
  async revoke(session: RequestSession): Promise<void> {
    for (const userid of session.revokedUsers) await this.#generations.bumpGeneration(userid, this.#keepFor);
  }

  /** The generation to stamp a bound session with: the one it carries, or the user's current one. */
  async stamp(session: RequestSession): Promise<number | null> {
    if (session.user === null || session.generation !== null) return session.generation;
    return this.#generations.generation(session.user);
  }
}
