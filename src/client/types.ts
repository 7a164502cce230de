/**
 * Shared types of the API client: request options, the token cache and lock interfaces, the
 * token provider hook and the client options. Type-only module.
 */

/**
 * Options of one API call made through {@link WeChatClient.request}.
 *
 * @example
 * ```ts
 * await client.request('/cgi-bin/user/info', { query: { openid, lang: 'zh_CN' } })
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html
 */
export interface ApiRequestInit {
  /** Default: `'POST'` when `body` is set, else `'GET'`. */
  method?: 'GET' | 'POST';
  /** Query parameters; `undefined` values are left out. `access_token` is appended by the client. */
  query?: Record<string, string | number | boolean | undefined>;
  /** JSON-serialised as raw UTF-8 (no `\u` escapes, which WeChat rejects with 40033) unless a `FormData`. */
  body?: unknown;
  /** Default: `true` for GET, `false` for POST. Only idempotent calls are retried on -1, 5xx, network errors and timeouts. */
  idempotent?: boolean;
  /** Default `true`: appends `access_token` and refreshes it once on 40001/40014/42001. */
  auth?: boolean;
  /**
   * `'binary'` returns a {@link BinaryResponse} unless the body is JSON (an error, or a JSON result
   * such as video `down_url`). `'raw'` always returns the body's bytes as a `BinaryResponse` (for
   * forwarding, as the API proxy does); a JSON body with a non-zero `errcode` still raises
   * `API_ERROR`, so token rejections are refreshed and retried as usual, and every occurrence of
   * the access token the client sent is replaced by `***` in the returned bytes.
   */
  responseType?: 'json' | 'binary' | 'raw';
  /** Overrides the client's `baseUrl` for this call (e.g. `https://mp.weixin.qq.com`). */
  baseUrl?: string;
  /** Per-attempt timeout in milliseconds (covers reading the body). */
  timeoutMs?: number;
  /** The caller's cancellation; an abort surfaces as `HTTP_ABORTED` and is never retried. */
  signal?: AbortSignal;
  /** Overrides the client's response size cap for this call. */
  maxResponseBytes?: number;
}

/** A successful binary download (`responseType: 'binary'`). */
export interface BinaryResponse {
  contentType: string;
  /** From `Content-Disposition`, when present. */
  filename?: string;
  data: Uint8Array;
}

/** What a {@link TokenCache} stores: a credential and its absolute expiry (Unix seconds). */
export interface TokenCacheEntry {
  accessToken: string;
  /** Absolute expiry in Unix seconds, as the platform announced it (not reduced by the skew). */
  expiresAt: number;
}

/** What {@link WeChatClient.getAccessTokenEntry} returns. */
export interface AccessTokenInfo {
  accessToken: string;
  /** Absolute expiry in Unix seconds; absent when a `tokenProvider` returned a bare string. */
  expiresAt?: number;
}

/** Options of {@link WeChatClient.getAccessToken} and {@link WeChatClient.getAccessTokenEntry}. */
export interface GetAccessTokenOptions {
  /**
   * Bypasses the cache; in stable mode it sends `force_refresh: true`, which invalidates the
   * current token for every process and is limited to 20 calls a day.
   */
  forceRefresh?: boolean;
  /**
   * A token the platform rejected (40001/40014/42001): it is forgotten where it is still the
   * current one (compare-and-invalidate) and a different one is returned, through the same
   * single-flight and lock. If the cache already holds another token, that one is returned
   * without a fetch — a stale report costs nothing. What a central server (中控) calls when a
   * business server reports a rejection.
   */
  rejectedToken?: string;
}

/** Sync or async: the client awaits every result, so both implementations work. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * Where access tokens and tickets live; share one (e.g. Redis) between processes so that they do
 * not overwrite each other's token.
 *
 * Entries that fail validation are treated as misses. A throwing cache surfaces as
 * `TOKEN_CACHE_FAILED` (see {@link WeChatClientOptions.tokenCache}). `RedisTokenCache` from
 * `wxmp/redis` implements it.
 *
 * @example
 * ```ts
 * const cache: TokenCache = { get: (k) => redisGetJson(k), set: (k, v, ttl) => redisSetJson(k, v, ttl), delete: (k, t) => redisCompareAndDelete(k, t) }
 * ```
 */
export interface TokenCache {
  /** The entry stored under `key`, or `null`/`undefined` when there is none (or it expired). */
  get(key: string): MaybePromise<TokenCacheEntry | null | undefined>;
  /** Stores `value` for `ttlSeconds` (≥ 1). */
  set(key: string, value: TokenCacheEntry, ttlSeconds: number): MaybePromise<void>;
  /** Compare-and-delete: removes the entry only if its `accessToken` equals `expectedToken`. */
  delete(key: string, expectedToken: string): MaybePromise<void>;
}

