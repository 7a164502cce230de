/**
 * The refresh algorithm shared by access tokens and JS-SDK tickets (获取 Access token):
 * cache read with skew → in-process single-flight (own timeout, cleared in `finally`) → optional
 * distributed lock with double-check, or polling with jittered backoff → fetch → validated write
 * with TTL = clamp(expires_in, 60, 7200) − skew. Compare-and-invalidate on rejection; configuration
 * failures are negative-cached.
 *
 * Failure policy of injected stores (documented in the README):
 * - `cache.get` throws → the last token this process fetched is used if still fresh, otherwise
 *   `TOKEN_CACHE_FAILED` (we do not fetch blindly: with a broken shared cache every process would
 *   refresh and invalidate the others).
 * - `cache.set` throws → the freshly fetched token is still returned (quota was already spent); a warning is logged.
 * - `cache.delete` / `lock.release` throw → warning only (the TTL cleans up).
 * - `lock.acquire` throws → `TOKEN_LOCK_FAILED` (same reason: no blind fetch).
 */
import { WxmpError } from '../errors.js';
import { scrubError } from '../internal/redact.js';
import type { Lock, Logger, TokenCache, TokenCacheEntry } from './types.js';

/** A freshly fetched credential, already validated by the source. */
export interface Fetched {
  value: string;
  /** Seconds of validity as announced by the platform; `undefined`: do not cache. */
  expiresIn?: number;
}

/** What the manager needs besides its source. */
export interface CredentialDeps {
  key: string;
  lockKey: string;
  cache: TokenCache;
  lock?: Lock | undefined;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  skew: number;
  negativeTtl: number;
  lockWaitMs: number;
  lockTtlMs: number;
  refreshTimeoutMs: number;
  logger?: Logger | undefined;
  /** Failures to remember for `negativeTtl` seconds (configuration errors, daily quota). */
  isNegative: (e: unknown) => boolean;
  fetch: (ctx: { force: boolean; rejected?: string }) => Promise<Fetched>;
  /** Label for messages, e.g. 'access_token'. */
  label: string;
  /** Removes known secrets (AppSecret, tokens) from text copied out of store errors. */
  scrub?: ((text: string) => string) | undefined;
}

/** A credential and, when the source announced one, its absolute expiry (Unix seconds). */
export interface Credential {
  value: string;
  expiresAt?: number;
}

/** Options of one `get`. */
export interface GetOptions {
  force?: boolean;
  /** A value the platform rejected: never returned again by this call. */
  rejected?: string;
}

const TOKEN_RE = /^[\x21-\x7e]{8,2048}$/;

/** True for a syntactically plausible access token or ticket (printable ASCII, 8–2048 chars). */
export function isCredentialSyntax(v: unknown): v is string {
  return typeof v === 'string' && TOKEN_RE.test(v);
}

/** Cache-backed, single-flight credential manager. */
export class CredentialManager {
  private flight: Promise<Credential> | undefined;
  private lastKnown: TokenCacheEntry | undefined;
  private negative: { error: unknown; until: number } | undefined;

  constructor(private readonly d: CredentialDeps) {}

  /** Returns a fresh credential, refreshing through the single-flight when needed. */
  async get(opts: GetOptions = {}): Promise<Credential> {
    const neg = this.negative;
    if (neg && this.d.now() < neg.until) throw neg.error;
    if (!opts.force) {
      const hit = await this.readFresh(opts.rejected, true);
      if (hit !== undefined) return hit;
    }
    // Join a running refresh; if it produced the rejected value, start (or join) one more.
    let got: Credential = { value: '' };
    for (let round = 0; round < 2; round++) {
      const running = this.flight;
      if (running) {
        got = await running;
      } else {
        const p = this.withTimeout(this.refresh(opts));
        this.flight = p;
        try {
          got = await p;
        } finally {
          if (this.flight === p) this.flight = undefined;
        }
      }
      if (got.value !== opts.rejected) break;
    }
    return got;
  }

  /** Compare-and-invalidate: forget `value` only where it is still the current one. */
  async invalidate(value: string): Promise<void> {
    if (this.lastKnown?.accessToken === value) this.lastKnown = undefined;
    try {
      await this.d.cache.delete(this.d.key, value);
    } catch (e) {
      this.warn(`${this.d.label} cache delete failed; continuing`, e);
    }
  }

  private async refresh(opts: GetOptions): Promise<Credential> {
    const { lock } = this.d;
    if (!lock) {
      if (!opts.force) {
        const hit = await this.readFresh(opts.rejected, true);
        if (hit !== undefined) return hit;
      }
      return this.fetchAndStore(opts);
    }
    let waited = 0;
    for (let attempt = 0; ; attempt++) {
      const owner = await this.acquire(lock);
      if (owner) {
        try {
          // Double-check: whoever held the lock before us may have stored a new value.
          if (!opts.force || attempt > 0) {
            const hit = await this.readFresh(opts.rejected, true);
            if (hit !== undefined) return hit;
          }
          return await this.fetchAndStore(opts);
        } finally {
          try {
            await lock.release(this.d.lockKey, owner);
          } catch (e) {
            this.warn(`${this.d.label} lock release failed; it will expire`, e);
          }
        }
      }
      if (waited >= this.d.lockWaitMs) break;
      const delay = Math.min(this.d.lockWaitMs - waited, Math.round(Math.min(1000, 50 * 2 ** attempt) * (0.5 + this.d.random() / 2)));
      await this.d.sleep(delay);
      waited += Math.max(1, delay);
      const hit = await this.readFresh(opts.rejected, false);
      if (hit !== undefined) return hit;
    }
    // Still valid (inside the platform's overlap) beats failing.
    const old = this.lastKnown;
    if (old && old.accessToken !== opts.rejected && old.expiresAt > this.d.now()) {
      this.warn(`${this.d.label} refresh lock busy for ${this.d.lockWaitMs} ms; using the previous value while it is valid`);
      return credentialOf(old);
    }
    throw new WxmpError('TOKEN_LOCK_TIMEOUT', `another process held the ${this.d.label} refresh lock for ${this.d.lockWaitMs} ms and no new value appeared`);
  }

