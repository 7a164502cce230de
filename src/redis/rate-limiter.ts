/**
 * `RateLimiter` on Redis: one hash per caller (`tokens`, `at`) updated by a Lua token bucket, so
 * every token server or proxy sharing the Redis spends the same buckets. Time comes from the
 * Redis server (`TIME`), so instances with skewed clocks still agree.
 */
import { checkLimit, type RateDecision, type RateLimit, type RateLimiter } from '../central/rate-limit.js';
import { adapterBase, Script, unexpectedReply, type AdapterBase } from './runner.js';
import type { RedisAdapterOptions } from './types.js';

// ARGV: tokens per millisecond, bucket size. Returns { allowed (0|1), milliseconds until one token }.
// The key lives until the bucket is full again (then it is no different from a missing key).
// Exported for the tests only.
export const TAKE_TOKEN = /* @__PURE__ */ new Script(`local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local v = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(v[1])
local at = tonumber(v[2])
if tokens == nil or at == nil then tokens = burst; at = now end
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local allowed = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait = math.ceil((1 - tokens) / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / rate) + 1000)
return { allowed, wait }`);

/**
 * A {@link RateLimiter} shared through Redis: the per-caller `ratePerMinute` of
 * `createTokenServer` and `createApiProxy` then holds across all their instances.
 *
 * Keys: `<prefix>rate:{<caller>}` (e.g. `wxmp:rate:{proxy:biz}`), a hash that expires once the
 * bucket is full again. When Redis fails, the servers let the call through and log a warning
 * (failing open: their callers are authenticated).
 *
 * @throws {WxmpError} `INVALID_CONFIG` for an unrecognised client or a bad option; from `take`:
 * `REDIS_UNAVAILABLE`, `REDIS_TIMEOUT`, `REDIS_COMMAND_FAILED`, `INVALID_ARGUMENT` for a limit
 * that is not positive.
 * @example
 * ```ts
 * const proxy = createApiProxy({ client, callers, rateLimiter: new RedisRateLimiter({ client: redis }) })
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Interface_field_description.html
 */
export class RedisRateLimiter implements RateLimiter {
  readonly #r: AdapterBase;

  constructor(options: RedisAdapterOptions) {
    this.#r = adapterBase(options, 'rate');
  }

  async take(key: string, limit: RateLimit): Promise<RateDecision> {
    checkLimit(limit);
    const k = this.#r.key(key);
    const reply = await this.#r.runner.script(TAKE_TOKEN, k, [String(limit.perMinute / 60_000), String(limit.burst)]);
    if (!Array.isArray(reply) || reply.length !== 2) throw unexpectedReply('EVALSHA (rate limit)', reply);
    const [allowed, wait] = reply.map(Number) as [number, number];
    if (!Number.isFinite(allowed) || !Number.isFinite(wait)) throw unexpectedReply('EVALSHA (rate limit)', reply);
    return allowed === 1 ? { allowed: true, retryAfterSeconds: 0 } : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) };
  }
}
