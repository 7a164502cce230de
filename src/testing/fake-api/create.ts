/**
 * A `fetch`-compatible fake of the WeChat API platform, for tests without network or account:
 * every endpoint the client wraps answers like the platform, and state carries over between calls.
 */
import type { MenuButton } from '../../client/apis/menu.js';
import { accountPlatform } from './account.js';
import { articleRoutes } from './articles.js';
import { componentPlatform, type FakeComponent, type FakeComponentOptions } from './component.js';
import { datacubeRoutes } from './datacube.js';
import { kfRoutes } from './kf.js';
import {
  abortableSleep,
  err,
  ok,
  randomKey,
  toCall,
  type FakeCall,
  type FakeReply,
  type FakeResponder,
  type Follower,
  type Platform,
  type Routes,
} from './kit.js';
import { mediaPlatform } from './media.js';
import { menuRoutes, SAMPLE_MENU } from './menu.js';
import { messageRoutes } from './messages.js';
import { oauthPlatform } from './oauth.js';
import { quotaPlatform } from './quota.js';
import { TokenBook, tokenRoutes, type FakeToken } from './tokens.js';
import { userRoutes } from './users.js';

export type { FakeCall, FakeReply, FakeResponder } from './kit.js';
export type { FakeComponent, FakeComponentOptions } from './component.js';

/** The followers a fake account starts with; the first is the simulator's default sender. */
export const DEFAULT_FOLLOWERS: readonly string[] = ['oTestUser000000000000000000', 'oFakeFollower00000000000001', 'oFakeFollower00000000000002'];

/** Options of {@link createFakeWeChatApi}. */
export interface FakeWeChatApiOptions {
  /** Default `'wx0123456789abcdef'`. */
  appId?: string;
  /** Default `'fake_app_secret_0123456789abcdef'`. */
  appSecret?: string;
  /** Fake clock in Unix seconds (default the system clock); advance it to expire tokens, codes, QR codes. */
  now?: () => number;
  /** Token lifetime (default 7200). */
  tokenTtlSeconds?: number;
  /** Overlap of old and new tokens (default 300). */
  overlapSeconds?: number;
  /** Latency of every answer in ms (default 0). */
  latencyMs?: number;
  /** Timer used for latency; must reject with `signal.reason` on abort (default: setTimeout-based). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The account's followers, in follow order (default {@link DEFAULT_FOLLOWERS}). */
  followers?: readonly string[];
  /** OpenIDs per page of `user/get`, `user/tag/get` and the blacklist (default 10000, as WeChat). */
  pageSize?: number;
  /** The menu the account starts with (default a two-button sample menu); `null` for none. */
  menu?: readonly MenuButton[] | null;
  /** Daily call limits by path (e.g. `{ '/cgi-bin/message/mass/preview': 100 }`): then 45009. */
  dailyLimits?: Readonly<Record<string, number>>;
  /** The Open Platform component the fake also plays (`api.component`); its authorizers share this account's state. */
  component?: FakeComponentOptions;
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
  /** Issues a one-time OAuth code for `openid` (scope default `snsapi_base`, valid `ttlSeconds`, default 300). */
  issueOAuthCode(openid: string, options?: { scope?: string; ttlSeconds?: number }): string;
  /**
   * Plays the user who opens an `oauth.authorizeUrl(...)` and consents: returns the redirect URL
   * with a fresh `code` (of the URL's scope) and the `state`.
   */
  authorize(authorizeUrl: string, openid?: string): string;
  /** The current followers' OpenIDs, in follow order. */
  followers(): string[];
  /** Makes `openid` a follower (as a `subscribe` push would). */
  follow(openid: string): void;
  /** Removes a follower (as an `unsubscribe` push would). */
  unfollow(openid: string): void;
  /** The scene of a live QR code ticket (what a `SCAN` push would carry), else `undefined`. */
  qrcodeScene(ticket: string): string | undefined;
  /**
   * The Open Platform (第三方平台): verify tickets, component tokens, pre-auth codes, the
   * authorization page, api_query_auth, authorizer tokens and revocation. Authorizer tokens work
   * on every endpoint (on this account's state).
   */
  readonly component: FakeComponent;
}

// Endpoints answered without an access_token (the others check it first).
const OPEN_PATHS = new Set(['/cgi-bin/showqrcode', '/cgi-bin/clear_quota/v2']);

/**
 * Creates a fake WeChat API platform. Every endpoint the client wraps answers, unscripted, with a
 * body of the documented shape, and state carries over where the platform keeps it: the menu
 * (create → get, trymatch, get_current_selfmenu_info), followers, tags and the blacklist, media,
 * materials, drafts and published articles, comments, kf accounts and sessions, QR code tickets
 * (accepted by `showqrcode` while they live), short keys, template and subscription templates,
 * mass sends (`clientmsgid` repeats are 45065) and per-path daily quotas (`clear_quota` resets
 * them, 10 times a month). Tokens: `/cgi-bin/token` supersedes the previous token after the
 * overlap (then 40001), `stable_token` keeps it while valid, every other endpoint checks it
 * (41001 missing, 40014 unknown, 42001 expired, 40001 superseded). OAuth codes are single-use
 * (40163 used, 40029 unknown, 42003 expired) and a `snsapi_base` token cannot read the profile
 * (48001). Error answers carry a `rid` that `openapi/rid/get` explains. Identifiers the platform
 * cannot know (template ids set on the console, OpenIDs in customer-service sends) are accepted.
 * The Open Platform flow is modelled too (`api.component`: tickets, component tokens, pre-auth
 * codes, api_query_auth, authorizer tokens refreshed with their refresh token, revocation).
 * Unknown paths answer `{errcode: 0, errmsg: 'ok'}`; `script` and `route` override any endpoint.
 *
 * @throws never itself; `authorize()` throws `INVALID_ARGUMENT` for a URL that is not an authorize
 * URL of this appid. Everything else is an errcode in the answer, as on the platform.
 * @example
 * ```ts
 * const api = createFakeWeChatApi()
 * const client = new WeChatClient({ appId: api.appId, appSecret: api.appSecret, fetch: api.fetch })
 * const { ticket } = await client.qrcode.create({ type: 'temporary', sceneStr: 'login:42' })
 * api.qrcodeScene(ticket) // 'login:42'
 * api.script('/cgi-bin/message/template/send', 45009) // the next send answers errcode 45009
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html
 */
