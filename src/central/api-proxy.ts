/**
 * `createApiProxy`: the API-Proxy server of the official architecture, as a Web
 * `(Request) => Promise<Response>` handler. Callers send WeChat API requests without a token;
 * the proxy checks their key, rate and allow-list, then forwards through a `WeChatClient`, which
 * appends the access_token and owns the refresh and retry rules. Callers never see the token.
 */
import type { WeChatClient } from '../client/client.js';
import type { ApiRequestInit, BinaryResponse, Logger } from '../client/types.js';
import { WxmpError } from '../errors.js';
import { redact, redactValues } from '../internal/redact.js';
import type { OwnBodyHandler } from '../server/node-stream.js';
import { Keyring, type KeyedCaller } from './auth.js';
import { checkBasePath, json, refuse, routePath, safeLog, upstreamFailure } from './http.js';
import { compileAllowList, isCanonicalPath, NEVER_FORWARDED, type AllowList } from './paths.js';
import { forwardedBody, forwardedQuery } from './proxy-request.js';
import { limitOf, MemoryRateLimiter, overRate, type RateLimit, type RateLimiter } from './rate-limit.js';

/** One caller of the proxy and what it may call. */
export interface ApiProxyCaller extends KeyedCaller {
  /** Exact paths (`/cgi-bin/user/info`) and prefixes (`/cgi-bin/menu/*`; `/*` for everything). */
  allow: readonly string[];
  /** Token-bucket limit of this key (calls a minute); default: none. */
  ratePerMinute?: number;
  /** Bucket size (default `ratePerMinute`). */
  burst?: number;
}

/** Options of {@link createApiProxy}. */
export interface ApiProxyOptions {
  /** The account's client: its own AppSecret, or `tokenProvider: remoteTokenProvider(...)`. */
  client: WeChatClient;
  callers: readonly ApiProxyCaller[];
  /** Where the buckets live (default in memory; `RedisRateLimiter` to share them between proxies). */
  rateLimiter?: RateLimiter;
  /** Mount path, e.g. `'/wechat-api'` (default: API paths at the root). */
  basePath?: string;
  /** Cap on a request body (default 12 MiB: a 10 MB media upload and its multipart framing). */
  maxBodyBytes?: number;
  /** Deadline for receiving a request body (default 30 000 ms). */
  bodyTimeoutMs?: number;
  /** Every line is redacted (no token, secret or key). */
  logger?: Logger;
  /** Clock in Unix seconds (of the in-memory rate limiter). */
  now?: () => number;
}

/** The proxy handler: it bounds its own body (`readsOwnBody`), so `toNodeListener` streams it the request. */
export type ApiProxy = OwnBodyHandler;

interface Rights {
  allow: AllowList;
  limit: RateLimit | undefined;
}

/**
 * Creates the API proxy. `GET|POST <api path>?<query>` with `Authorization: Bearer <key>` is
 * forwarded (query, JSON, multipart and binary bodies; binary answers byte for byte) when the
 * path is in the key's allow-list; `GET /healthz` needs no key. Refusals, never forwarded: 401
 * (no or wrong key), 403 (path not allowed, not canonical, or a token endpoint), 400 (the caller
 * sent `access_token`, a repeated query parameter, a malformed body), 405, 408, 413, 429 +
 * `Retry-After`. Platform errcodes come back as WeChat sends them (`{"errcode","errmsg"}`, HTTP
 * 200); transport failures as 502/504 with the upstream code. No answer carries the access_token.
 *
 * @throws {WxmpError} `INVALID_CONFIG` for a missing client, a malformed caller, key, allow-list or option.
 * @example
 * ```ts
 * const proxy = createApiProxy({ client, callers: [{ key: process.env.BIZ_KEY!, allow: ['/cgi-bin/user/info', '/cgi-bin/menu/*'], ratePerMinute: 600 }] })
 * http.createServer(toNodeListener(proxy)).listen(8701, '127.0.0.1')
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html
 */