/**
 * Optional distributed lock that makes one process (of many) refresh the token. A throwing
 * `acquire` surfaces as `TOKEN_LOCK_FAILED` (no token is fetched without the lock); a throwing
 * `release` is only logged (the lock's TTL frees it). `RedisLock` from `wxmp/redis` implements it.
 *
 * @example
 * ```ts
 * const lock: Lock = { acquire: (k, ttl) => redisSetNxPx(k, ttl), release: (k, owner) => redisCompareAndDelete(k, owner) }
 * ```
 */
export interface Lock {
  /** Returns an owner token when acquired, `null` when someone else holds the lock. */
  acquire(key: string, ttlMs: number): MaybePromise<string | null | undefined>;
  /** Compare-and-delete: releases only if `ownerToken` still owns the lock. */
  release(key: string, ownerToken: string): MaybePromise<void>;
}

/** Context given to a {@link TokenProvider}. */
export interface TokenProviderContext {
  appId: string;
  /** `true` when `getAccessToken({ forceRefresh: true })` was called. */
  forceRefresh: boolean;
  /** Set when the platform rejected this token (40001/40014/42001): return a different one. */
  rejectedToken?: string;
}

/**
 * Supplies the access token from a central service (中控服务器); wxmp then never calls the token
 * endpoints itself. A string result is not cached by wxmp; an object result is reused until
 * `expiresAt` minus the skew.
 */
export type TokenProvider = (ctx: TokenProviderContext) => Promise<string | TokenCacheEntry>;

/** Minimal structured logger; every line is redacted before it is handed over. */
export interface Logger {
  /** Routine events (a token refreshed, a retry). */
  debug?(message: string, meta?: Record<string, unknown>): void;
  /** Something an operator should look at (a cache that failed, a lock release that failed). */
  warn?(message: string, meta?: Record<string, unknown>): void;
}

/** Retry policy for idempotent calls. */
export interface RetryOptions {
  /** Extra attempts after the first on -1, 5xx, network errors and timeouts (0–5, default 2). */
  maxRetries?: number;
  /** Base of the jittered exponential backoff in milliseconds (default 200). */
  baseDelayMs?: number;
}

/** The `fetch` signature the client needs (a subset of the global one). */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Options of {@link WeChatClient}. */
export interface WeChatClientOptions {
  appId: string;
  /** Required unless `tokenProvider` is given (OAuth code exchange still needs it). */
  appSecret?: string;
  /** Default: `globalThis.fetch`, looked up at call time. */
  fetch?: FetchLike;
  /** Default: an in-memory cache of this process. */
  tokenCache?: TokenCache;
  /** Optional distributed refresh lock. */
  lock?: Lock;
  /** Central token source (中控); when set wxmp never calls the token endpoints. */
  tokenProvider?: TokenProvider;
  /** `'stable'` (default): `POST /cgi-bin/stable_token` normal mode; `'classic'`: `GET /cgi-bin/token`. */
  tokenMode?: 'stable' | 'classic';
  /** Clock in Unix seconds (default `Date.now() / 1000`). */
  now?: () => number;
  /** Per-attempt timeout in milliseconds, covering the body (default 10 000). */
  timeoutMs?: number;
  /** Default `'https://api.weixin.qq.com'`. */
  baseUrl?: string;
  /** Cap on JSON response bodies in bytes (default 10 MiB). */
  maxResponseBytes?: number;
  /** Cap on binary downloads in bytes (default 32 MiB). */
  maxBinaryBytes?: number;
  retry?: RetryOptions;
  /** Sleep used for backoff and lock polling (injectable for tests). */
  sleep?: (ms: number) => Promise<void>;
  /** Random source in [0, 1) for jitter (default `Math.random`). */
  random?: () => number;
  logger?: Logger;
  /** Refresh this many seconds before expiry (default 300, the platform's overlap; 0–1800). */
  refreshSkewSeconds?: number;
  /** How long a configuration failure of the token endpoint is remembered (default 10 s). */
  negativeCacheSeconds?: number;
  /** How long to wait for another process holding the refresh lock (default 5 000 ms). */
  lockWaitMs?: number;
  /** TTL of the refresh lock (default 15 000 ms). */
  lockTtlMs?: number;
  /** Upper bound of one refresh (cache + lock + fetch) so a stuck promise cannot block callers forever (default 30 000 ms). */
  refreshTimeoutMs?: number;
  /** Cache key prefix (default `'wxmp:'`). */
  keyPrefix?: string;
}
