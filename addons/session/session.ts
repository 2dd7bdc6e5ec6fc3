// The session object views use: a JSON-safe dict with change tracking, flash queues, id rotation and revocation.
import { CSRF_TOKEN_KEY, type Session } from '../../lib/index.js';

const FLASH_PREFIX = '_f_';

/** What a stored session holds: its data and when it was created and last issued (seconds). */
export interface SessionRecord {
  readonly data: Record<string, unknown>;
  readonly createdAt: number;
  readonly issuedAt: number;
  /** The user the session is bound to (bindUser), for revocation. */
  readonly user?: string;
  /** That user's session generation when the session was bound, once known. */
  readonly generation?: number;
}

/** The session of one request. */
export class RequestSession implements Session {
  readonly isNew: boolean;
  #data: Record<string, unknown>;
  #createdAt: number;
  #changed = false;
  #invalidated = false;
  #renewId = false;
  #user: string | null;
  #generation: number | null;
  readonly #revoked = new Set<string>();

  constructor(record: SessionRecord | null, now: number) {
    this.isNew = record === null;
    this.#data = record === null ? {} : { ...record.data };
    this.#createdAt = record?.createdAt ?? now;
    this.#user = record?.user ?? null;
    this.#generation = record?.generation ?? null;
  }

  /** Seconds since the epoch when the session began. */
  get createdAt(): number {
    return this.#createdAt;
  }

  /** Whether anything was set, deleted or marked changed. */
  get isChanged(): boolean {
    return this.#changed;
  }

  /** Whether invalidate() was called. */
  get isInvalidated(): boolean {
    return this.#invalidated;
  }

  /** Whether the session must be saved under a new id (after rotate() or invalidate()). */
  get renewsId(): boolean {
    return this.#renewId;
  }

  /** The user the session is bound to, or null. */
  get user(): string | null {
    return this.#user;
  }

  /** The bound user's generation the session carries; null until the session add-on learns it at save. */
  get generation(): number | null {
    return this.#generation;
  }

  /** The users whose sessions revokeUser() ended in this request. */
  get revokedUsers(): readonly string[] {
    return [...this.#revoked];
  }

  get(key: string): unknown {
    return Object.hasOwn(this.#data, key) ? this.#data[key] : undefined;
  }

  set(key: string, value: unknown): void {
    if (value === undefined) {
      this.delete(key);
      return;
    }
    // Checked now, not when the response is written, so the error points at the view that set it.
    JSON.stringify(value);
    Object.defineProperty(this.#data, key, { value, enumerable: true, writable: true, configurable: true });
    this.#changed = true;
  }

  delete(key: string): void {
    if (!Object.hasOwn(this.#data, key)) return;
    delete this.#data[key];
    this.#changed = true;
  }

  has(key: string): boolean {
    return Object.hasOwn(this.#data, key);
  }

  /** The keys set, flash queues excluded. */
  keys(): string[] {
    return Object.keys(this.#data).filter((key) => !key.startsWith(FLASH_PREFIX));
  }

  invalidate(): void {
    this.#data = {};
    this.#invalidated = true;
    this.#renewId = true;
    this.#changed = true;
    this.#createdAt = Math.floor(Date.now() / 1000);
    this.#user = null;
    this.#generation = null;
  }

  rotate(): void {
    this.#renewId = true;
    this.#changed = true;
    this.delete(CSRF_TOKEN_KEY);
  }

  bindUser(userid: string | null): void {
    if (userid === this.#user) return;
    this.#user = userid;
    this.#generation = null;
    this.#changed = true;
  }

  revokeUser(userid: string): void {
    this.#revoked.add(userid);
  }

  changed(): void {
    this.#changed = true;
  }

  flash(message: unknown, queue = '', allowDuplicate = true): void {
    const messages = this.peekFlash(queue);
    if (!allowDuplicate && messages.some((existing) => JSON.stringify(existing) === JSON.stringify(message)))
      return;
    this.set(FLASH_PREFIX + queue, [...messages, message]);
  }

  peekFlash(queue = ''): unknown[] {
    const messages = this.get(FLASH_PREFIX + queue);
    return Array.isArray(messages) ? [...messages] : [];
  }

  popFlash(queue = ''): unknown[] {
    const messages = this.peekFlash(queue);
    this.delete(FLASH_PREFIX + queue);
    return messages;
  }

  /** The record to store; `generation`: the bound user's, when the session add-on just learnt it. */
  toRecord(issuedAt: number, generation: number | null = this.#generation): SessionRecord {
    const record = { data: { ...this.#data }, createdAt: this.#createdAt, issuedAt };
    if (this.#user === null) return record;
    return generation === null
      ? { ...record, user: this.#user }
      : { ...record, user: this.#user, generation };
  }

  /** Whether the session holds anything at all. */
  get isEmpty(): boolean {
    return Object.keys(this.#data).length === 0;
  }
}
