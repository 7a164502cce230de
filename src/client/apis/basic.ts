/**
 * Basics (基础接口): WeChat's IP ranges, the callback network check, auto-reply settings.
 */
import { invalid, type Requester, type WeChatResult } from './requester.js';

/** Body of `callback/check`. */
export interface CallbackCheckRequest {
  /** `dns` resolves your callback domain, `ping` pings it, `all` does both. */
  action: 'dns' | 'ping' | 'all';
  /** Egress to test from: 电信, 联通, 腾讯自建, or chosen by IP. */
  check_operator: 'CHINANET' | 'UNICOM' | 'CAP' | 'DEFAULT';
}

/** Answer of `callback/check`. */
export interface CallbackCheckResponse extends WeChatResult {
  dns?: { ip: string; real_operator: string }[];
  /** `package_loss` is `'0%'` or `'100%'` (one packet), `time` like `'23.079ms'`. */
  ping?: { ip: string; from_operator: string; package_loss: string; time: string }[];
}

/** Answer of `get_current_autoreply_info` (rules set on the web console). */
export interface AutoreplyInfoResponse extends WeChatResult {
  is_add_friend_reply_open: number;
  is_autoreply_open: number;
  add_friend_autoreply_info?: { type: string; content: string };
  message_default_autoreply_info?: { type: string; content: string };
  keyword_autoreply_info?: { list: Record<string, unknown>[] };
}

/**
 * Basic API group.
 *
 * @throws {WxmpError} `INVALID_ARGUMENT` for an unknown action or operator.
 * @example
 * ```ts
 * const { ip_list } = await client.basic.getCallbackIp()
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_the_WeChat_server_IP_address.html
 */
export function basicApi(r: Requester) {
  return {
    /** IP addresses WeChat pushes from (for your firewall). */
    async getCallbackIp(): Promise<{ ip_list: string[] } & WeChatResult> {
      return r.request('/cgi-bin/getcallbackip', { method: 'GET', idempotent: true });
    },
    /** IP addresses of `api.weixin.qq.com` (for egress allow-lists). */
    async getApiDomainIp(): Promise<{ ip_list: string[] } & WeChatResult> {
      return r.request('/cgi-bin/get_api_domain_ip', { method: 'GET', idempotent: true });
    },
    /**
     * Asks WeChat to resolve and ping your callback URL, to debug push failures.
     * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Network_Detection.html
     */
    async callbackCheck(request: CallbackCheckRequest = { action: 'all', check_operator: 'DEFAULT' }): Promise<CallbackCheckResponse> {
      if (!['dns', 'ping', 'all'].includes(request?.action)) invalid("action must be 'dns', 'ping' or 'all'");
      if (!['CHINANET', 'UNICOM', 'CAP', 'DEFAULT'].includes(request.check_operator)) invalid('check_operator must be CHINANET, UNICOM, CAP or DEFAULT');
      return r.request('/cgi-bin/callback/check', {
        method: 'POST',
        body: { action: request.action, check_operator: request.check_operator },
        idempotent: true,
      });
    },
    /**
     * Auto-reply rules configured on the web console.
     * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Getting_Rules_for_Auto_Replies.html
     */
    async getCurrentAutoreplyInfo(): Promise<AutoreplyInfoResponse> {
      return r.request('/cgi-bin/get_current_autoreply_info', { method: 'GET', idempotent: true });
    },
  };
}

/** The `client.basic` group. */
export type BasicApi = ReturnType<typeof basicApi>;
