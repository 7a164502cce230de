/**
 * Subscription notifications of Official Accounts (订阅通知): send, and the account's templates
 * (`wxaapi/newtmpl`).
 */
import { compact } from '../../internal/compact.js';
import { checkInt, checkString, invalid, type Requester, type WeChatResult } from './requester.js';

/** Body of `message/subscribe/bizsend`. */
export interface SubscribeSendRequest {
  touser: string;
  template_id: string;
  /** Web page opened on tap. */
  page?: string;
  miniprogram?: { appid: string; pagepath: string };
  data: Record<string, { value: string }>;
}

/** A keyword of a public template. */
export interface PubTemplateKeyword {
  kid: number;
  name: string;
  example: string;
  rule: string;
}

/** A public template title. */
export interface PubTemplateTitle {
  tid: number;
  title: string;
  /** 2 one-time, 3 long-term. */
  type: number;
  categoryId: string;
}

/** A template of the account. */
export interface SubscribeTemplate {
  priTmplId: string;
  title: string;
  content: string;
  example: string;
  type: number;
}

/**
 * Subscription notification API group. `bizSend` is never retried automatically; a user who
 * refused the subscription yields `43101`.
 *
 * @throws {WxmpError} `INVALID_ARGUMENT` for a missing touser/template_id/data, keyword lists outside
 * 2..5 entries, a titles page outside start ≥ 0 / limit 1..30.
 * @example
 * ```ts
 * await client.subscribeMessage.bizSend({ touser, template_id, data: { thing1: { value: 'Shipped' } } })
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Subscription_Messages/api.html
 */
export function subscribeMessageApi(r: Requester) {
  const get = <T>(path: string, query?: Record<string, string | number>): Promise<T> =>
    r.request<T>(path, query ? { method: 'GET', query, idempotent: true } : { method: 'GET', idempotent: true });
  return {
    /** Sends a subscription notification (never retried). */
    async bizSend(message: SubscribeSendRequest): Promise<WeChatResult> {
      checkString(message?.touser, 'touser');
      checkString(message.template_id, 'template_id');
      if (message.data === null || typeof message.data !== 'object') invalid('data must be an object of { value }');
      return r.request('/cgi-bin/message/subscribe/bizsend', { method: 'POST', body: message, idempotent: false });
    },
    /** Adds a public template (by `tid`) with 2..5 keyword ids; returns `priTmplId`. */
    async addTemplate(tid: string | number, kidList: readonly number[], sceneDesc?: string): Promise<{ priTmplId: string } & WeChatResult> {
      if (!Array.isArray(kidList) || kidList.length < 2 || kidList.length > 5) invalid('kidList must have 2..5 keyword ids');
      return r.request('/wxaapi/newtmpl/addtemplate', { method: 'POST', body: compact({ tid: String(tid), kidList, sceneDesc }), idempotent: false });
    },
    /** Deletes a template of the account. */
    async deleteTemplate(priTmplId: string): Promise<WeChatResult> {
      return r.request('/wxaapi/newtmpl/deltemplate', { method: 'POST', body: { priTmplId: checkString(priTmplId, 'priTmplId') }, idempotent: false });
    },
    /** The account's categories. */
    async getCategory(): Promise<{ data: { id: number; name: string }[] } & WeChatResult> {
      return get('/wxaapi/newtmpl/getcategory');
    },
    /** Keywords of a public template. */
    async getPubTemplateKeywords(tid: string | number): Promise<{ count: number; data: PubTemplateKeyword[] } & WeChatResult> {
      return get('/wxaapi/newtmpl/getpubtemplatekeywords', { tid: String(tid) });
    },
    /** Public template titles of some categories (comma-joined ids), paged by `start`/`limit` (≤ 30). */
    async getPubTemplateTitles(ids: readonly (string | number)[], start = 0, limit = 30): Promise<{ count: number; data: PubTemplateTitle[] } & WeChatResult> {
      if (!Array.isArray(ids) || ids.length === 0) invalid('ids must list at least one category id');
      return get('/wxaapi/newtmpl/getpubtemplatetitles', {
        ids: ids.join(','),
        start: checkInt(start, 'start', 0, 2 ** 31),
        limit: checkInt(limit, 'limit', 1, 30),
      });
    },
    /** The account's templates. */
    async getTemplates(): Promise<{ data: SubscribeTemplate[] } & WeChatResult> {
      return get('/wxaapi/newtmpl/gettemplate');
    },
  };
}

/** The `client.subscribeMessage` group. */
export type SubscribeMessageApi = ReturnType<typeof subscribeMessageApi>;