  private async acquire(lock: Lock): Promise<string | null | undefined> {
    try {
      return await lock.acquire(this.d.lockKey, this.d.lockTtlMs);
    } catch (e) {
      throw new WxmpError('TOKEN_LOCK_FAILED', `${this.d.label} lock acquire failed`, { cause: scrubCause(e, this.d.scrub) });
    }
  }

  private async fetchAndStore(opts: GetOptions): Promise<Credential> {
    let got: Fetched;
    try {
      got = await this.d.fetch({ force: !!opts.force, ...(opts.rejected !== undefined ? { rejected: opts.rejected } : {}) });
    } catch (e) {
      if (this.d.isNegative(e)) this.negative = { error: e, until: this.d.now() + this.d.negativeTtl };
      throw e;
    }
    return this.store(got);
  }

  /**
   * Stores a credential obtained elsewhere (an Open Platform authorization hands out the first
   * authorizer token) exactly as a refresh would: lifetime clamped to 60..7200 s, cached for the
   * lifetime minus the skew, a failing cache write only logged. Returns the credential.
   */
  async store(got: Fetched): Promise<Credential> {
    this.negative = undefined;
    if (got.expiresIn === undefined) return { value: got.value };
    const lifetime = Math.min(7200, Math.max(60, Math.floor(got.expiresIn)));
    const entry: TokenCacheEntry = { accessToken: got.value, expiresAt: Math.floor(this.d.now()) + lifetime };
    this.lastKnown = entry;
    const ttl = lifetime - this.d.skew;
    if (ttl >= 1) {
      try {
        await this.d.cache.set(this.d.key, entry, ttl);
      } catch (e) {
        this.warn(`${this.d.label} cache write failed; using the fetched value in this process only`, e);
      }
    }
    this.d.logger?.debug?.(`${this.d.label} refreshed`, { key: this.d.key, expiresAt: entry.expiresAt });
    return credentialOf(entry);
  }

  /** Reads the cache; returns the value if valid, fresh (skew) and not rejected. */
  private async readFresh(rejected: string | undefined, throwOnFailure: boolean): Promise<Credential | undefined> {
    let raw: unknown;
    try {
      raw = await this.d.cache.get(this.d.key);
    } catch (e) {
      const mine = this.lastKnown;
      if (mine && mine.accessToken !== rejected && this.isFresh(mine)) {
        this.warn(`${this.d.label} cache read failed; using this process's fresh value`, e);
        return credentialOf(mine);
      }
      if (!throwOnFailure) return undefined;
      throw new WxmpError('TOKEN_CACHE_FAILED', `${this.d.label} cache read failed`, { cause: scrubCause(e, this.d.scrub) });
    }
    const entry = validEntry(raw);
    if (!entry || entry.accessToken === rejected) return undefined;
    if (entry.expiresAt > this.d.now() && (!this.lastKnown || this.lastKnown.expiresAt <= entry.expiresAt)) this.lastKnown = entry;
    return this.isFresh(entry) ? credentialOf(entry) : undefined;
  }

  private isFresh(e: TokenCacheEntry): boolean {
    return e.expiresAt - this.d.skew > this.d.now();
  }

  private withTimeout(p: Promise<Credential>): Promise<Credential> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const t = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new WxmpError('HTTP_TIMEOUT', `${this.d.label} refresh did not finish within ${this.d.refreshTimeoutMs} ms`)),
        this.d.refreshTimeoutMs,
      );
    });
    return Promise.race([p, t]).finally(() => clearTimeout(timer));
  }

  private warn(message: string, e?: unknown): void {
    this.d.logger?.warn?.(
      message,
      e === undefined ? { key: this.d.key } : { key: this.d.key, error: e instanceof WxmpError ? e.code : e instanceof Error ? e.name : 'unknown' },
    );
  }
}

function credentialOf(e: TokenCacheEntry): Credential {
  return { value: e.accessToken, expiresAt: e.expiresAt };
}

/** Corrupt or foreign cache entries are misses, never errors. */
export function validEntry(raw: unknown): TokenCacheEntry | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  const { accessToken, expiresAt } = raw as Record<string, unknown>;
  if (!isCredentialSyntax(accessToken) || typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) return undefined;
  return { accessToken, expiresAt };
}

/**
 * A copy of an error from user code (store, provider, fetch) with known secret values removed
 * from its message and stack; the original is not kept.
 */
export function scrubCause(e: unknown, scrub: ((text: string) => string) | undefined): unknown {
  return !scrub || e instanceof WxmpError ? e : scrubError(e, scrub);
}
