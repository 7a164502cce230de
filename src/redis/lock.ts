/**
 * `Lock` on Redis: `SET key owner NX PX ttl` to acquire, an atomic compare-and-delete in Lua to
 * release, so a process whose lock expired cannot free the lock another process now holds.
 */
import { randomBytes } from 'node:crypto';
import type { Lock } from '../client/types.js';
import { adapterBase, pxFromMs, Script, unexpectedReply, type AdapterBase } from './runner.js';
import type { RedisAdapterOptions } from './types.js';

/** Exported for the tests only. */
export const RELEASE_IF_OWNER = /* @__PURE__ */ new Script(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`);

/**
 * A {@link Lock} shared through Redis, so that one process of many refreshes the access token
 * while the others wait for it in the cache. A holder that dies leaves the lock to expire after
 * its TTL (the client's `lockTtlMs`, default 15 s); the owner token is 128 random bits.
 *
 * Keys: `<prefix>lock:{<lock key>}`, one key per command or script (Redis Cluster safe).
 *
 * @throws {WxmpError} `INVALID_CONFIG` for an unrecognised client or a bad option; from `acquire`
 * and `release`: `REDIS_UNAVAILABLE`, `REDIS_TIMEOUT`, `REDIS_COMMAND_FAILED` (the client reports
 * a failed acquire as `TOKEN_LOCK_FAILED` and only logs a failed release), `INVALID_ARGUMENT`
 * for a TTL that is not a positive number.
 * @example
 * ```ts
 * const lock = new RedisLock({ client: redis })
 * const owner = await lock.acquire('refresh', 10_000) // a string, or null while another process holds it
 * if (owner) try { … } finally { await lock.release('refresh', owner) }
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/getStableAccessToken.html
 */
export class RedisLock implements Lock {
  readonly #r: AdapterBase;

  constructor(options: RedisAdapterOptions) {
    this.#r = adapterBase(options, 'lock');
  }

  async acquire(key: string, ttlMs: number): Promise<string | null> {
    const k = this.#r.key(key);
    const owner = randomBytes(16).toString('base64url');
    const reply = await this.#r.runner.run(['SET', k, owner, 'NX', 'PX', pxFromMs(ttlMs)], k);
    if (reply === 'OK') return owner;
    if (reply === null || reply === undefined) return null;
    throw unexpectedReply('SET NX', reply);
  }

  async release(key: string, ownerToken: string): Promise<void> {
    const k = this.#r.key(key);
    await this.#r.runner.script(RELEASE_IF_OWNER, k, [ownerToken]);
  }
}
