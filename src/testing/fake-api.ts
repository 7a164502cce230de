/**
 * A `fetch`-compatible fake of the WeChat API platform, for tests without network or account.
 */
import { TokenBook, type FakeToken } from './fake-api/tokens.js';

/** A request as the fake saw it. The log keeps raw values (tokens, secrets): never print it. */
export interface FakeCall {
  method: string;
  /** Path without query, e.g. `/cgi-bin/user/info`. */
  path: string;
  url: string;
  query: Record<string, string>;
  /** Parsed JSON, raw text when not JSON, a `FormData`, or `undefined`. */
  body: unknown;
  /** Raw text of a string body. */
  bodyText?: string;
  headers: Record<string, string>;
  /** Fake clock (seconds) when the request arrived. */
  at: number;
  /** Set when the caller aborted (e.g. timed out) before the fake answered. */
  aborted?: boolean;
}

/** What a responder may return: a `Response`, a JSON object, or a bare errcode. */
export type FakeReply = Response | Record<string, unknown> | number;

/** Scripted behaviour for one call. */
export type FakeResponder = (call: FakeCall) => FakeReply | Promise<FakeReply>;

/** Options of {@link createFakeWeChatApi}. */
export interface FakeWeChatApiOptions {
  /** Default `'wx0123456789abcdef'`. */
  appId?: string;
  /** Default `'fake_app_secret_0123456789abcdef'`. */
  appSecret?: string;
  /** Fake clock in Unix seconds (default the system clock); advance it to expire tokens. */
  now?: () => number;
  /** Token lifetime (default 7200). */
  tokenTtlSeconds?: number;
  /** Overlap of old and new tokens (default 300). */
  overlapSeconds?: number;
  /** Latency of every answer in ms (default 0). */
  latencyMs?: number;
  /** Timer used for latency; must reject with `signal.reason` on abort (default: setTimeout-based). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** The fake platform. */
export interface FakeWeChatApi {
  /** Pass as `new WeChatClient({ fetch: api.fetch })`. */
  fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /** Every request received, in order. */
  readonly calls: FakeCall[];
  /** Calls to one path. */
  callsTo(path: string): FakeCall[];
  appId: string;
  appSecret: string;
  /** Token state (issued tokens, current classic/stable token). */
  readonly tokens: TokenBook;
  /** Issues a valid token directly (no call logged), e.g. to seed a cache. */
  issueToken(kind?: 'classic' | 'stable'): FakeToken;
  /** Queues one-shot answers for `path` (consumed in order, before any built-in behaviour). */
  script(path: string, ...replies: (FakeReply | FakeResponder)[]): void;
  /** Replaces the built-in behaviour of `path` for every call (after the queue is empty). */
  route(path: string, responder: FakeResponder): void;
  /** Latency in ms for every path, or for one path. */
  setLatency(ms: number, path?: string): void;
  /** Issues a one-time OAuth code for `openid` (valid `ttlSeconds`, default 300). */
  issueOAuthCode(openid: string, options?: { scope?: string; ttlSeconds?: number }): string;
}

/**
 * Creates a fake WeChat API platform: `/cgi-bin/token` (every fetch supersedes the previous token
 * after the overlap, then 40001 "not latest"), `/cgi-bin/stable_token` (same token while valid,
 * early rotation with overlap, `force_refresh` invalidates the previous one), access-token checks on
 * every other endpoint (41001 missing, 40014 unknown, 42001 expired, 40001 superseded),
 * `getticket`, OAuth (`/sns/*`, single-use codes: 40163 used, 40029 unknown, 42003 expired),
 * binary `media/get`, scripted answers, latency and a call log. Unknown paths answer
 * `{errcode: 0, errmsg: 'ok'}` so every API group can be exercised.
 *
 * @example
 * const api = createFakeWeChatApi()
 * const client = new WeChatClient({ appId: api.appId, appSecret: api.appSecret, fetch: api.fetch })
 * api.script('/cgi-bin/message/template/send', 45009)
 * await client.request('/cgi-bin/message/template/send', { body: {} }) // throws API_ERROR 45009
 * assert.equal(api.callsTo('/cgi-bin/stable_token').length, 1)
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/getStableAccessToken.html
 */
export function createFakeWeChatApi(options: FakeWeChatApiOptions = {}): FakeWeChatApi {
  const appId = options.appId ?? 'wx0123456789abcdef';
  const appSecret = options.appSecret ?? 'fake_app_secret_0123456789abcdef';
  const now = options.now ?? (() => Date.now() / 1000);
  const sleep = options.sleep ?? abortableSleep;
  const book = new TokenBook(now, options.tokenTtlSeconds ?? 7200, options.overlapSeconds ?? 300);
  const calls: FakeCall[] = [];
  const queues = new Map<string, (FakeReply | FakeResponder)[]>();
  const routes = new Map<string, FakeResponder>();
  const latency = new Map<string, number>();
  let defaultLatency = options.latencyMs ?? 0;
  const tickets = new Map<string, { ticket: string; expiresAt: number }>();
  const codes = new Map<string, { openid: string; scope: string; expiresAt: number; used: boolean }>();
  const oauthTokens = new Map<string, { openid: string; expiresAt: number }>();
  const refreshTokens = new Map<string, { openid: string; scope: string }>();
  let seq = 0;

  const builtin = (c: FakeCall): FakeReply => {
    const body = (c.body ?? {}) as Record<string, unknown>;
    switch (c.path) {
      case '/cgi-bin/token': {
        if (c.query['grant_type'] !== 'client_credential') return err(40002, 'invalid grant_type');
        const bad = credentialError(c.query['appid'], c.query['secret']);
        if (bad) return bad;
        const t = book.issueClassic();
        return { access_token: t.value, expires_in: t.expiresAt - Math.floor(now()) };
      }
      case '/cgi-bin/stable_token': {
        if (c.method !== 'POST') return err(43002, 'require POST method');
        if (body['grant_type'] !== 'client_credential') return err(40002, 'invalid grant_type');
        const bad = credentialError(body['appid'], body['secret']);
        if (bad) return bad;
        const t = book.issueStable(body['force_refresh'] === true);
        return { access_token: t.value, expires_in: t.expiresAt - Math.floor(now()) };
      }
      case '/sns/oauth2/access_token': {
        const bad = credentialError(c.query['appid'], c.query['secret']);
        if (bad) return bad;
        const code = codes.get(c.query['code'] ?? '');
        if (!code) return err(40029, 'invalid code');
        if (code.used) return err(40163, 'code been used');
        if (now() >= code.expiresAt) return err(42003, 'code expired');
        code.used = true;
        return oauthGrant(code.openid, code.scope);
      }
      case '/sns/oauth2/refresh_token': {
        const r = refreshTokens.get(c.query['refresh_token'] ?? '');
        return r ? oauthGrant(r.openid, r.scope) : err(40030, 'invalid refresh_token');
      }
      case '/sns/userinfo':
      case '/sns/auth': {
        const t = oauthTokens.get(c.query['access_token'] ?? '');
        if (!t || t.openid !== c.query['openid']) return err(40001, 'invalid credential, access_token is invalid or not latest');
        if (now() >= t.expiresAt) return err(42001, 'access_token expired');
        return c.path === '/sns/auth'
          ? { errcode: 0, errmsg: 'ok' }
          : { openid: t.openid, nickname: '测试用户', sex: 0, province: '', city: '', country: '', headimgurl: '', privilege: [] };
      }
    }
    if (c.path === '/cgi-bin/showqrcode') {
      return c.query['ticket'] ? new Response(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]), { headers: { 'content-type': 'image/jpg' } }) : new Response('', { status: 404 });
    }
    if (c.path.startsWith('/sns/') || c.path === '/cgi-bin/clear_quota/v2') return { errcode: 0, errmsg: 'ok' };
    const verdict = book.check(c.query['access_token'] ?? null);
    if (verdict) return err(verdict.errcode, verdict.errmsg);
    if (c.path === '/cgi-bin/ticket/getticket') {
      const type = c.query['type'] ?? 'jsapi';
      if (type !== 'jsapi' && type !== 'wx_card') return err(40097, 'invalid args');
      let t = tickets.get(type);
      if (!t || now() >= t.expiresAt) {
        t = { ticket: `FAKE_${type.toUpperCase()}_TICKET_${++seq}`, expiresAt: Math.floor(now()) + 7200 };
        tickets.set(type, t);
      }
      return { errcode: 0, errmsg: 'ok', ticket: t.ticket, expires_in: t.expiresAt - Math.floor(now()) };
    }
    if (c.path === '/cgi-bin/media/get' || c.path === '/cgi-bin/media/get/jssdk') {
      const id = c.query['media_id'];
      if (!id) return new Response('{"errcode":40007,"errmsg":"invalid media_id"}', { headers: { 'content-type': 'text/plain' } });
      return new Response(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]), {
        headers: { 'content-type': 'image/jpeg', 'content-disposition': `attachment; filename="${id.replace(/[^\w.-]/g, '_')}.jpg"` },
      });
    }
    return { errcode: 0, errmsg: 'ok' };
  };

  function credentialError(appid: unknown, secret: unknown): FakeReply | undefined {
    if (appid === undefined || appid === '') return err(41002, 'appid missing');
    if (appid !== appId) return err(40013, 'invalid appid');
    if (secret === undefined || secret === '') return err(41004, 'appsecret missing');
    if (secret !== appSecret) return err(40125, 'invalid appsecret');
    return undefined;
  }

  function oauthGrant(openid: string, scope: string): Record<string, unknown> {
    const access = `FAKE_OAUTH_ACCESS_${++seq}_${Math.random().toString(36).slice(2, 10)}`;
    const refresh = `FAKE_OAUTH_REFRESH_${seq}_${Math.random().toString(36).slice(2, 10)}`;
    oauthTokens.set(access, { openid, expiresAt: Math.floor(now()) + 7200 });
    refreshTokens.set(refresh, { openid, scope });
    return { access_token: access, expires_in: 7200, refresh_token: refresh, openid, scope };
  }

  const fakeFetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const signal = init.signal ?? undefined;
    if (signal?.aborted) throw signal.reason ?? new DOMException('aborted', 'AbortError');
    const call = toCall(url, init, now());
    calls.push(call);
    try {
      const ms = latency.get(call.path) ?? defaultLatency;
      if (ms > 0) await sleep(ms, signal);
      if (signal?.aborted) throw signal.reason ?? new DOMException('aborted', 'AbortError');
    } catch (e) {
      call.aborted = true;
      throw e;
    }
    const queue = queues.get(call.path);
    const next = queue?.shift();
    const reply = next !== undefined ? await (typeof next === 'function' ? next(call) : next) : await (routes.get(call.path) ?? builtin)(call);
    return toResponse(reply);
  };

  return {
    fetch: fakeFetch,
    calls,
    callsTo: (path) => calls.filter((c) => c.path === path),
    appId,
    appSecret,
    tokens: book,
    issueToken: (kind = 'stable') => (kind === 'stable' ? book.issueStable(false) : book.issueClassic()),
    script(path, ...replies) {
      const q = queues.get(path) ?? [];
      q.push(...replies);
      queues.set(path, q);
    },
    route(path, responder) {
      routes.set(path, responder);
    },
    setLatency(ms, path) {
      if (path === undefined) defaultLatency = ms;
      else latency.set(path, ms);
    },
    issueOAuthCode(openid, o = {}) {
      const code = `FAKECODE${++seq}${Math.random().toString(36).slice(2, 10)}`;
      codes.set(code, { openid, scope: o.scope ?? 'snsapi_base', expiresAt: now() + (o.ttlSeconds ?? 300), used: false });
      return code;
    },
  };
}

function err(errcode: number, errmsg: string): Record<string, unknown> {
  return { errcode, errmsg: `${errmsg} rid: fake-${errcode}` };
}

function toResponse(reply: FakeReply): Response {
  if (reply instanceof Response) return reply;
  const body = typeof reply === 'number' ? err(reply, reply === -1 ? 'system error' : `scripted error ${reply}`) : reply;
  return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json; encoding=utf-8' } });
}

function toCall(url: URL, init: RequestInit, at: number): FakeCall {
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((v, k) => (headers[k] = v));
  const call: FakeCall = { method: (init.method ?? 'GET').toUpperCase(), path: url.pathname, url: url.href, query: Object.fromEntries(url.searchParams), body: undefined, headers, at };
  const b = init.body;
  if (typeof b === 'string') {
    call.bodyText = b;
    try {
      call.body = JSON.parse(b);
    } catch {
      call.body = b;
    }
  } else if (b !== undefined && b !== null) {
    call.body = b;
  }
  return call;
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal?.reason ?? new DOMException('aborted', 'AbortError'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
