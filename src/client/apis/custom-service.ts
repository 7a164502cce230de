/**
 * Customer service (客服): send messages within the 48-hour window, typing state, kf accounts and
 * sessions, chat records.
 */
import type { CustomMessage, KfAccount, KfMsgListRequest, KfMsgListResponse, KfOnline, KfSessionResponse, KfWaitCaseResponse } from './custom-service-types.js';
import { checkString, invalid, type Requester, type WeChatResult } from './requester.js';

/**
 * Customer-service API group. Sends are never retried automatically (a timed-out send may have
 * been delivered); outside the 48-hour interaction window WeChat answers `45015`.
 *
 * @throws {WxmpError} `INVALID_ARGUMENT` for a message without `touser`, `msgtype` or the matching
 * payload, an empty kf account or openid, a bad typing command.
 * @example
 * ```ts
 * await client.customService.send({ touser: openid, msgtype: 'text', text: { content: 'Hello' } })
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html
 */
export function customServiceApi(r: Requester) {
  const post = <T>(path: string, body: unknown, idempotent = false): Promise<T> => r.request<T>(path, { method: 'POST', body, idempotent });
  const get = <T>(path: string, query?: Record<string, string>): Promise<T> =>
    r.request<T>(path, query ? { method: 'GET', query, idempotent: true } : { method: 'GET', idempotent: true });
  const kf = (a: string): string => checkString(a, 'kfAccount');
  const oid = (o: string): string => checkString(o, 'openid');
  return {
    /** Sends a customer-service message of any type (never retried). */
    async send(message: CustomMessage): Promise<WeChatResult> {
      checkString(message?.touser, 'touser');
      const type = checkString(message.msgtype, 'msgtype');
      if (typeof (message as unknown as Record<string, unknown>)[type] !== 'object') invalid(`message needs a "${type}" payload`);
      return post('/cgi-bin/message/custom/send', message);
    },
    /** Shows or hides "typing…" for up to 15 s. */
    async typing(openid: string, command: 'Typing' | 'CancelTyping'): Promise<WeChatResult> {
      if (command !== 'Typing' && command !== 'CancelTyping') invalid("command must be 'Typing' or 'CancelTyping'");
      return post('/cgi-bin/message/custom/typing', { touser: oid(openid), command });
    },
    /** Every kf account. */
    async getKfList(): Promise<{ kf_list: KfAccount[] } & WeChatResult> {
      return get('/cgi-bin/customservice/getkflist');
    },
    /** Kf accounts currently online. */
    async getOnlineKfList(): Promise<{ kf_online_list: KfOnline[] } & WeChatResult> {
      return get('/cgi-bin/customservice/getonlinekflist');
    },
    /** Adds a kf account (`prefix@wechatid`, nickname ≤ 16 characters). */
    async addAccount(kfAccount: string, nickname: string): Promise<WeChatResult> {
      return post('/customservice/kfaccount/add', { kf_account: kf(kfAccount), nickname: checkString(nickname, 'nickname', 16) });
    },
    /** Renames a kf account. */
    async updateAccount(kfAccount: string, nickname: string): Promise<WeChatResult> {
      return post('/customservice/kfaccount/update', { kf_account: kf(kfAccount), nickname: checkString(nickname, 'nickname', 16) });
    },
    /** Deletes a kf account. */
    async deleteAccount(kfAccount: string): Promise<WeChatResult> {
      return post('/customservice/kfaccount/del', { kf_account: kf(kfAccount) });
    },
    /** Invites a WeChat user to bind a kf account. */
    async inviteWorker(kfAccount: string, inviteWx: string): Promise<WeChatResult> {
      return post('/customservice/kfaccount/inviteworker', { kf_account: kf(kfAccount), invite_wx: checkString(inviteWx, 'inviteWx') });
    },
    /** Uploads a kf avatar (JPG, 640×640 recommended) as multipart field `media`. */
    async uploadHeadImg(kfAccount: string, file: Blob, filename: string): Promise<WeChatResult> {
      const form = new FormData();
      form.append('media', file, checkString(filename, 'filename'));
      return r.request('/customservice/kfaccount/uploadheadimg', { method: 'POST', query: { kf_account: kf(kfAccount) }, body: form, idempotent: false });
    },
    /** Opens a session between a kf account and a follower. */
    async createSession(kfAccount: string, openid: string): Promise<WeChatResult> {
      return post('/customservice/kfsession/create', { kf_account: kf(kfAccount), openid: oid(openid) });
    },
    /** Closes a session. */
    async closeSession(kfAccount: string, openid: string): Promise<WeChatResult> {
      return post('/customservice/kfsession/close', { kf_account: kf(kfAccount), openid: oid(openid) });
    },
    /** The session a follower is in. */
    async getSession(openid: string): Promise<KfSessionResponse> {
      return get('/customservice/kfsession/getsession', { openid: oid(openid) });
    },
    /** The sessions of one kf account. */
    async getSessionList(kfAccount: string): Promise<{ sessionlist: { createtime: number; openid: string }[] } & WeChatResult> {
      return get('/customservice/kfsession/getsessionlist', { kf_account: kf(kfAccount) });
    },
    /** Followers waiting for a kf. */
    async getWaitCase(): Promise<KfWaitCaseResponse> {
      return get('/customservice/kfsession/getwaitcase');
    },
    /**
     * Chat records in a window of at most one day.
     * @see https://developers.weixin.qq.com/doc/offiaccount/Customer_Service/Obtain_chat_transcript.html
     */
    async getMsgList(request: KfMsgListRequest): Promise<KfMsgListResponse> {
      if (!(request?.endtime > request?.starttime) || request.endtime - request.starttime > 86_400) invalid('endtime must be after starttime and within 24 h');
      return post('/customservice/msgrecord/getmsglist', request, true);
    },
  };
}

/** The `client.customService` group. */
export type CustomServiceApi = ReturnType<typeof customServiceApi>;
