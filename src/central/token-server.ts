/**
 * `createTokenServer`: the access_token central server (AccessToken 中控服务器) of the official
 * architecture, as a Web `(Request) => Promise<Response>` handler. One `WeChatClient` per account
 * owns the token (cache, lock with double-check, single-flight, compare-and-invalidate); this
 * module adds the HTTP contract, caller keys and rate limits, the active refresh and the
 * fallback to the previous token while it is valid.
 */
import { WeChatClient } from '../client/client.js';
import type { FetchLike, Lock, Logger, TokenCache } from '../client/types.js';
import { WxmpError } from '../errors.js';
import { redact, redactValues } from '../internal/redact.js';
import type { OwnBodyHandler } from '../server/node-stream.js';
import { Keyring, type KeyedCaller } from './auth.js';
import { checkBasePath, json, refuse, routePath, safeLog, upstreamFailure } from './http.js';
import { limitOf, MemoryRateLimiter, overRate, type RateLimit, type RateLimiter } from './rate-limit.js';
import { defaultSchedule, Refresher, type Schedule } from './refresher.js';
import { tokenRoutes, type Route, type TokenServerContext } from './token-routes.js';

/** One account the token server holds the token of. */
export interface TokenServerAccount {
  appId: string;
  /** Stays on the token server: callers only ever get tokens and tickets. */
  appSecret: string;
}

/** One caller (a business server or an API proxy) and the accounts it may use. */
export interface TokenServerClient extends KeyedCaller {
  /** The appIds this key may ask for, or `'*'` for every configured account. */
  appIds: readonly string[] | '*';
  /** Token-bucket limit of this key (calls a minute); default: none. */
  ratePerMinute?: number;
  /** Bucket size (default `ratePerMinute`). */
  burst?: number;
}

/** Options of {@link createTokenServer}. */
export interface TokenServerOptions {
  accounts: readonly TokenServerAccount[];
  clients: readonly TokenServerClient[];
  /** As `WeChatClient`: default `'https://api.weixin.qq.com'`. */
  baseUrl?: string;
  fetch?: FetchLike;
  /** Share one (e.g. `RedisTokenCache`) between several token servers, with `lock`. */
  tokenCache?: TokenCache;
  /** e.g. `RedisLock`: one refresh across instances. */
  lock?: Lock;
  /** Clock in Unix seconds. */
  now?: () => number;
  /** Default `'stable'` (`POST /cgi-bin/stable_token`). */
  tokenMode?: 'stable' | 'classic';
  /** Refresh window before expiry in seconds (default 300, the platform's overlap). */
  refreshSkewSeconds?: number;
  /** Default `true`: tokens are fetched at start and refreshed in the background before expiry. */
  activeRefresh?: boolean;
  /** Where the buckets of `ratePerMinute` live (default in memory; `RedisRateLimiter` to share them). */
  rateLimiter?: RateLimiter;
  /** Mount path, e.g. `'/central'` (default: routes at the root). */
  basePath?: string;
  /** Every line is redacted (no token, secret or key). */
  logger?: Logger;
  /** Timer of the active refresh (tests). */
  schedule?: Schedule;
  /** Random source in [0, 1) (jitter). */
  random?: () => number;
}

/** The handler, plus `close()` to stop the background refresh. */
export type TokenServer = ((request: Request) => Promise<Response>) & {
  /** Stops the active refresh; the handler keeps answering (refreshing on demand). */
  close(): void;
} & OwnBodyHandler;

