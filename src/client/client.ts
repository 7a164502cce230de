/**
 * `WeChatClient`: the fetch-based API client. Owns configuration, the access-token and ticket
 * managers, the retry policy and redaction; API groups, OAuth and JS-SDK are mixed in.
 */
import { WxmpError } from '../errors.js';
import { redact, redactBytes, redactValues } from '../internal/redact.js';
import { createApiGroups, type ApiGroups } from './apis/groups.js';
import { CredentialManager, type CredentialDeps } from './credential.js';
import { kDelegate, type DelegatedOptions } from './delegate.js';
import { Jssdk, type TicketType } from './jssdk.js';
import { MemoryTokenCache } from './memory.js';
import { OAuth } from './oauth.js';
import { parseCredential, fetchAccessToken, fetchFromProvider, isNegativeCacheable, isTokenRejection } from './token.js';
import { backoffMs, isTransient, sendOnce } from './transport.js';
import type { AccessTokenInfo, ApiRequestInit, BinaryResponse, FetchLike, GetAccessTokenOptions, Logger, WeChatClientOptions } from './types.js';

const DEFAULT_BASE = 'https://api.weixin.qq.com';

// Declaration merging: the API groups built in the constructor are typed members of the client.
export interface WeChatClient extends ApiGroups {}

/**
 * The API client of one Official Account.
 *
 * Tokens: `stable_token` normal mode by default, refreshed 300 s early, one refresh in flight per
 * process, optional distributed `lock` with double-check, compare-and-invalidate and one retry on
 * 40001/40014/42001, configuration errors negative-cached. Retries: only idempotent calls, on -1,
 * 5xx, network errors and timeouts, at most `retry.maxRetries` (2) with jittered backoff; sends are
 * never repeated after a timeout.
 *
 * @throws {WxmpError} `INVALID_CONFIG` for a missing appId, missing appSecret (without
 * tokenProvider) or out-of-range option.
 * @example
 * ```ts
 * const client = new WeChatClient({ appId: 'wx123', appSecret: process.env.WX_SECRET! })
 * const user = await client.request('/cgi-bin/user/info', { query: { openid } })
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/getStableAccessToken.html
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface of the same name declares the API groups that the constructor mixes in
export class WeChatClient {
  readonly appId: string;
  /** OAuth web login (网页授权). */
  readonly oauth: OAuth;
  /** JS-SDK tickets and `wx.config` signing. */
  readonly jssdk: Jssdk;

  readonly #o: WeChatClientOptions;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;
  readonly #baseUrl: string;
  readonly #timeoutMs: number;
  readonly #maxRetries: number;
  readonly #baseDelayMs: number;
  readonly #tokens: CredentialManager;
  /** Query parameters of the token: `access_token`, or both names an Open Platform component's token goes by. */
  readonly #tokenParams: readonly string[];
  readonly #tickets = new Map<TicketType, CredentialManager>();
  /** Recently used access tokens, redacted from every error in addition to pattern redaction. */
  readonly #recent: string[] = [];

  constructor(options: WeChatClientOptions) {
    const o = validate(options);
    this.#o = o;
    this.appId = o.appId;
    this.#now = o.now ?? (() => Date.now() / 1000);
    this.#sleep = o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.#random = o.random ?? Math.random;
    this.#baseUrl = (o.baseUrl ?? DEFAULT_BASE).replace(/\/+$/, '');
    this.#timeoutMs = o.timeoutMs ?? 10_000;
    this.#maxRetries = o.retry?.maxRetries ?? 2;
    this.#baseDelayMs = o.retry?.baseDelayMs ?? 200;
    const mode = o.tokenMode ?? 'stable';
    const provider = o.tokenProvider;
    const prefix = o.keyPrefix ?? 'wxmp:';
    const delegate = (options as DelegatedOptions)[kDelegate];
    this.#tokenParams = delegate?.tokenParams ?? ['access_token'];
    this.#tokens = delegate
      ? this.#manager(`${prefix}${delegate.key}`, delegate.label, { fetch: delegate.fetch, isNegative: delegate.isNegative })
      : provider
        ? this.#manager(`${prefix}provider:${o.appId}`, 'access_token', {
            cache: new MemoryTokenCache({ now: this.#now }),
            lock: undefined,
            fetch: ({ force, rejected }) =>
              fetchFromProvider(
                provider,
                { appId: o.appId, forceRefresh: force, ...(rejected !== undefined ? { rejectedToken: rejected } : {}) },
                this.#now,
                (t) => this.#scrub(t),
              ),
          })
        : this.#manager(`${prefix}access_token:${o.appId}:${mode}`, 'access_token', {
            fetch: ({ force }) => fetchAccessToken((p, i) => this.#send(p, i), { mode, appId: o.appId, appSecret: o.appSecret as string, force }),
          });
    delegate?.attach?.(this.#tokens);
    this.oauth = new OAuth({
      appId: o.appId,
      appSecret: o.appSecret,
      send: (p, i, s) => this.#send(p, i, s),
      ...(delegate?.oauth ? { component: delegate.oauth } : {}),
    });
    this.jssdk = new Jssdk({ appId: o.appId, now: this.#now, tickets: (t) => this.#ticketManager(t) });
    const requester = { request: this.request.bind(this), appId: o.appId };
    Object.assign(this, createApiGroups(requester));
  }

  /**
   * Returns a valid access token, from the cache or refreshed (one refresh per process at a time).
   * `forceRefresh` bypasses the cache; in stable mode it sends `force_refresh: true`, which
   * invalidates the current token for every process and is limited to 20 calls a day — use it only
   * when a token leaked. `rejectedToken` reports a token the platform refused: it is invalidated
   * only where it is still current, and a different token is returned (from the cache when another
   * process already refreshed, else through one refresh).
   *
   * @throws {WxmpError} `API_TOKEN_CONFIG` (40013, 40125, 40164 …; remembered for `negativeCacheSeconds`),
   * `API_ERROR` (45009 …), `TOKEN_INVALID_RESPONSE`, `TOKEN_PROVIDER_FAILED`, `TOKEN_CACHE_FAILED`, `TOKEN_LOCK_FAILED`, `TOKEN_LOCK_TIMEOUT`,
   * `INVALID_ARGUMENT` (a `rejectedToken` that is not a string), transport codes.
   * @example
   * ```ts
   * const token = await client.getAccessToken()
   * const other = await client.getAccessToken({ rejectedToken: token }) // after the platform answered 40001
   * ```
   * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/getStableAccessToken.html
   */
  async getAccessToken(options: GetAccessTokenOptions = {}): Promise<string> {
    return (await this.getAccessTokenEntry(options)).accessToken;
  }

  /**
   * Like {@link WeChatClient.getAccessToken}, with the token's absolute expiry (Unix seconds, as the
   * platform announced it; absent when a `tokenProvider` returns a bare string). A central server
   * hands both to its callers.
   *
   * @throws {WxmpError} the codes of {@link WeChatClient.getAccessToken}.
   * @example
   * ```ts
   * const { accessToken, expiresAt } = await client.getAccessTokenEntry()
   * ```
   * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/getStableAccessToken.html
   */
  async getAccessTokenEntry(options: GetAccessTokenOptions = {}): Promise<AccessTokenInfo> {
    const rejected = options.rejectedToken;
    if (rejected !== undefined && typeof rejected !== 'string') throw new WxmpError('INVALID_ARGUMENT', 'rejectedToken must be a string');
    if (rejected !== undefined) await this.#tokens.invalidate(rejected);
    const got = await this.#tokens.get({ force: !!options.forceRefresh, ...(rejected !== undefined ? { rejected } : {}) });
    this.#remember(got.value);
    return got.expiresAt === undefined ? { accessToken: got.value } : { accessToken: got.value, expiresAt: got.expiresAt };
  }

  /**
   * Calls any endpoint: appends `access_token`, refreshes it once on 40001/40014/42001, retries
   * idempotent calls on transient failures, and returns the parsed JSON object (or a
   * `BinaryResponse` with `responseType: 'binary'`, or the body's bytes with `'raw'`). A string `body` is sent as-is (use it for JSON
   * with 64-bit integers).
   *
   * @throws {WxmpError} `API_ERROR` (with `errcode`, `errmsg`, `rid`), `HTTP_STATUS`, `HTTP_TIMEOUT`,
   * `HTTP_ABORTED`, `HTTP_NETWORK`, `HTTP_REDIRECT`, `RESPONSE_PARSE`, `RESPONSE_TOO_LARGE`,
   * `INVALID_ARGUMENT`, and the token errors of {@link WeChatClient.getAccessToken}.
   * @example
   * ```ts
   * const { msgid } = await client.request<{ msgid: string }>('/cgi-bin/message/template/send', { body: { touser, template_id, data } })
   * ```
   * @see https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html
   */
  async request<T = unknown>(path: string, init: ApiRequestInit = {}): Promise<T> {
    if ((init.auth ?? true) === false) return (await this.#send(path, init)) as T;
    let token = await this.getAccessToken();
    let retried = false;
    for (;;) {
      try {
        return (await this.#send(path, init, [], token)) as T;
      } catch (e) {
        if (retried || !isTokenRejection(e)) throw e;
        retried = true;
        this.#log('warn', 'access token rejected; refreshing once', { errcode: e.errcode, path: path.slice(0, 64) });
        token = await this.getAccessToken({ rejectedToken: token });
      }
    }
  }

  /** One call with the retry policy but without token handling. */
  async #send(path: string, init: ApiRequestInit, secrets: readonly string[] = [], token?: string): Promise<Record<string, unknown>> {
    const fetchImpl: FetchLike | undefined = this.#o.fetch ?? (globalThis.fetch as FetchLike | undefined);
    if (typeof fetchImpl !== 'function') throw new WxmpError('INVALID_CONFIG', 'no fetch implementation: pass options.fetch');
    const method = init.method ?? (init.body !== undefined ? 'POST' : 'GET');
    if (method !== 'GET' && method !== 'POST') throw new WxmpError('INVALID_ARGUMENT', 'method must be GET or POST');
    const idempotent = init.idempotent ?? method === 'GET';
    const url = this.#url(path, init, token);
    const { body, headers } = encodeBody(init.body);
    const scrub = (s: string): string => this.#scrub(s, token, ...secrets);
    const binary = init.responseType === 'binary' || init.responseType === 'raw';
    const maxBytes = init.maxResponseBytes ?? (binary ? (this.#o.maxBinaryBytes ?? 32 * 1024 * 1024) : (this.#o.maxResponseBytes ?? 10 * 1024 * 1024));
    for (let attempt = 0; ; attempt++) {
      try {
        const out = await sendOnce({
          fetch: fetchImpl,
          url,
          method,
          ...(headers ? { headers } : {}),
          ...(body !== undefined ? { body } : {}),
          timeoutMs: init.timeoutMs ?? this.#timeoutMs,
          ...(init.signal ? { signal: init.signal } : {}),
          interpret: { responseType: init.responseType ?? 'json', maxBytes, scrub },
          scrub,
        });
        // Raw bytes are meant to be forwarded: the token the client appended never goes with them.
        if (init.responseType === 'raw' && token !== undefined) {
          const raw = out as BinaryResponse;
          raw.data = redactBytes(raw.data, [token, ...this.#recent]);
        }
        return out as Record<string, unknown>;
      } catch (e) {
        if (!idempotent || attempt >= this.#maxRetries || !isTransient(e) || init.signal?.aborted) throw e;
        const delay = backoffMs(attempt, this.#baseDelayMs, this.#random);
        this.#log('warn', 'transient failure; retrying idempotent call', {
          code: (e as WxmpError).code,
          attempt: attempt + 1,
          delayMs: delay,
          path: pathOnly(path),
        });
        await this.#sleep(delay);
      }
    }
  }

  #url(path: string, init: ApiRequestInit, token: string | undefined): string {
    if (typeof path !== 'string' || path[0] !== '/' || path[1] === '/' || path.length > 2048 || /[\s#?]/.test(path)) {
      throw new WxmpError(
        'INVALID_ARGUMENT',
        `path must start with a single '/' and carry no query or fragment (use init.query): ${redact(String(path).slice(0, 32))}`,
      );
    }
    let base = this.#baseUrl;
    if (init.baseUrl !== undefined) {
      if (!isHttpBase(init.baseUrl)) throw new WxmpError('INVALID_ARGUMENT', 'baseUrl must be an http(s) origin');
      base = init.baseUrl.replace(/\/+$/, '');
    }
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(init.query ?? {})) if (v !== undefined) q.append(k, String(v));
    if (token !== undefined) for (const name of this.#tokenParams) q.set(name, token);
    const qs = q.toString();
    return `${base}${path}${qs ? `?${qs}` : ''}`;
  }

  #manager(key: string, label: string, over: Partial<CredentialDeps> & Pick<CredentialDeps, 'fetch'>): CredentialManager {
    const o = this.#o;
    const prefix = o.keyPrefix ?? 'wxmp:';
    const logger: Logger | undefined = o.logger ? this.#safeLogger() : undefined;
    return new CredentialManager({
      key,
      lockKey: `${prefix}lock:${key.slice(prefix.length)}`,
      cache: o.tokenCache ?? this.#defaultCache(),
      lock: o.lock,
      now: this.#now,
      sleep: this.#sleep,
      random: this.#random,
      skew: o.refreshSkewSeconds ?? 300,
      negativeTtl: o.negativeCacheSeconds ?? 10,
      lockWaitMs: o.lockWaitMs ?? 5_000,
      lockTtlMs: o.lockTtlMs ?? 15_000,
      refreshTimeoutMs: o.refreshTimeoutMs ?? 30_000,
      logger,
      isNegative: isNegativeCacheable,
      label,
      scrub: (t) => this.#scrub(t),
      ...over,
    });
  }

  #cache: MemoryTokenCache | undefined;
  #defaultCache(): MemoryTokenCache {
    return (this.#cache ??= new MemoryTokenCache({ now: this.#now }));
  }

  #ticketManager(type: TicketType): CredentialManager {
    let m = this.#tickets.get(type);
    if (!m) {
      const prefix = this.#o.keyPrefix ?? 'wxmp:';
      m = this.#manager(`${prefix}ticket:${this.appId}:${type}`, `${type} ticket`, {
        fetch: async () => parseCredential(await this.request<Record<string, unknown>>('/cgi-bin/ticket/getticket', { query: { type } }), 'ticket'),
      });
      this.#tickets.set(type, m);
    }
    return m;
  }

  #scrub(text: string, ...extra: (string | undefined)[]): string {
    return redactValues(redact(text), [this.#o.appSecret, ...extra, ...this.#recent]);
  }

  #remember(token: string): void {
    if (this.#recent[0] === token) return;
    this.#recent.unshift(token);
    if (this.#recent.length > 4) this.#recent.pop();
  }

  #safeLogger(): Logger {
    return {
      debug: (m, meta) => this.#log('debug', m, meta),
      warn: (m, meta) => this.#log('warn', m, meta),
    };
  }

  #log(level: 'debug' | 'warn', message: string, meta?: Record<string, unknown>): void {
    const logger = this.#o.logger;
    if (!logger) return;
    const scrubbed = this.#scrub(message);
    try {
      logger[level]?.(scrubbed, meta);
    } catch {
      // a broken logger must not break API calls
    }
  }
}

function encodeBody(body: unknown): { body?: NonNullable<RequestInit['body']>; headers?: Record<string, string> } {
  if (body === undefined) return {};
  if (typeof FormData !== 'undefined' && body instanceof FormData) return { body };
  if (typeof Blob !== 'undefined' && body instanceof Blob) return { body };
  if (body instanceof Uint8Array || body instanceof URLSearchParams) return { body: body as NonNullable<RequestInit['body']> };
  if (body instanceof ArrayBuffer) return { body: new Uint8Array(body) };
  // A stream cannot be replayed for a retry and would JSON-serialise to "{}": refuse it.
  if (typeof ReadableStream !== 'undefined' && body instanceof ReadableStream)
    throw new WxmpError('INVALID_ARGUMENT', 'stream bodies are not supported; pass a Blob, FormData or Uint8Array');
  const headers = { 'content-type': 'application/json; charset=utf-8' };
  if (typeof body === 'string') return { body, headers };
  let text: string | undefined;
  try {
    // JSON.stringify keeps non-ASCII raw (only lone surrogates and controls are escaped), which is
    // what WeChat wants: \uXXXX escapes of CJK text are rejected with 40033.
    text = JSON.stringify(body);
  } catch (e) {
    throw new WxmpError('INVALID_ARGUMENT', 'request body is not JSON-serialisable', { cause: e });
  }
  if (text === undefined) throw new WxmpError('INVALID_ARGUMENT', 'request body is not JSON-serialisable');
  return { body: text, headers };
}

function pathOnly(path: string): string {
  return String(path).slice(0, 64);
}

function isHttpBase(u: unknown): u is string {
  return typeof u === 'string' && /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?\/?$/.test(u);
}

function validate(options: WeChatClientOptions & DelegatedOptions): WeChatClientOptions {
  if (options === null || typeof options !== 'object') throw new WxmpError('INVALID_CONFIG', 'WeChatClient needs an options object');
  const o = options;
  if (typeof o.appId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(o.appId))
    throw new WxmpError('INVALID_CONFIG', 'appId must be 1-64 characters of [A-Za-z0-9_-]');
  if (o.tokenProvider !== undefined && typeof o.tokenProvider !== 'function') throw new WxmpError('INVALID_CONFIG', 'tokenProvider must be a function');
  if (o.appSecret !== undefined && (typeof o.appSecret !== 'string' || o.appSecret.length < 8 || /\s/.test(o.appSecret))) {
    throw new WxmpError('INVALID_CONFIG', 'appSecret must be a string of at least 8 non-space characters');
  }
  if (o.appSecret === undefined && o.tokenProvider === undefined && o[kDelegate] === undefined)
    throw new WxmpError('INVALID_CONFIG', 'appSecret is required unless tokenProvider is given');
  if (o.tokenMode !== undefined && o.tokenMode !== 'stable' && o.tokenMode !== 'classic')
    throw new WxmpError('INVALID_CONFIG', "tokenMode must be 'stable' or 'classic'");
  if (o.fetch !== undefined && typeof o.fetch !== 'function') throw new WxmpError('INVALID_CONFIG', 'fetch must be a function');
  if (o.baseUrl !== undefined && !isHttpBase(o.baseUrl))
    throw new WxmpError('INVALID_CONFIG', 'baseUrl must be an http(s) origin such as https://api.weixin.qq.com');
  for (const fn of ['now', 'sleep', 'random'] as const) {
    if (o[fn] !== undefined && typeof o[fn] !== 'function') throw new WxmpError('INVALID_CONFIG', `${fn} must be a function`);
  }
  const ranges: [keyof WeChatClientOptions, number, number][] = [
    ['timeoutMs', 1, 600_000],
    ['maxResponseBytes', 1, 1 << 30],
    ['maxBinaryBytes', 1, 1 << 30],
    ['refreshSkewSeconds', 0, 1800],
    ['negativeCacheSeconds', 0, 3600],
    ['lockWaitMs', 0, 600_000],
    ['lockTtlMs', 1, 600_000],
    ['refreshTimeoutMs', 1, 600_000],
  ];
  for (const [k, min, max] of ranges) {
    const v = o[k];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max))
      throw new WxmpError('INVALID_CONFIG', `${k} must be a number in ${min}..${max}`);
  }
  const r = o.retry;
  if (r !== undefined) {
    if (r === null || typeof r !== 'object') throw new WxmpError('INVALID_CONFIG', 'retry must be an object');
    if (r.maxRetries !== undefined && (!Number.isInteger(r.maxRetries) || r.maxRetries < 0 || r.maxRetries > 5))
      throw new WxmpError('INVALID_CONFIG', 'retry.maxRetries must be an integer in 0..5');
    if (r.baseDelayMs !== undefined && (typeof r.baseDelayMs !== 'number' || !(r.baseDelayMs >= 0 && r.baseDelayMs <= 60_000)))
      throw new WxmpError('INVALID_CONFIG', 'retry.baseDelayMs must be in 0..60000');
  }
  for (const k of ['tokenCache', 'lock'] as const) {
    const v = o[k] as unknown as Record<string, unknown> | undefined;
    if (v === undefined) continue;
    const needs = k === 'tokenCache' ? ['get', 'set', 'delete'] : ['acquire', 'release'];
    if (v === null || typeof v !== 'object' || needs.some((m) => typeof v[m] !== 'function'))
      throw new WxmpError('INVALID_CONFIG', `${k} must implement ${needs.join(', ')}`);
  }
  return o;
}
