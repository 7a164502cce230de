/**
 * `remoteTokenProvider`: the business side of the token server, a {@link TokenProvider} for
 * `new WeChatClient({ tokenProvider })`. The client caches what it returns until the expiry minus
 * its skew, and on 40001/40014/42001 asks again with the rejected token, which becomes a
 * `POST /token/invalidate` here. Several URLs (token servers behind no load balancer) are tried
 * in turn on a network failure, a timeout or a 5xx.
 */
import { sendOnce } from '../client/transport.js';
import type { FetchLike, TokenCacheEntry, TokenProvider } from '../client/types.js';
import { WxmpError, type WxmpErrorCode } from '../errors.js';
import { redact, redactValues } from '../internal/redact.js';

/** Options of {@link remoteTokenProvider}. */
export interface RemoteTokenProviderOptions {
  /** The token server's base URL (with its `basePath`), or several to fail over between. */
  url: string | readonly string[];
  /** This caller's key (sent as `Authorization: Bearer <key>`). */
  key: string;
  /** Default: `globalThis.fetch`, looked up at call time. */
  fetch?: FetchLike;
  /** Per-attempt timeout in milliseconds (default 5 000). */
  timeoutMs?: number;
}

/** The refusal codes the token server answers with, by status. */
const BY_STATUS: Readonly<Record<number, WxmpErrorCode>> = {
  400: 'CENTRAL_BAD_REQUEST',
  401: 'CENTRAL_UNAUTHORIZED',
  403: 'CENTRAL_FORBIDDEN',
  404: 'CENTRAL_NOT_FOUND',
  405: 'CENTRAL_METHOD_NOT_ALLOWED',
  429: 'CENTRAL_RATE_LIMITED',
};

/**
 * A {@link TokenProvider} that asks a wxmp token server (`createTokenServer`, `wxmp token-server`):
 * `GET /token?appid=`, or `POST /token/invalidate` when the platform rejected the token. The
 * business server then never holds the AppSecret and never calls the token endpoints.
 * `getAccessToken({ forceRefresh: true })` only re-reads the central token: when to refresh is
 * the token server's decision (a forced refresh would invalidate the token of every caller).
 *
 * @throws {WxmpError} `INVALID_CONFIG` for a malformed url or key; from the provider (surfacing
 * from `getAccessToken`/`request`): `CENTRAL_UNAUTHORIZED` (401), `CENTRAL_FORBIDDEN` (403),
 * `CENTRAL_RATE_LIMITED` (429), `CENTRAL_BAD_REQUEST`, `CENTRAL_NOT_FOUND` (wrong url), `HTTP_STATUS`
 * (5xx, every url failed), `HTTP_TIMEOUT`, `HTTP_NETWORK`, `TOKEN_INVALID_RESPONSE`.
 * @example
 * ```ts
 * const client = new WeChatClient({ appId, tokenProvider: remoteTokenProvider({ url: 'http://10.0.0.5:8700', key: process.env.TOKEN_KEY! }) })
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_access_token.html
 */
export function remoteTokenProvider(options: RemoteTokenProviderOptions): TokenProvider {
  if (options === null || typeof options !== 'object') throw new WxmpError('INVALID_CONFIG', 'remoteTokenProvider needs { url, key }');
  const urls = (typeof options.url === 'string' ? [options.url] : options.url) as unknown;
  if (!Array.isArray(urls) || urls.length === 0 || !urls.every((u) => typeof u === 'string' && /^https?:\/\/[^\s?#]+$/i.test(u))) {
    throw new WxmpError('INVALID_CONFIG', 'url must be the http(s) base URL of the token server (or a non-empty array of them)');
  }
  const bases = (urls as string[]).map((u) => u.replace(/\/+$/, ''));
  const { key } = options;
  if (typeof key !== 'string' || !/^[\x21-\x7e]{16,512}$/.test(key))
    throw new WxmpError('INVALID_CONFIG', 'key must be 16-512 printable ASCII characters without spaces');
  const timeoutMs = options.timeoutMs ?? 5000;
  if (typeof timeoutMs !== 'number' || !(timeoutMs >= 1 && timeoutMs <= 600_000)) throw new WxmpError('INVALID_CONFIG', 'timeoutMs must be in 1..600000');
  const scrub = (text: string): string => redactValues(redact(text), [key]);

  const once = async (base: string, appId: string, rejected: string | undefined): Promise<Record<string, unknown>> => {
    const fetchImpl = options.fetch ?? (globalThis.fetch as FetchLike | undefined);
    if (typeof fetchImpl !== 'function') throw new WxmpError('INVALID_CONFIG', 'no fetch implementation: pass options.fetch');
    const headers: Record<string, string> = { authorization: `Bearer ${key}`, accept: 'application/json' };
    const url = rejected === undefined ? `${base}/token?appid=${encodeURIComponent(appId)}` : `${base}/token/invalidate`;
    if (rejected !== undefined) headers['content-type'] = 'application/json';
    try {
      return (await sendOnce({
        fetch: fetchImpl,
        url,
        method: rejected === undefined ? 'GET' : 'POST',
        headers,
        ...(rejected !== undefined ? { body: JSON.stringify({ appid: appId, rejected }) } : {}),
        timeoutMs,
        interpret: { responseType: 'json', maxBytes: 64 * 1024, scrub },
        scrub,
      })) as Record<string, unknown>;
    } catch (e) {
      const status = e instanceof WxmpError && e.code === 'HTTP_STATUS' ? e.status : undefined;
      const code = status === undefined ? undefined : BY_STATUS[status];
      if (code && status !== undefined) throw new WxmpError(code, `the token server refused the request (HTTP ${status})`, { status });
      throw e;
    }
  };

  return async (ctx) => {
    let last: unknown;
    for (const base of bases) {
      try {
        return entryOf(await once(base, ctx.appId, ctx.rejectedToken));
      } catch (e) {
        if (!(e instanceof WxmpError) || !e.retryable) throw e;
        last = e;
      }
    }
    throw last;
  };
}

function entryOf(body: Record<string, unknown>): TokenCacheEntry {
  const { access_token: accessToken, expires_at: expiresAt } = body;
  if (typeof accessToken !== 'string' || typeof expiresAt !== 'number')
    throw new WxmpError('TOKEN_INVALID_RESPONSE', 'the token server answered without access_token and expires_at');
  return { accessToken, expiresAt };
}