export function createFakeWeChatApi(options: FakeWeChatApiOptions = {}): FakeWeChatApi {
  const appId = options.appId ?? 'wx0123456789abcdef';
  const appSecret = options.appSecret ?? 'fake_app_secret_0123456789abcdef';
  const now = options.now ?? (() => Date.now() / 1000);
  const sleep = options.sleep ?? abortableSleep;
  const book = new TokenBook(now, options.tokenTtlSeconds ?? 7200, options.overlapSeconds ?? 300);
  const calls: FakeCall[] = [];
  const queues = new Map<string, (FakeReply | FakeResponder)[]>();
  const custom = new Map<string, FakeResponder>();
  const latency = new Map<string, number>();
  let defaultLatency = options.latencyMs ?? 0;
  let seq = 0;

  const followers = new Map<string, Follower>();
  const p: Platform = {
    appId,
    now: () => Math.floor(now()),
    nextId: () => ++seq,
    key: randomKey,
    followers,
    follow(openid) {
      let f = followers.get(openid);
      if (!f) followers.set(openid, (f = { openid, subscribe_time: Math.floor(now()), remark: '', tagid_list: [], language: 'zh_CN' }));
      return f;
    },
    credentialError(appid, secret) {
      if (appid === undefined || appid === '') return err(41002, 'appid missing');
      if (appid !== appId) return err(40013, 'invalid appid');
      if (secret === undefined || secret === '') return err(41004, 'appsecret missing');
      if (secret !== appSecret) return err(40125, 'invalid appsecret');
      return undefined;
    },
  };
  for (const openid of options.followers ?? DEFAULT_FOLLOWERS) p.follow(openid);

  const tokens = tokenRoutes(book, p);
  const openPlatform = componentPlatform(p, options.component ?? {}, options.tokenTtlSeconds ?? 7200, options.overlapSeconds ?? 300);
  const oauth = oauthPlatform(p, openPlatform.oauth);
  const media = mediaPlatform(p);
  const account = accountPlatform(p);
  const quota = quotaPlatform(p, options.dailyLimits ?? {});
  const routes: Routes = {
    ...tokens.authenticated,
    ...menuRoutes(p, options.menu === undefined ? SAMPLE_MENU : options.menu),
    ...userRoutes(p, options.pageSize ?? 10_000),
    ...media.routes,
    ...articleRoutes(p, media.isCover),
    ...messageRoutes(p),
    ...kfRoutes(p),
    ...account.routes,
    ...datacubeRoutes(),
    ...quota.routes,
  };

  const builtin = (c: FakeCall): FakeReply => {
    const open = tokens.open[c.path];
    if (open) return open(c);
    if (c.path.startsWith('/sns/')) {
      const sns = oauth.routes[c.path];
      return sns ? sns(c) : ok();
    }
    if (c.path.startsWith('/cgi-bin/component/')) return (openPlatform.routes[c.path] ?? openPlatform.other)(c);
    if (!OPEN_PATHS.has(c.path)) {
      const token = c.query['access_token'] ?? null;
      const authorizer = token === null ? undefined : openPlatform.check(token);
      const verdict = authorizer ? authorizer.verdict : book.check(token);
      if (verdict) return err(verdict.errcode, verdict.errmsg);
      const limited = quota.count(c.path);
      if (limited) return limited;
    }
    const route = routes[c.path];
    return route ? route(c) : ok();
  };

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
    const next = queues.get(call.path)?.shift();
    if (next !== undefined) return respond(call, await (typeof next === 'function' ? next(call) : next), false);
    const responder = custom.get(call.path);
    if (responder) return respond(call, await responder(call), false);
    if (call.body instanceof FormData) await media.prepare(call);
    return respond(call, builtin(call), true);
  };

  /** The answer on the wire; built-in errors (and bare scripted errcodes) get a `rid`, scripted objects stay as given. */
  const respond = (call: FakeCall, reply: FakeReply, builtIn: boolean): Response => {
    if (reply instanceof Response) return reply;
    const body = typeof reply === 'number' ? quota.withRid(call, scripted(reply)) : builtIn ? quota.withRid(call, reply) : reply;
    return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json; encoding=utf-8' } });
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
      custom.set(path, responder);
    },
    setLatency(ms, path) {
      if (path === undefined) defaultLatency = ms;
      else latency.set(path, ms);
    },
    issueOAuthCode: (openid, o = {}) => oauth.issueCode(openid, o.scope ?? 'snsapi_base', o.ttlSeconds ?? 300),
    authorize: (authorizeUrl, openid = DEFAULT_FOLLOWERS[0] as string) => oauth.authorize(authorizeUrl, openid),
    followers: () => [...followers.keys()],
    follow: (openid) => void p.follow(openid),
    unfollow: (openid) => void followers.delete(openid),
    qrcodeScene: account.qrcodeScene,
    component: openPlatform.component,
  };
}

function scripted(errcode: number): Record<string, unknown> {
  return err(errcode, errcode === -1 ? 'system error' : `scripted error ${errcode}`);
}