export function createApiProxy(options: ApiProxyOptions): ApiProxy {
  if (options === null || typeof options !== 'object') throw new WxmpError('INVALID_CONFIG', 'createApiProxy needs an options object');
  const client = options.client;
  if (client === null || typeof client !== 'object' || typeof client.request !== 'function')
    throw new WxmpError('INVALID_CONFIG', 'client must be a WeChatClient');
  const basePath = checkBasePath(options.basePath);
  const maxBodyBytes = bounded(options.maxBodyBytes, 12 * 1024 * 1024, 1, 1 << 30, 'maxBodyBytes');
  const bodyTimeoutMs = bounded(options.bodyTimeoutMs, 30_000, 1, 600_000, 'bodyTimeoutMs');
  const keyring = new Keyring(options.callers, 'callers');
  const rights = new Map<ApiProxyCaller, Rights>();
  options.callers.forEach((c, i) => {
    rights.set(c, { allow: compileAllowList(c.allow, `callers[${i}].allow`), limit: limitOf(c.ratePerMinute, c.burst, `callers[${i}]`) });
  });
  const limiter = options.rateLimiter ?? new MemoryRateLimiter(options.now ? { now: options.now } : {});
  const log = safeLog(options.logger, () => keyring.secrets());
  const scrub = (text: string): string => redactValues(redact(text), keyring.secrets());

  const forward = async (request: Request, path: string, id: string): Promise<Response> => {
    const init: ApiRequestInit = {
      method: request.method as 'GET' | 'POST',
      query: forwardedQuery(new URL(request.url)),
      responseType: 'raw',
      signal: request.signal,
    };
    if (request.method === 'POST') {
      const body = await forwardedBody(request, maxBodyBytes, bodyTimeoutMs);
      if (body !== undefined) init.body = body;
    }
    let out: BinaryResponse;
    try {
      out = await client.request<BinaryResponse>(path, init);
    } catch (e) {
      if (e instanceof WxmpError && e.code === 'API_ERROR') {
        log.debug(`proxy: errcode ${e.errcode} from ${path} for ${id}`, { caller: id, errcode: e.errcode });
        return json(200, { errcode: e.errcode, errmsg: scrub(e.errmsg ?? '') });
      }
      if (e instanceof WxmpError && e.code === 'INVALID_ARGUMENT') throw new WxmpError('CENTRAL_BAD_REQUEST', e.message.replace(/^[A-Z_]+: /, ''));
      log.warn(`proxy: ${path} failed for ${id}: ${e instanceof Error ? e.message : 'unexpected failure'}`, { caller: id });
      return upstreamFailure(e, scrub);
    }
    log.debug(`proxy: 200 ${request.method} ${path} for ${id}`, { caller: id });
    return new Response(out.data as Uint8Array<ArrayBuffer>, { status: 200, headers: answerHeaders(out) });
  };

  const handler = async (request: Request): Promise<Response> => {
    try {
      const path = routePath(request, basePath);
      if (path === undefined) return refuse(new WxmpError('CENTRAL_NOT_FOUND', 'not below the proxy base path'));
      if (path === '/healthz' && request.method === 'GET') return json(200, { status: 'ok' });
      if (request.method !== 'GET' && request.method !== 'POST')
        return refuse(new WxmpError('CENTRAL_METHOD_NOT_ALLOWED', 'use GET or POST'), { allow: 'GET, POST' });
      const who = keyring.identify(request);
      if (who instanceof WxmpError) {
        log.warn(`proxy: 401 ${who.message} (${path})`);
        return refuse(who);
      }
      const r = rights.get(who.caller) as Rights;
      const limited = await overRate(limiter, `proxy:${who.id}`, r.limit, log);
      if (limited) {
        log.warn(`proxy: 429 for ${who.id}`, { caller: who.id });
        return refuse(limited.error, { 'retry-after': String(limited.retryAfter) });
      }
      try {
        if (!isCanonicalPath(path)) throw new WxmpError('CENTRAL_FORBIDDEN', 'the path is not in canonical form (no //, ., .., %-escapes)');
        if (NEVER_FORWARDED.has(path)) throw new WxmpError('CENTRAL_FORBIDDEN', 'token endpoints are never forwarded');
        if (!r.allow.allows(path)) throw new WxmpError('CENTRAL_FORBIDDEN', 'this key may not call this path');
        return await forward(request, path, who.id);
      } catch (e) {
        if (!(e instanceof WxmpError) || !e.code.startsWith('CENTRAL_')) throw e;
        log.warn(`proxy: ${e.message} (${who.id}, ${path.slice(0, 128)})`, { caller: who.id });
        return refuse(e);
      }
    } catch {
      return json(500, { error: 'INTERNAL', message: 'unexpected failure' });
    }
  };
  return Object.assign(handler, { readsOwnBody: true as const });
}

function answerHeaders(out: BinaryResponse): Record<string, string> {
  const h: Record<string, string> = { 'content-type': out.contentType, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
  if (out.filename !== undefined) {
    const ascii = out.filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
    h['content-disposition'] = `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(out.filename)}`;
  }
  return h;
}

function bounded(v: unknown, fallback: number, min: number, max: number, name: string): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) throw new WxmpError('INVALID_CONFIG', `${name} must be a number in ${min}..${max}`);
  return v;
}
