/**
 * The routes of the token server once the caller is authenticated: `/token` (with the fallback to
 * the previous token while it is valid), `/token/invalidate` (passive refresh, 被动刷新, with
 * compare-before-invalidate) and `/ticket`. Each answers JSON or throws a `CENTRAL_*` refusal or an
 * upstream error for the server to answer.
 */
import type { WeChatClient } from '../client/client.js';
import type { TokenCacheEntry } from '../client/types.js';
import { WxmpError } from '../errors.js';
import { decodeUtf8Strict } from '../internal/bytes.js';
import { json, readCapped, type SafeLog } from './http.js';

/** What the routes share with the server. */
export interface TokenServerContext {
  clients: ReadonlyMap<string, WeChatClient>;
  now: () => number;
  log: SafeLog;
  /** The last token obtained per account: served while valid when a refresh fails. */
  lastGood: Map<string, TokenCacheEntry>;
}

/** One route: its method and what it answers; `may(appid)` checks the caller's right to an appid. */
export interface Route {
  method: 'GET' | 'POST';
  path: string;
  /** Answered without a key (health checks). */
  open?: true;
  run(request: Request, may: (appId: unknown) => string): Promise<Response>;
}

const MAX_BODY = 4096;
const BODY_TIMEOUT_MS = 5000;

/** The routes by path. */
export function tokenRoutes(ctx: TokenServerContext): Map<string, Route> {
  const client = (appId: string): WeChatClient => ctx.clients.get(appId) as WeChatClient;
  const answer = (appId: string, accessToken: string, expiresAt: number | undefined): Response => {
    // Accounts always have an AppSecret here, so the platform announced an expiry.
    const at = expiresAt ?? Math.floor(ctx.now());
    ctx.lastGood.set(appId, { accessToken, expiresAt: at });
    return json(200, { access_token: accessToken, expires_at: at });
  };
  /** The previous token while it is valid and not the rejected one, else the failure. */
  const fallback = (appId: string, e: unknown, rejected?: string): Response => {
    const old = ctx.lastGood.get(appId);
    if (!old || old.accessToken === rejected || old.expiresAt <= ctx.now()) throw e;
    ctx.log.warn(
      `token-server: refresh of ${appId} failed (${e instanceof WxmpError ? e.code : 'error'}); serving the previous token, valid for ${Math.floor(old.expiresAt - ctx.now())} s`,
      { appId },
    );
    return json(200, { access_token: old.accessToken, expires_at: old.expiresAt });
  };
  const routes: Route[] = [
    { method: 'GET', path: '/healthz', open: true, run: async () => json(200, { status: 'ok' }) },
    {
      method: 'GET',
      path: '/token',
      async run(request, may) {
        const appId = may(new URL(request.url).searchParams.get('appid') ?? undefined);
        try {
          const e = await client(appId).getAccessTokenEntry();
          return answer(appId, e.accessToken, e.expiresAt);
        } catch (e) {
          return fallback(appId, e);
        }
      },
    },
    {
      method: 'POST',
      path: '/token/invalidate',
      async run(request, may) {
        const body = await readJsonObject(request);
        const appId = may(body['appid']);
        const rejected = body['rejected'];
        if (typeof rejected !== 'string' || rejected.length === 0 || rejected.length > 2048)
          throw new WxmpError('CENTRAL_BAD_REQUEST', 'rejected must be the token the platform refused');
        if (ctx.lastGood.get(appId)?.accessToken === rejected) ctx.lastGood.delete(appId);
        let e: { accessToken: string; expiresAt?: number };
        try {
          e = await client(appId).getAccessTokenEntry({ rejectedToken: rejected });
        } catch (err) {
          return fallback(appId, err, rejected);
        }
        // stable_token in normal mode hands out the current token again while the platform
        // holds it valid: never answer the rejected token as if it were a new one.
        if (e.accessToken === rejected) throw new WxmpError('TOKEN_INVALID_RESPONSE', 'the platform still issues the rejected token');
        return answer(appId, e.accessToken, e.expiresAt);
      },
    },
    {
      method: 'GET',
      path: '/ticket',
      async run(request, may) {
        const q = new URL(request.url).searchParams;
        const appId = may(q.get('appid') ?? undefined);
        const type = q.get('type') ?? 'jsapi';
        if (type !== 'jsapi' && type !== 'wx_card') throw new WxmpError('CENTRAL_BAD_REQUEST', 'type must be jsapi or wx_card');
        const t = await client(appId).jssdk.getTicketEntry(type);
        return json(200, { ticket: t.ticket, expires_at: t.expiresAt });
      },
    },
  ];
  return new Map(routes.map((r) => [r.path, r]));
}

/** The body as a JSON object (at most 4 KiB). */
async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
  const text = decodeUtf8Strict(await readCapped(request, MAX_BODY, BODY_TIMEOUT_MS));
  let v: unknown;
  try {
    v = text === undefined ? undefined : JSON.parse(text);
  } catch {
    v = undefined;
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw new WxmpError('CENTRAL_BAD_REQUEST', 'the body must be a JSON object {"appid": …, "rejected": …}');
  return v as Record<string, unknown>;
}
