// De-duplication of WeChat's retries: the store interface, an in-memory store and the key.
import { WxmpError } from '../errors.js';
import { hashText } from '../internal/hash.js';

/** Result of {@link DedupeStore.claim}. */
export type DedupeClaim = 'new' | 'duplicate';

/**
 * Shared state that lets exactly one copy of a push run the handler, and lets retries (possibly in
 * another process) receive the same reply. Methods may be synchronous or return promises.
 *
 * What the webhook does with it (what an implementation must support):
 * 1. `claim(key, inFlightTtl)` when a push arrives, with a SHORT TTL (the reply deadline rounded up
 *    plus 3 s): if the process running the first copy dies, its claim expires and a later retry
 *    runs the handler (at-least-once on a crash, exactly-once otherwise).
 * 2. `putReply(key, reply, replayTtl)` once the answer is known (at the latest at the deadline):
 *    stores the reply AND sets the key's remaining life to `replayTtl` — until the push's
 *    `timestamp` leaves the accepted window on the server clock, and at least `dedupeTtlSeconds`.
 *    From then on `claim` answers `'duplicate'` for `replayTtl` seconds, so a captured push cannot
 *    run twice while its timestamp is accepted.
 * 3. A `'duplicate'` waits for the first copy, until its own deadline: it polls `getReply` every
 *    100 ms and, between polls, calls `claim(key, inFlightTtl)` again. A `'new'` there means the
 *    first claim vanished (its process died): this copy now owns the push and runs the handler.
 *    When the deadline passes with no reply stored (the first copy is alive but slower), the retry
 *    answers `fallbackReply` (`success`: WeChat stops retrying; the first copy still finishes) and
 *    reports `WEBHOOK_DUPLICATE_UNANSWERED`.
 *
 * Failure policy: every call is time-boxed by the deadline (`claim` gets at most half of the time
 * left). When a method throws, rejects, hangs past its time box or returns something malformed,
 * the webhook **fails open** — it runs the handler (a duplicate side effect is better than a lost
 * message) and reports `WEBHOOK_STORE_FAILED`; a failing `putReply` is reported and does not
 * change the answer.
 *
 * @example
 * ```ts
 * // Redis: claim = SET key 1 NX EX ttl → 'new' | 'duplicate'
 * //        putReply = MULTI; SET key:reply body EX ttl; EXPIRE key ttl; EXEC
 * //        getReply = GET key:reply
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html
 */
export interface DedupeStore {
  /** Set-if-absent with a TTL: `'new'` for the first caller, `'duplicate'` while the key lives. */
  claim(key: string, ttlSeconds: number): DedupeClaim | Promise<DedupeClaim>;
  /**
   * Stores the rendered response body (`success`, `''`, or reply XML, encrypted as sent) for
   * retries, and sets the key's remaining life (claim and reply) to `ttlSeconds`.
   */
  putReply(key: string, reply: string, ttlSeconds: number): void | Promise<void>;
  /** The stored body, or `null`/`undefined` while the first copy is still running (or after expiry). */
  getReply(key: string): string | null | undefined | Promise<string | null | undefined>;
}

/** Options of {@link MemoryDedupeStore}. */
export interface MemoryDedupeStoreOptions {
  /** Most keys kept; the oldest are evicted first. Default 10 000 (see the sizing note of the class). */
  maxEntries?: number;
  /** Clock in seconds; default the system clock (the webhook passes its own `now` to its default store). */
  now?: () => number;
}

interface Entry {
  expiresAt: number;
  reply: string | undefined;
}

/**
 * The default, per-process {@link DedupeStore}: a `Map` with a TTL per key and a size bound (the
 * oldest keys are evicted first, so memory stays bounded under any traffic). Use a shared store
 * (e.g. Redis) when several processes answer the same account.
 *
 * Sizing: a key lives until its push's timestamp leaves the window (about 300 s with the
 * defaults, up to 600 s with a lagging clock), so `maxEntries` should be at least 300 × the peak
 * pushes per second for full replay protection, and never below 15 × (WeChat retries for about
 * 15 s). The default 10 000 covers about 33 pushes/s. A key evicted before it expired is counted
 * in {@link MemoryDedupeStore.liveEvictions}; the webhook reports it (`WEBHOOK_DEDUPE_EVICTED`,
 * once a minute), because a retry or replay of that push runs the handler again.
 *
 * @throws {WxmpError} `INVALID_CONFIG` for a `maxEntries` that is not a positive integer.
 * @example
 * ```ts
 * createWebhook({ token, handler, dedupe: new MemoryDedupeStore({ maxEntries: 100_000 }) })
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html
 */
