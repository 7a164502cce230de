/**
 * Template messages (模板消息): send, industry, the account's template library.
 */
import { compact } from '../../internal/compact.js';
import { checkString, idString, invalid, type Requester, type WeChatId, type WeChatResult } from './requester.js';

/** Values of a template message, by keyword name (e.g. `thing1`, `time2`). */
export type TemplateData = Record<string, { value: string; color?: string }>;

/** Body of `message/template/send`. */
export interface TemplateSendRequest {
  touser: string;
  template_id: string;
  /** Opened on tap (ignored when `miniprogram` is set and the client supports it). */
  url?: string;
  miniprogram?: { appid: string; pagepath?: string };
  data: TemplateData;
  /** De-duplication key: WeChat drops a second send with the same id. */
  client_msg_id?: string;
}

/** Answer of `message/template/send`; `msgid` is a string even when small (see {@link WeChatId}). */
export interface TemplateSendResponse extends WeChatResult {
  msgid: WeChatId;
}

/** An industry as `get_industry` reports it. */
export interface TemplateIndustry {
  first_class: string;
  second_class: string;
}

/** A template of the account's private library. */
export interface PrivateTemplate {
  template_id: string;
  title: string;
  primary_industry: string;
  deputy_industry: string;
  content: string;
  example: string;
}

/**
 * Template message API group. `send` is never retried automatically (a timed-out send may have
 * been delivered; use `client_msg_id` to make a manual resend safe). `msgid` is returned as a
 * decimal string: it can exceed 2^53.
 *
 * @throws {WxmpError} `INVALID_ARGUMENT` for a missing touser/template_id/data or a non-string value.
 * @example
 * ```ts
 * const { msgid } = await client.template.send({ touser, template_id, data: { thing1: { value: 'Paid' } } })
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
 */
export function templateApi(r: Requester) {
  return {
    /** Sends a template message (never retried). */
    async send(message: TemplateSendRequest): Promise<TemplateSendResponse> {
      checkString(message?.touser, 'touser');
      checkString(message.template_id, 'template_id');
      if (message.data === null || typeof message.data !== 'object') invalid('data must be an object of { value, color? }');
      for (const [k, v] of Object.entries(message.data)) if (typeof v?.value !== 'string') invalid(`data.${k.slice(0, 32)}.value must be a string`);
      const res = await r.request<TemplateSendResponse>('/cgi-bin/message/template/send', { method: 'POST', body: compact({ ...message }), idempotent: false });
      return { ...res, msgid: idString(res.msgid) };
    },
    /** Sets the two industries (twice a month at most). */
    async setIndustry(industryId1: string | number, industryId2: string | number): Promise<WeChatResult> {
      return r.request('/cgi-bin/template/api_set_industry', {
        method: 'POST',
        body: { industry_id1: String(industryId1), industry_id2: String(industryId2) },
        idempotent: false,
      });
    },
    /** Reads the account's industries. */
    async getIndustry(): Promise<{ primary_industry: TemplateIndustry; secondary_industry: TemplateIndustry } & WeChatResult> {
      return r.request('/cgi-bin/template/get_industry', { method: 'GET', idempotent: true });
    },
    /** Adds a template from the public library by its short id; returns the new template_id. */
    async addTemplate(templateIdShort: string, keywordNameList?: readonly string[]): Promise<{ template_id: string } & WeChatResult> {
      checkString(templateIdShort, 'templateIdShort');
      return r.request('/cgi-bin/template/api_add_template', {
        method: 'POST',
        body: compact({ template_id_short: templateIdShort, keyword_name_list: keywordNameList }),
        idempotent: false,
      });
    },
    /** Every template of the account. */
    async getAllPrivateTemplates(): Promise<{ template_list: PrivateTemplate[] } & WeChatResult> {
      return r.request('/cgi-bin/template/get_all_private_template', { method: 'GET', idempotent: true });
    },
    /** Deletes a template. */
    async deletePrivateTemplate(templateId: string): Promise<WeChatResult> {
      return r.request('/cgi-bin/template/del_private_template', {
        method: 'POST',
        body: { template_id: checkString(templateId, 'templateId') },
        idempotent: false,
      });
    },
  };
}

/** The `client.template` group. */
export type TemplateApi = ReturnType<typeof templateApi>;
