/**
 * Per-caller rate limits of the token server and the API proxy: a token bucket per caller id
 * (`ratePerMinute` tokens a minute, up to `burst` saved), an injectable {@link RateLimiter}
 * (in memory by default, `RedisRateLimiter` from `wxmp/redis` to share the buckets between
 * instances), and the check the servers run, which fails open when the limiter itself fails.
 */
import { WxmpError } from '../errors.js';
import type { MaybePromise } from '../client/types.js';
import type { SafeLog } from './http.js';

/** One caller's limit. */
export interface RateLimit {
  /** Tokens added per minute (the sustained rate). */
  perMinute: number;
  /** Bucket size: how many calls may come at once after a quiet period. */
  burst: number;
}

/** The verdict on one call. */
export interface RateDecision {
  allowed: boolean;
  /** When refused: whole seconds until one token is back (≥ 1). 0 when allowed. */
  retryAfterSeconds: number;
}

/**
 * Where the buckets live. `take` removes one token from `key`'s bucket if it has one.
 *
 * @example
 * ```ts
 * const limiter: RateLimiter = { take: async (key, limit) => ({ allowed: true, retryAfterSeconds: 0 }) }
 * ```
 */
export interface RateLimiter {
  /** Spends one call of `key` under `limit`: whether it is allowed, and when to come back if not. */
  take(key: string, limit: RateLimit): MaybePromise<RateDecision>;
}

/**
 * Token buckets in this process (the default). Buckets of callers that went quiet are dropped
 * once full again, so memory follows the active callers.
 *
 * @throws {WxmpError} `INVALID_ARGUMENT` from `take` for a limit that is not positive.
 * @example
 * ```ts
 * const limiter = new MemoryRateLimiter()
 * await limiter.take('caller-a', { perMinute: 60, burst: 10 }) // { allowed: true, retryAfterSeconds: 0 }
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Interface_field_description.html
 */
export class MemoryRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number; full: number }>();
  readonly #now: () => number;

  /** @param options.now clock in Unix seconds (fractions count). */
  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? (() => Date.now() / 1000);
  }

  take(key: string, limit: RateLimit): RateDecision {
    checkLimit(limit);
    const now = this.#now();
    const perSecond = limit.perMinute / 60;
    const b = this.buckets.get(key);
    const tokens = b ? Math.min(limit.burst, b.tokens + Math.max(0, now - b.at) * perSecond) : limit.burst;
    this.#sweep(now);
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, at: now, full: now + (limit.burst - tokens + 1) / perSecond });
      return { allowed: true, retryAfterSeconds: 0 };
    }
    this.buckets.set(key, { tokens, at: now, full: now + (limit.burst - tokens) / perSecond });
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perSecond)) };
  }

  #sweep(now: number): void {
    if (this.buckets.size < 1024) return;
    for (const [k, b] of this.buckets) if (b.full <= now) this.buckets.delete(k);
  }
}

/**
 * Validates a caller's `ratePerMinute` (and `burst`, default: the per-minute rate) into a limit,
 * or `undefined` for no limit.
 *
 * @throws {WxmpError} `INVALID_CONFIG`.
 */
export function limitOf(ratePerMinute: unknown, burst: unknown, where: string): RateLimit | undefined {
  if (ratePerMinute === undefined) {
    if (burst !== undefined) throw new WxmpError('INVALID_CONFIG', `${where}.burst needs ratePerMinute`);
    return undefined;
  }
  if (typeof ratePerMinute !== 'number' || !Number.isFinite(ratePerMinute) || ratePerMinute <= 0 || ratePerMinute > 1e7) {
    throw new WxmpError('INVALID_CONFIG', `${where}.ratePerMinute must be a number in (0, 10000000]`);
  }
  const b = burst ?? Math.max(1, Math.ceil(ratePerMinute));
  if (typeof b !== 'number' || !Number.isInteger(b) || b < 1 || b > 1e7)
    throw new WxmpError('INVALID_CONFIG', `${where}.burst must be an integer in 1..10000000`);
  return { perMinute: ratePerMinute, burst: b };
}

/**
 * Checks a limit given to `take` (shared by every {@link RateLimiter} of wxmp).
 *
 * @throws {WxmpError} `INVALID_ARGUMENT` unless `perMinute > 0` and `burst >= 1`, both finite.
 */
export function checkLimit(limit: RateLimit): void {
  if (!(limit?.perMinute > 0) || !(limit.burst >= 1) || !Number.isFinite(limit.perMinute) || !Number.isFinite(limit.burst)) {
    throw new WxmpError('INVALID_ARGUMENT', 'a rate limit needs perMinute > 0 and burst >= 1');
  }
}

/**
 * Takes one token for caller `id`: `undefined` when the call may go on, else the
 * `CENTRAL_RATE_LIMITED` refusal and its `Retry-After`. A limiter that throws (Redis down) lets the
 * call through and logs a warning: the callers are authenticated, and refusing everyone while
 * the limiter is down would turn its outage into the service's.
 */
export async function overRate(
  limiter: RateLimiter,
  id: string,
  limit: RateLimit | undefined,
  log: SafeLog,
): Promise<{ error: WxmpError; retryAfter: number } | undefined> {
  if (limit === undefined) return undefined;
  let d: RateDecision;
  try {
    d = await limiter.take(id, limit);
  } catch (e) {
    log.warn(`rate limiter failed; letting the call through (${e instanceof WxmpError ? e.code : 'error'})`, { caller: id });
    return undefined;
  }
  if (d.allowed) return undefined;
  const retryAfter = Math.max(1, Math.ceil(Number(d.retryAfterSeconds) || 1));
  return { error: new WxmpError('CENTRAL_RATE_LIMITED', `over ${limit.perMinute} calls a minute; retry after ${retryAfter} s`), retryAfter };
}
