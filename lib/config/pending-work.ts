// Configuration work that finishes later (async includes and scans): commit waits for all of it.

/** The async configuration work of one configuration, shared by the configurators it includes. */
export class PendingWork {
  readonly #pending = new Set<Promise<unknown>>();

  /** Make commit wait for `work`; its failure fails the commit (and the caller's await). */
  track(work: Promise<unknown>): Promise<void> {
    // A failed one stays pending, so that commit reports it even when it failed long before.
    const tracked: Promise<void> = work.then(() => void this.#pending.delete(tracked));
    // Handled here so that a caller who does not await sees the error at commit, not as a crash.
    tracked.catch(() => {});
    this.#pending.add(tracked);
    return tracked;
  }

  /** Wait until nothing is pending, including work that pending work started. */
  async settle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }
}
