/**
 * `TokenCache` on Redis: one string key per credential holding `{"accessToken","expiresAt"}` as
 * JSON with a PX expiry, and an atomic compare-and-delete in Lua.
 */
import type { TokenCache, TokenCacheEntry } from '../client/types.js';
import { adapterBase, pxFromSeconds, Script, unexpectedReply, type AdapterBase } from './runner.js';
import type { RedisAdapterOptions } from './types.js';

// Deletes only while the stored token is the rejected one: a process that saw 40001 on an old
// token must not delete the new one another process has just stored. A value that is not our
// JSON is left alone (pcall), never an error. Exported for the tests only.
export const DELETE_IF_TOKEN = /* @__PURE__ */ new Script(`local v = redis.call('GET', KEYS[1])
if not v then return 0 end
local ok, e = pcall(cjson.decode, v)
if ok and type(e) == 'table' and e.accessToken == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`);

/**
 * A {@link TokenCache} shared by every process that uses the same Redis: access tokens and JS-SDK
 * tickets survive restarts, and a token rejected by the platform (40001) is removed only where
 * it is still the current one (atomic compare-and-delete in Lua, EVALSHA with an EVAL fallback).
 *
 * Keys: `<prefix>token:{<cache key>}` (e.g. `wxmp:token:{wxmp:access_token:wx123:stable}`),
 * one key per script, so it works on Redis Cluster. A value that is not valid JSON reads as a miss.
 *
 * @throws {WxmpError} `INVALID_CONFIG` for an unrecognised client or a bad option; from its methods
 * `REDIS_UNAVAILABLE`, `REDIS_TIMEOUT`, `REDIS_COMMAND_FAILED` (the client turns them into
 * `TOKEN_CACHE_FAILED` or a logged warning, see its failure policy).
 * @example
 * ```ts
 * const redis = await createClient({ url }).on('error', log).connect()
 * const client = new WeChatClient({ appId, appSecret, tokenCache: new RedisTokenCache({ client: redis }), lock: new RedisLock({ client: redis }) })
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/getStableAccessToken.html
 */
export class RedisTokenCache implements TokenCache {
  readonly #r: AdapterBase;

  constructor(options: RedisAdapterOptions) {
    this.#r = adapterBase(options, 'token');
  }

  async get(key: string): Promise<TokenCacheEntry | null> {
    const k = this.#r.key(key);
    const raw = await this.#r.runner.run(['GET', k], k);
    if (raw === null || raw === undefined) return null;
    if (typeof raw !== 'string') throw unexpectedReply('GET', raw);
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch {
      return null;
    }
    if (typeof v !== 'object' || v === null) return null;
    const { accessToken, expiresAt } = v as Record<string, unknown>;
    return typeof accessToken === 'string' && typeof expiresAt === 'number' ? { accessToken, expiresAt } : null;
  }

  async set(key: string, value: TokenCacheEntry, ttlSeconds: number): Promise<void> {
    const k = this.#r.key(key);
    const json = JSON.stringify({ accessToken: value.accessToken, expiresAt: value.expiresAt });
    const reply = await this.#r.runner.run(['SET', k, json, 'PX', pxFromSeconds(ttlSeconds)], k);
    if (reply !== 'OK') throw unexpectedReply('SET', reply);
  }

  async delete(key: string, expectedToken: string): Promise<void> {
    const k = this.#r.key(key);
    await this.#r.runner.script(DELETE_IF_TOKEN, k, [expectedToken]);
  }
}