const APPID_RE = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Creates the token server. Routes (all answers JSON, `cache-control: no-store`):
 * `GET /token?appid=A` → `{"access_token","expires_at"}`; `POST /token/invalidate`
 * `{"appid","rejected"}` → a token that is not the rejected one (a stale report is answered with
 * the current token, without a fetch); `GET /ticket?appid=A&type=jsapi|wx_card` →
 * `{"ticket","expires_at"}`; `GET /healthz` (no key). Refusals: 400, 401 (missing or wrong key,
 * constant-time), 403 (appid not allowed for the key), 404, 405, 413, 429 + `Retry-After`, and
 * 502/503/504 with the upstream code when the platform fails and no valid token is left.
 *
 * @throws {WxmpError} `INVALID_CONFIG` for a malformed account, client, key or option.
 * @example
 * ```ts
 * const server = createTokenServer({ accounts: [{ appId, appSecret }], clients: [{ key: process.env.BIZ_KEY!, appIds: [appId] }] })
 * http.createServer(toNodeListener(server)).listen(8700, '127.0.0.1')
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_access_token.html
 */
export function createTokenServer(options: TokenServerOptions): TokenServer {
  if (options === null || typeof options !== 'object') throw new WxmpError('INVALID_CONFIG', 'createTokenServer needs an options object');
  const now = options.now ?? (() => Date.now() / 1000);
  const skew = options.refreshSkewSeconds ?? 300;
  const basePath = checkBasePath(options.basePath);
  const clients = accountClients(options, now);
  const keyring = new Keyring(options.clients, 'clients');
  const secrets = [...options.accounts.map((a) => a.appSecret), ...keyring.secrets()];
  const log = safeLog(options.logger, () => secrets);
  const scrub = (text: string): string => redactValues(redact(text), secrets);
  const access = new Map<TokenServerClient, { appIds: ReadonlySet<string> | '*'; limit: RateLimit | undefined }>();
  options.clients.forEach((c, i) => {
    access.set(c, { appIds: appIdsOf(c.appIds, clients, `clients[${i}]`), limit: limitOf(c.ratePerMinute, c.burst, `clients[${i}]`) });
  });
  const limiter = options.rateLimiter ?? new MemoryRateLimiter({ now });
  const ctx: TokenServerContext = { clients, now, log, lastGood: new Map() };
  const routes = tokenRoutes(ctx);
  const refresher = new Refresher({
    clients,
    now,
    random: options.random ?? Math.random,
    skewSeconds: skew,
    schedule: options.schedule ?? defaultSchedule,
    log,
    onToken: (appId, accessToken, expiresAt) => ctx.lastGood.set(appId, { accessToken, expiresAt }),
  });
  if (options.activeRefresh ?? true) refresher.start();

  const run = async (route: Route, request: Request): Promise<Response> => {
    const who = keyring.identify(request);
    if (who instanceof WxmpError) {
      log.warn(`token-server: 401 ${who.message}`);
      return refuse(who);
    }
    const rights = access.get(who.caller) as { appIds: ReadonlySet<string> | '*'; limit: RateLimit | undefined };
    const limited = await overRate(limiter, `token:${who.id}`, rights.limit, log);
    if (limited) {
      log.warn(`token-server: 429 for ${who.id}`, { caller: who.id });
      return refuse(limited.error, { 'retry-after': String(limited.retryAfter) });
    }
    const may = (appId: unknown): string => {
      if (typeof appId !== 'string' || !APPID_RE.test(appId)) throw new WxmpError('CENTRAL_BAD_REQUEST', 'appid must be 1-64 characters of [A-Za-z0-9_-]');
      if (rights.appIds !== '*' ? !rights.appIds.has(appId) : !clients.has(appId)) throw new WxmpError('CENTRAL_FORBIDDEN', 'this key may not use this appid');
      return appId;
    };
    try {
      const response = await route.run(request, may);
      log.debug(`token-server: ${response.status} ${route.method} ${route.path} for ${who.id}`, { caller: who.id });
      return response;
    } catch (e) {
      if (e instanceof WxmpError && e.code.startsWith('CENTRAL_')) {
        log.warn(`token-server: ${e.message} (${who.id})`, { caller: who.id });
        return refuse(e);
      }
      log.warn(`token-server: ${route.path} failed: ${e instanceof Error ? e.message : 'unexpected failure'}`, { caller: who.id });
      return upstreamFailure(e, scrub);
    }
  };

  const handler = async (request: Request): Promise<Response> => {
    try {
      const path = routePath(request, basePath);
      const route = path === undefined ? undefined : routes.get(path);
      if (!route) return refuse(new WxmpError('CENTRAL_NOT_FOUND', 'no such route: GET /token, POST /token/invalidate, GET /ticket, GET /healthz'));
      if (request.method !== route.method) return refuse(new WxmpError('CENTRAL_METHOD_NOT_ALLOWED', `use ${route.method}`), { allow: route.method });
      return await (route.open ? route.run(request, String) : run(route, request));
    } catch {
      return json(500, { error: 'INTERNAL', message: 'unexpected failure' });
    }
  };
  return Object.assign(handler, { close: () => refresher.stop(), readsOwnBody: true as const });
}

function accountClients(o: TokenServerOptions, now: () => number): Map<string, WeChatClient> {
  if (!Array.isArray(o.accounts) || o.accounts.length === 0)
    throw new WxmpError('INVALID_CONFIG', 'accounts must be a non-empty array of { appId, appSecret }');
  const out = new Map<string, WeChatClient>();
  o.accounts.forEach((a, i) => {
    if (a === null || typeof a !== 'object' || typeof a.appSecret !== 'string')
      throw new WxmpError('INVALID_CONFIG', `accounts[${i}] needs appId and appSecret`);
    if (out.has(a.appId)) throw new WxmpError('INVALID_CONFIG', `accounts[${i}].appId is listed twice`);
    const client = new WeChatClient({
      appId: a.appId,
      appSecret: a.appSecret,
      now,
      ...pick(o, ['baseUrl', 'fetch', 'tokenCache', 'lock', 'tokenMode', 'refreshSkewSeconds', 'logger', 'random']),
    });
    out.set(a.appId, client);
  });
  return out;
}

function appIdsOf(v: unknown, clients: ReadonlyMap<string, WeChatClient>, where: string): ReadonlySet<string> | '*' {
  if (v === '*') return '*';
  if (!Array.isArray(v) || v.length === 0) throw new WxmpError('INVALID_CONFIG', `${where}.appIds must be '*' or a non-empty array of configured appIds`);
  for (const id of v)
    if (typeof id !== 'string' || !clients.has(id)) throw new WxmpError('INVALID_CONFIG', `${where}.appIds names an appId that is not in accounts`);
  return new Set(v as string[]);
}

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
