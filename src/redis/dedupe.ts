/**
 * `DedupeStore` on Redis: one string key per push. `claim` is `SET key 0 NX PX` (the short
 * in-flight TTL), `putReply` overwrites it with `1<body>` and the long replay TTL, `getReply` is a
 * GET. Two round trips per push on the happy path (claim + putReply).
 */
import { WxmpError } from '../errors.js';
import type { DedupeClaim, DedupeStore } from '../server/dedupe.js';
import { adapterBase, pxFromSeconds, unexpectedReply, type AdapterBase } from './runner.js';
import type { RedisAdapterOptions } from './types.js';

// The first byte tells a claim still running from a stored reply (which may be '' or 'success').
const PENDING = '0';
const REPLY = '1';

/**
 * A {@link DedupeStore} shared by every process behind the same server URL: a push and its
 * retries run the handler once, and a retry that lands on another process gets the first
 * copy's reply byte for byte (the webhook polls `getReply` until its deadline).
 *
 * Semantics: `claim(key, ttl)` is set-if-absent with `ttl` → `'new'` | `'duplicate'`;
 * `putReply(key, reply, ttl)` stores the rendered body and sets the key's remaining life to `ttl`
 * (so `claim` answers `'duplicate'` that long); `getReply` returns the body, or `null` while the
 * first copy runs or after the key expired. If the process running the first copy dies, the
 * claim expires after its (short) TTL and a later retry runs the handler: at-least-once on a
 * crash, exactly-once otherwise.
 *
 * Keys: `<prefix>dedupe:{<dedupe key>}` (e.g. `wxmp:dedupe:{m0bQ…}`, the 43-character digest).
 *
 * @throws {WxmpError} `INVALID_CONFIG` for an unrecognised client or a bad option; from its methods
 * `REDIS_UNAVAILABLE`, `REDIS_TIMEOUT`, `REDIS_COMMAND_FAILED` (the webhook then fails open: it
 * runs the handler and reports `WEBHOOK_STORE_FAILED` with the Redis error as `cause`), and
 * `INVALID_ARGUMENT` for a TTL that is not a positive number or a reply that is not a string.
 * @example
 * ```ts
 * const redis = await createClient({ url }).on('error', log).connect()
 * const webhook = createWebhook({ token, encodingAESKey, appId, handler, dedupe: new RedisDedupeStore({ client: redis }) })
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html
 */
export class RedisDedupeStore implements DedupeStore {
  readonly #r: AdapterBase;

  constructor(options: RedisAdapterOptions) {
    this.#r = adapterBase(options, 'dedupe');
  }

  async claim(key: string, ttlSeconds: number): Promise<DedupeClaim> {
    const k = this.#r.key(key);
    const reply = await this.#r.runner.run(['SET', k, PENDING, 'NX', 'PX', pxFromSeconds(ttlSeconds)], k);
    if (reply === 'OK') return 'new';
    if (reply === null || reply === undefined) return 'duplicate';
    throw unexpectedReply('SET NX', reply);
  }

  async putReply(key: string, reply: string, ttlSeconds: number): Promise<void> {
    if (typeof reply !== 'string') throw new WxmpError('INVALID_ARGUMENT', 'reply must be a string');
    const k = this.#r.key(key);
    const answer = await this.#r.runner.run(['SET', k, REPLY + reply, 'PX', pxFromSeconds(ttlSeconds)], k);
    if (answer !== 'OK') throw unexpectedReply('SET', answer);
  }

  async getReply(key: string): Promise<string | null> {
    const k = this.#r.key(key);
    const v = await this.#r.runner.run(['GET', k], k);
    if (v === null || v === undefined) return null;
    if (typeof v !== 'string') throw unexpectedReply('GET', v);
    return v.startsWith(REPLY) ? v.slice(1) : null;
  }
}
