/**
 * In-process implementations of {@link TokenCache} and {@link Lock}: the defaults for a single
 * process, and the reference semantics a shared (e.g. Redis) implementation must match.
 */
import { randomBytes } from 'node:crypto';
import type { Lock, TokenCache, TokenCacheEntry } from './types.js';

const nowSeconds = (): number => Date.now() / 1000;

/**
 * A Map-backed {@link TokenCache} with TTLs and compare-and-delete.
 *
 * @example
 * ```ts
 * const tokenCache = new MemoryTokenCache()
 * const client = new WeChatClient({ appId, appSecret, tokenCache })
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_access_token.html
 */
export class MemoryTokenCache implements TokenCache {
  private readonly map = new Map<string, { value: TokenCacheEntry; until: number }>();
  private readonly now: () => number;

  /** @param options.now clock in Unix seconds, for TTLs. */
  constructor(options: { now?: () => number } = {}) {
    this.now = options.now ?? nowSeconds;
  }

  get(key: string): TokenCacheEntry | null {
    const hit = this.map.get(key);
    if (!hit) return null;
    if (hit.until <= this.now()) {
      this.map.delete(key);
      return null;
    }
    return { ...hit.value };
  }

  set(key: string, value: TokenCacheEntry, ttlSeconds: number): void {
    this.map.set(key, { value: { ...value }, until: this.now() + ttlSeconds });
  }

  delete(key: string, expectedToken: string): void {
    if (this.map.get(key)?.value.accessToken === expectedToken) this.map.delete(key);
  }
}

/**
 * A Map-backed {@link Lock} with TTLs and owner tokens (compare-and-delete release). Useful in
 * tests and to share one lock between several clients of one process.
 *
 * @example
 * ```ts
 * const lock = new MemoryLock()
 * const owner = await lock.acquire('k', 10_000) // string, or null while held
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_access_token.html
 */
export class MemoryLock implements Lock {
  private readonly map = new Map<string, { owner: string; until: number }>();
  private readonly now: () => number;

  /** @param options.now clock in Unix seconds, for TTLs. */
  constructor(options: { now?: () => number } = {}) {
    this.now = options.now ?? nowSeconds;
  }

  acquire(key: string, ttlMs: number): string | null {
    const held = this.map.get(key);
    if (held && held.until > this.now()) return null;
    const owner = randomBytes(12).toString('base64url');
    this.map.set(key, { owner, until: this.now() + ttlMs / 1000 });
    return owner;
  }

  release(key: string, ownerToken: string): void {
    if (this.map.get(key)?.owner === ownerToken) this.map.delete(key);
  }
}
