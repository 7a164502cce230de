// De-duplication of WeChat's retries: the store interface, an in-memory store and the key.
import { WxmpError } from '../errors.js';
import type { XmlRecord } from '../xml.js';

/** Result of {@link DedupeStore.claim}. */
export type DedupeClaim = 'new' | 'duplicate';

/**
 * Shared state that lets exactly one copy of a push run the handler, and lets retries (possibly in
 * another process) receive the same reply. Methods may be synchronous or return promises.
 *
 * Failure policy of the webhook: when a method throws or returns something malformed, the webhook
 * **fails open** — it runs the handler (a duplicate side effect is better than a lost message) and
 * reports `WEBHOOK_STORE_FAILED` to `onError`.
 *
 * @example
 * // Redis: claim = SET key 1 NX EX ttl; putReply = SET key:reply body EX ttl; getReply = GET key:reply
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html
 */
export interface DedupeStore {
  /** Set-if-absent with a TTL: `'new'` for the first caller, `'duplicate'` while the key lives. */
  claim(key: string, ttlSeconds: number): DedupeClaim | Promise<DedupeClaim>;
  /** Stores the rendered response body (`success`, or reply XML, encrypted as sent) for retries. */
  putReply(key: string, reply: string, ttlSeconds: number): void | Promise<void>;
  /** The stored body, or `null`/`undefined` while the first copy is still running. */
  getReply(key: string): string | null | undefined | Promise<string | null | undefined>;
}

/** Options of {@link MemoryDedupeStore}. */
export interface MemoryDedupeStoreOptions {
  /** Most keys kept; the oldest are evicted first. Default 10 000 (about 15 s of retries at 650 pushes/s). */
  maxEntries?: number;
  /** Clock in seconds; default the system clock. */
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
 * Sizing: WeChat retries a push for about 15 s, so `maxEntries` should be at least 15 × the peak
 * pushes per second; the default 10 000 covers about 650 pushes/s. Above that, the oldest keys
 * are evicted while their retries can still arrive, and such a retry runs the handler again.
 *
 * @throws WxmpError `INVALID_CONFIG` for a `maxEntries` that is not a positive integer.
 * @example
 * createWebhook({ token, handler, dedupe: new MemoryDedupeStore({ maxEntries: 50_000 }) })
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html
 */
export class MemoryDedupeStore implements DedupeStore {
  readonly #entries = new Map<string, Entry>();
  readonly #max: number;
  readonly #now: () => number;
  #sweptAt = Number.NEGATIVE_INFINITY;

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

  claim(key: string, ttlSeconds: number): DedupeClaim {
    const now = this.#now();
    this.#sweep(now);
    const entry = this.#entries.get(key);
    if (entry !== undefined && entry.expiresAt > now) return 'duplicate';
    // Re-insert at the end so that Map order stays (roughly) expiry order.
    this.#entries.delete(key);
    this.#entries.set(key, { expiresAt: now + ttlSeconds, reply: undefined });
    if (this.#entries.size > this.#max) this.#evict();
    return 'new';
  }

  putReply(key: string, reply: string, ttlSeconds: number): void {
    const entry = this.#entries.get(key);
    if (entry !== undefined) entry.reply = reply;
    else {
      this.#entries.set(key, { expiresAt: this.#now() + ttlSeconds, reply });
      if (this.#entries.size > this.#max) this.#evict();
    }
  }

  // Drops the oldest sixteenth (at least one) in one pass. Deleting one head entry at a time is
  // quadratic-ish in V8: deleted Map slots stay as holes that keys().next() must walk past.
  #evict(): void {
    let n = Math.max(1, this.#max >> 4);
    for (const k of this.#entries.keys()) {
      this.#entries.delete(k);
      if (--n === 0) break;
    }
  }

  getReply(key: string): string | null {
    const entry = this.#entries.get(key);
    return entry !== undefined && entry.expiresAt > this.#now() ? (entry.reply ?? null) : null;
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

function field(record: XmlRecord, name: string): string {
  const v = record[name];
  return typeof v === 'string' ? v : '';
}

/**
 * The de-duplication key of a push (platform.md, "Inbound delivery"): `ToUserName|MsgId` for
 * messages; `ToUserName|FromUserName|CreateTime|MsgType|Event|EventKey` for events (and for
 * messages without a `MsgId`). Retries are byte-identical, so the extra fields only avoid false
 * positives.
 *
 * @example
 * dedupeKey(parseXml(xml)) // 'gh_123|23456789012345678'
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html
 */
export function dedupeKey(record: XmlRecord): string {
  const to = field(record, 'ToUserName');
  const type = field(record, 'MsgType');
  const msgId = field(record, 'MsgId');
  if (type !== 'event' && msgId !== '') return `${to}|${msgId}`;
  return `${to}|${field(record, 'FromUserName')}|${field(record, 'CreateTime')}|${type}|${field(record, 'Event')}|${field(record, 'EventKey')}`;
}
