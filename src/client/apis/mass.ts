/**
 * Mass send (群发): to everyone or a tag, to an OpenID list, previews, status, speed.
 */
import { checkInt, checkList, checkString, idString, invalid, numericId, type Requester, type WeChatId, type WeChatResult } from './requester.js';

/** The content of a mass message, keyed by `msgtype`. */
export type MassContent =
  | { msgtype: 'mpnews'; mpnews: { media_id: string }; send_ignore_reprint?: 0 | 1 }
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'voice'; voice: { media_id: string } }
  | { msgtype: 'image'; images: { media_ids: string[]; recommend?: string; need_open_comment?: 0 | 1; only_fans_can_comment?: 0 | 1 } }
  | { msgtype: 'mpvideo'; mpvideo: { media_id: string } }
  | { msgtype: 'wxcard'; wxcard: { card_id: string } };

/** Common options of a mass send. */
export interface MassSendOptions {
  /** Idempotency key (≤ 64 characters): a repeat within 24 h is refused with 45065 instead of sent twice. */
  clientmsgid?: string;
}

/** Answer of `sendall` and `send`; ids are decimal strings (they can exceed 2^53). */
export interface MassSendResponse extends WeChatResult {
  msg_id: WeChatId;
  /** Present for `mpnews`: the article's id in analytics and comments. */
  msg_data_id?: WeChatId;
}

/** Answer of `mass/get`. */
export interface MassStatusResponse extends WeChatResult {
  msg_id: WeChatId;
  /** `SEND_SUCCESS`, `SENDING`, `SEND_FAIL` or `DELETE`. */
  msg_status: string;
}

const PAYLOAD_KEY: Record<string, string> = { mpnews: 'mpnews', text: 'text', voice: 'voice', image: 'images', mpvideo: 'mpvideo', wxcard: 'wxcard' };

function checkContent(c: MassContent): void {
  const key = PAYLOAD_KEY[c?.msgtype];
  if (key === undefined) invalid('msgtype must be mpnews, text, voice, image, mpvideo or wxcard');
  if (typeof (c as unknown as Record<string, unknown>)[key] !== 'object') invalid(`message needs an "${key}" payload`);
}

function withClientMsgId(body: Record<string, unknown>, o?: MassSendOptions): Record<string, unknown> {
  if (o?.clientmsgid !== undefined) body.clientmsgid = checkString(o.clientmsgid, 'clientmsgid', 64);
  return body;
}

/**
 * Mass-send API group. Sends and previews are never retried automatically; set `clientmsgid` so a
 * manual retry cannot deliver twice.
 *
 * @throws {WxmpError} `INVALID_ARGUMENT` for an unknown msgtype or missing payload, neither/both of
 * `isToAll`/`tagId`, an OpenID list outside 2..10000, a speed outside 0..4.
 * @example
 * ```ts
 * await client.mass.sendAll({ isToAll: true }, { msgtype: 'mpnews', mpnews: { media_id } }, { clientmsgid: 'weekly-42' })
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html
 */
export function massApi(r: Requester) {
  const send = async (path: string, body: Record<string, unknown>): Promise<MassSendResponse> => {
    const res = await r.request<MassSendResponse>(path, { method: 'POST', body, idempotent: false });
    const out: MassSendResponse = { ...res, msg_id: idString(res.msg_id) };
    if (res.msg_data_id !== undefined) out.msg_data_id = idString(res.msg_data_id);
    return out;
  };
  return {
    /** Sends to every follower (`isToAll`) or to the followers of one tag. */
    async sendAll(to: { isToAll: true } | { tagId: number }, content: MassContent, options?: MassSendOptions): Promise<MassSendResponse> {
      checkContent(content);
      const filter =
        'isToAll' in to && to.isToAll === true
          ? { is_to_all: true }
          : 'tagId' in to
            ? { is_to_all: false, tag_id: checkInt(to.tagId, 'tagId', 0, 2 ** 31 - 1) }
            : invalid('give isToAll: true or a tagId');
      return send('/cgi-bin/message/mass/sendall', withClientMsgId({ filter, ...content }, options));
    },
    /** Sends to 2..10000 OpenIDs (`mpvideo` is called `mpvideo` here too). */
    async send(openids: readonly string[], content: MassContent, options?: MassSendOptions): Promise<MassSendResponse> {
      checkList(openids, 'openids', 2, 10_000);
      checkContent(content);
      return send('/cgi-bin/message/mass/send', withClientMsgId({ touser: openids, ...content }, options));
    },
    /** Sends a preview to one follower, by OpenID or by WeChat ID (`{ towxname }`); 100 a day. */
    async preview(to: string | { towxname: string }, content: MassContent): Promise<{ msg_id: WeChatId } & WeChatResult> {
      checkContent(content);
      const target = typeof to === 'string' ? { touser: checkString(to, 'touser') } : { towxname: checkString(to?.towxname, 'towxname') };
      const res = await r.request<{ msg_id: WeChatId } & WeChatResult>('/cgi-bin/message/mass/preview', {
        method: 'POST',
        body: { ...target, ...content },
        idempotent: false,
      });
      return res.msg_id === undefined ? res : { ...res, msg_id: idString(res.msg_id) };
    },
    /** Deletes a sent mass message (only its article page; recipients keep the message), optionally one article (1-based). */
    async delete(msgId: string | number, articleIdx?: number): Promise<WeChatResult> {
      const body: Record<string, unknown> = { msg_id: numericId(msgId, 'msgId') };
      if (articleIdx !== undefined) body.article_idx = checkInt(articleIdx, 'articleIdx', 0, 8);
      return r.request('/cgi-bin/message/mass/delete', { method: 'POST', body, idempotent: false });
    },
    /** The status of a mass send. */
    async get(msgId: string | number): Promise<MassStatusResponse> {
      const res = await r.request<MassStatusResponse>('/cgi-bin/message/mass/get', {
        method: 'POST',
        body: { msg_id: String(numericId(msgId, 'msgId')) },
        idempotent: true,
      });
      return { ...res, msg_id: idString(res.msg_id) };
    },
    /** The current speed level (0 fastest … 4 slowest) and real speed (10k/min). */
    async getSpeed(): Promise<{ speed: number; realspeed: number } & WeChatResult> {
      return r.request('/cgi-bin/message/mass/speed/get', { method: 'POST', idempotent: true });
    },
    /** Sets the speed level 0..4. */
    async setSpeed(speed: number): Promise<WeChatResult> {
      return r.request('/cgi-bin/message/mass/speed/set', { method: 'POST', body: { speed: checkInt(speed, 'speed', 0, 4) }, idempotent: false });
    },
  };
}

/** The `client.mass` group. */
export type MassApi = ReturnType<typeof massApi>;
