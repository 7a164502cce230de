// API quotas (接口调用次数) and request ids of the fake platform: calls are counted per path and per
// day, a daily limit (set per path) answers 45009 once reached, `clear_quota` resets the counts
// (10 times a month, then 48006), and every error carries a `rid` that `openapi/rid/get` explains.
import { bodyOf, chinaDate, err, ok, text, type FakeCall, type Platform, type Routes } from './kit.js';

const DEFAULT_DAILY_LIMIT = 100_000;
const CLEARS_PER_MONTH = 10;

/** Quota bookkeeping and the `rid` log. */
export interface QuotaPlatform {
  routes: Routes;
  /** Counts an authenticated call; the 45009 answer when the path's daily limit is reached. */
  count(path: string): Record<string, unknown> | undefined;
  /** Gives an error answer a request id, remembered for `openapi/rid/get`. */
  withRid(call: FakeCall, answer: Record<string, unknown>): Record<string, unknown>;
}

/**
 * Per-path daily call counts (with optional limits), quota resets and the `rid` log of the fake.
 *
 * @example
 * ```ts
 * const quota = quotaPlatform(platform, { '/cgi-bin/message/mass/preview': 100 })
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/openApi/get_api_quota.html
 */
export function quotaPlatform(p: Platform, limits: Readonly<Record<string, number>>): QuotaPlatform {
  let day = '';
  const used = new Map<string, number>();
  const clears: number[] = []; // when clear_quota succeeded
  const rids = new Map<string, { call: FakeCall; response: string }>();

  const today = () => {
    const d = chinaDate(p.now());
    if (d !== day) {
      day = d;
      used.clear();
    }
  };
  const clear = () => {
    const month = chinaDate(p.now()).slice(0, 7);
    if (clears.filter((t) => chinaDate(t).startsWith(month)).length >= CLEARS_PER_MONTH)
      return err(48006, 'forbid to clear quota because of reaching the limit');
    clears.push(p.now());
    used.clear();
    return ok();
  };

  const routes: Routes = {
    '/cgi-bin/openapi/quota/get': (c) => {
      today();
      const path = text(bodyOf(c).cgi_path);
      if (path === undefined || !path.startsWith('/')) return err(76021, 'cgi_path not found');
      const limit = limits[path] ?? DEFAULT_DAILY_LIMIT;
      const n = used.get(path) ?? 0;
      return { quota: { daily_limit: limit, used: n, remain: Math.max(0, limit - n) }, rate_limit: { call_count: 5000, refresh_second: 60 } };
    },
    '/cgi-bin/clear_quota': (c) => (bodyOf(c).appid === p.appId ? clear() : err(40013, 'invalid appid')),
    // authenticated by the AppSecret in the query instead of an access_token
    '/cgi-bin/clear_quota/v2': (c) => p.credentialError(c.query['appid'], c.query['appsecret']) ?? clear(),
    '/cgi-bin/openapi/rid/get': (c) => {
      const rid = text(bodyOf(c).rid);
      if (rid === undefined) return err(76002, 'rid is empty or format error');
      const found = rids.get(rid);
      if (!found) return err(76001, 'rid not found');
      const u = new URL(found.call.url);
      for (const secret of ['access_token', 'secret', 'appsecret']) u.searchParams.delete(secret);
      return {
        request: {
          invoke_time: found.call.at,
          cost_in_ms: 1,
          request_url: `${u.pathname.slice(1)}${u.search}`,
          request_body: found.call.bodyText ?? '',
          response_body: found.response,
          client_ip: '127.0.0.1',
        },
      };
    },
  };

  return {
    routes,
    count(path) {
      today();
      const n = (used.get(path) ?? 0) + 1;
      const limit = limits[path];
      if (limit !== undefined && n > limit) return err(45009, 'reach max api daily quota limit');
      used.set(path, n);
      return undefined;
    },
    withRid(call, answer) {
      if (typeof answer.errcode !== 'number' || answer.errcode === 0) return answer;
      const message = typeof answer.errmsg === 'string' ? answer.errmsg : '';
      if (/\brid: /.test(message)) return answer;
      const rid = `${p.key(8)}-${p.key(8)}-${p.key(8)}`;
      const out = { ...answer, errmsg: `${message} rid: ${rid}` };
      rids.set(rid, { call, response: JSON.stringify(out) });
      return out;
    },
  };
}
