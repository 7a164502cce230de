/**
 * API quota (接口调用次数): read the daily quota of an endpoint, reset it, look up a request id.
 */
import { checkString, invalid, type Requester, type WeChatResult } from './requester.js';

/** Answer of `openapi/quota/get`. */
export interface QuotaResponse extends WeChatResult {
  quota: { daily_limit: number; used: number; remain: number };
  rate_limit?: { call_count: number; refresh_second: number };
  component_rate_limit?: { call_count: number; refresh_second: number };
}

/** Answer of `openapi/rid/get`: what WeChat recorded about a failed call. */
export interface RidResponse extends WeChatResult {
  request: {
    invoke_time: number;
    cost_in_ms: number;
    request_url: string;
    request_body: string;
    response_body: string;
    client_ip: string;
  };
}

/**
 * Quota API group. Resets (`clear`, `clearV2`) share 10 uses a month per account (48006 after).
 *
 * @throws {WxmpError} `INVALID_ARGUMENT` for an empty cgi path, rid, appId or appSecret, or when
 * `clear()` has no appId (neither given nor known to the client).
 * @example
 * ```ts
 * const { quota } = await client.quota.get('/cgi-bin/message/custom/send')
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/openApi/get_api_quota.html
 */
export function quotaApi(r: Requester) {
  return {
    /** Daily quota of one endpoint path (e.g. `/cgi-bin/message/custom/send`). */
    async get(cgiPath: string): Promise<QuotaResponse> {
      return r.request('/cgi-bin/openapi/quota/get', { method: 'POST', body: { cgi_path: checkString(cgiPath, 'cgiPath', 256) }, idempotent: true });
    },
    /**
     * Resets every daily quota of the account (uses the access token).
     * @see https://developers.weixin.qq.com/doc/offiaccount/openApi/clear_quota.html
     */
    async clear(appId?: string): Promise<WeChatResult> {
      const id = appId ?? r.appId;
      if (id === undefined) invalid('clear() needs the appId');
      return r.request('/cgi-bin/clear_quota', { method: 'POST', body: { appid: checkString(id, 'appId') }, idempotent: false });
    },
    /**
     * Resets the quota with the AppSecret instead of an access token (for when the token endpoint
     * itself is out of quota). The secret travels in the query as WeChat requires; the client
     * redacts it from every error and log line.
     * @see https://developers.weixin.qq.com/doc/offiaccount/openApi/clearQuotaByAppSecret.html
     */
    async clearV2(appId: string, appSecret: string): Promise<WeChatResult> {
      const query = { appid: checkString(appId, 'appId'), appsecret: checkString(appSecret, 'appSecret') };
      return r.request('/cgi-bin/clear_quota/v2', { method: 'POST', query, auth: false, idempotent: false });
    },
    /**
     * Details of a failed call by the `rid` in its errmsg (kept as `WxmpError.rid`).
     * @see https://developers.weixin.qq.com/doc/offiaccount/openApi/get_rid_info.html
     */
    async getRid(rid: string): Promise<RidResponse> {
      return r.request('/cgi-bin/openapi/rid/get', { method: 'POST', body: { rid: checkString(rid, 'rid', 128) }, idempotent: true });
    },
  };
}

/** The `client.quota` group. */
export type QuotaApi = ReturnType<typeof quotaApi>;
