// parseReply: a passive-reply XML decoded back into the typed model (the test kit's view of a reply).
import { compact } from '../internal/compact.js';
import { WxmpError } from '../errors.js';
import { parseXml, type XmlParseOptions, type XmlRecord } from '../xml/index.js';
import { bad, renderReply } from './render.js';
import type { NewsArticle, ParsedReply, Reply } from './types.js';

function text(o: XmlRecord, key: string, what: string, needed: true): string;
function text(o: XmlRecord, key: string, what: string, needed: boolean): string | undefined;
function text(o: XmlRecord, key: string, what: string, needed: boolean): string | undefined {
  const v = o[key];
  if (v === undefined && !needed) return undefined;
  if (typeof v !== 'string') return bad(`${what} <${key}> must be present once, as text`);
  return v;
}

function child(o: XmlRecord, key: string): XmlRecord {
  const v = o[key];
  if (typeof v !== 'object' || Array.isArray(v)) return bad(`reply <${key}> must be present once, with children`);
  return v;
}

/**
 * Decodes a passive-reply XML (plaintext, or the inner XML of an encrypted reply) into a typed
 * {@link ParsedReply}; the test kit uses it to assert on what a handler answered. The decoded
 * reply is then checked with the same rules as {@link renderReply}.
 *
 * @throws {WxmpError} `XML_*` from the parser; `REPLY_INVALID` when the envelope, `MsgType` or a
 *   required element is missing or malformed, or `ArticleCount` differs from the articles; and
 *   the validation codes of {@link renderReply}.
 * @example
 * ```ts
 * const r = parseReply(xml);
 * if (r.msgType === 'text') assert.equal(r.content, 'hi');
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html
 */
export function parseReply(xml: string, options?: XmlParseOptions): ParsedReply {
  if (typeof xml !== 'string') throw new WxmpError('INVALID_ARGUMENT', 'parseReply expects the XML as a string');
  const o = parseXml(xml, options);
  const toUserName = text(o, 'ToUserName', 'reply', true);
  const fromUserName = text(o, 'FromUserName', 'reply', true);
  const rawTime = text(o, 'CreateTime', 'reply', true).trim();
  const createTime = /^\d{1,15}$/.test(rawTime) ? Number(rawTime) : bad('reply <CreateTime> must be an integer');
  const msgType = text(o, 'MsgType', 'reply', true);
  let reply: Reply;
  switch (msgType) {
    case 'text':
      reply = { msgType, content: text(o, 'Content', 'text reply', true) };
      break;
    case 'image':
    case 'voice': {
      const box = child(o, msgType === 'image' ? 'Image' : 'Voice');
      reply = { msgType, mediaId: text(box, 'MediaId', `${msgType} reply`, true) };
      break;
    }
    case 'video': {
      const v = child(o, 'Video');
      reply = {
        msgType,
        mediaId: text(v, 'MediaId', 'video reply', true),
        ...compact({
          title: text(v, 'Title', 'video reply', false),
          description: text(v, 'Description', 'video reply', false),
        }),
      };
      break;
    }
    case 'music': {
      const m = child(o, 'Music');
      reply = {
        msgType,
        thumbMediaId: text(m, 'ThumbMediaId', 'music reply', true),
        ...compact({
          title: text(m, 'Title', 'music reply', false),
          description: text(m, 'Description', 'music reply', false),
          musicUrl: text(m, 'MusicUrl', 'music reply', false),
          hqMusicUrl: text(m, 'HQMusicUrl', 'music reply', false),
        }),
      };
      break;
    }
    case 'news': {
      const box = o.Articles;
      const raw = box === undefined || box === '' ? [] : typeof box === 'object' && !Array.isArray(box) ? box.item : bad('reply <Articles> is malformed');
      const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
      const arts = list.map((it, i): NewsArticle => {
        if (typeof it !== 'object') return bad(`reply article ${i} must have children`);
        return {
          title: text(it, 'Title', 'news article', true),
          ...compact({
            description: text(it, 'Description', 'news article', false),
            picUrl: text(it, 'PicUrl', 'news article', false),
            url: text(it, 'Url', 'news article', false),
          }),
        };
      });
      if (text(o, 'ArticleCount', 'news reply', true).trim() !== String(arts.length)) bad('reply <ArticleCount> differs from the number of <item>s');
      reply = { msgType, articles: arts };
      break;
    }
    case 'transfer_customer_service': {
      const info = o.TransInfo;
      reply = { msgType };
      if (info !== undefined) reply.kfAccount = text(child(o, 'TransInfo'), 'KfAccount', 'transfer_customer_service reply', true);
      break;
    }
    default:
      return bad(`unknown reply <MsgType> ${JSON.stringify(msgType.slice(0, 32))}`);
  }
  const envelope = { toUserName, fromUserName, createTime };
  renderReply(reply, envelope); // same validation as when rendering
  return { ...reply, ...envelope };
}