export class MemoryDedupeStore implements DedupeStore {
  readonly #entries = new Map<string, Entry>();
  readonly #max: number;
  readonly #now: () => number;
  #sweptAt = Number.NEGATIVE_INFINITY;
  #liveEvictions = 0;

  constructor(options: MemoryDedupeStoreOptions = {}) {
    const max = options.maxEntries ?? 10_000;
    if (!Number.isSafeInteger(max) || max < 1) throw new WxmpError('INVALID_CONFIG', 'maxEntries must be a positive integer');
    this.#max = max;
    this.#now = options.now ?? (() => Date.now() / 1000);
  }

  /** Number of live and not yet swept keys. */
  get size(): number {
    return this.#entries.size;
  }

  /** The configured bound. */
  get maxEntries(): number {
    return this.#max;
  }

  /** Keys evicted (to respect `maxEntries`) before they expired, since construction. */
  get liveEvictions(): number {
    return this.#liveEvictions;
  }

  claim(key: string, ttlSeconds: number): DedupeClaim {
    const now = this.#now();
    this.#sweep(now);
    const entry = this.#entries.get(key);
    if (entry !== undefined && entry.expiresAt > now) return 'duplicate';
    this.#insert(key, { expiresAt: now + ttlSeconds, reply: undefined }, now);
    return 'new';
  }

  putReply(key: string, reply: string, ttlSeconds: number): void {
    const now = this.#now();
    const entry = this.#entries.get(key);
    if (entry === undefined || entry.expiresAt <= now) {
      this.#insert(key, { expiresAt: now + ttlSeconds, reply }, now);
      return;
    }
    // The live claim of this push, made moments ago: updated where it is, which keeps Map order
    // (roughly) expiry order without a delete and a set (and a hole in the table) per push.
    entry.expiresAt = now + ttlSeconds;
    entry.reply = reply;
  }

  getReply(key: string): string | null {
    const entry = this.#entries.get(key);
    return entry !== undefined && entry.expiresAt > this.#now() ? (entry.reply ?? null) : null;
  }

  // Re-inserted at the end so that Map order stays (roughly) expiry order for the sweep and eviction.
  #insert(key: string, entry: Entry, now: number): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    if (this.#entries.size > this.#max) this.#evict(now);
  }

  // Drops the oldest sixteenth (at least one) in one pass. Deleting one head entry at a time is
  // quadratic-ish in V8: deleted Map slots stay as holes that keys().next() must walk past.
  #evict(now: number): void {
    let n = Math.max(1, this.#max >> 4);
    for (const [k, entry] of this.#entries) {
      if (entry.expiresAt > now) this.#liveEvictions++;
      this.#entries.delete(k);
      if (--n === 0) break;
    }
  }

  /** Drops expired keys from the head, at most once a second and 64 per call (bounded work). */
  #sweep(now: number): void {
    if (now - this.#sweptAt < 1) return;
    this.#sweptAt = now;
    let budget = 64;
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt > now || budget-- === 0) return;
      this.#entries.delete(key);
    }
  }
}

/**
 * The de-duplication key of a push: the SHA-256 (base64url, 43 characters) of the message XML
 * exactly as received — the decrypted message in safe and compatible mode. WeChat's retries are
 * byte-identical, so they always share the key; two pushes that differ in any field (another
 * `MsgId`, `MsgID`, `CreateTime`, `EventKey`, status…) never do. A key made of chosen fields
 * cannot promise that: two `TEMPLATESENDJOBFINISH` events for one user in one second differ only
 * in `MsgID`.
 *
 * @throws {WxmpError} `INVALID_ARGUMENT` when `xml` is not a string.
 * @example
 * ```ts
 * dedupeKey(decryptedXml) // 'm0bQ…' (43 characters)
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_event_pushes.html
 */
export function dedupeKey(xml: string): string {
  if (typeof xml !== 'string') throw new WxmpError('INVALID_ARGUMENT', 'dedupeKey expects the message XML as a string');
  return hashText('sha256', xml, 'base64url');
}
