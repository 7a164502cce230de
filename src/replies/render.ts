/**
 * Passive replies (被动回复用户消息): a typed model rendered to the exact XML WeChat expects, and
 * the reverse parser used by the test kit.
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html
 * @module
 */
import { WxmpError } from '../errors.js';
import { parseXml, type XmlParseOptions, type XmlRecord } from '../xml/index.js';
import { compact } from '../internal/compact.js';
import { cdataElement, textElement } from '../xml/build.js';
import { stripIllegal } from '../xml/chars.js';

/** 回复文本消息. */
export interface TextReply {
  msgType: 'text';
  /** Must contain a non-whitespace character. Line breaks are shown as line breaks. */
  content: string;
}
/** 回复图片消息 (media uploaded beforehand). */
export interface ImageReply {
  msgType: 'image';
  mediaId: string;
}
/** 回复语音消息. */
export interface VoiceReply {
  msgType: 'voice';
  mediaId: string;
}
/** 回复视频消息. */
export interface VideoReply {
  msgType: 'video';
  mediaId: string;
  title?: string;
  description?: string;
}
/** 回复音乐消息. */
export interface MusicReply {
  msgType: 'music';
  title?: string;
  description?: string;
  musicUrl?: string;
  /** High-quality URL, preferred on Wi-Fi (`HQMusicUrl`). */
  hqMusicUrl?: string;
  thumbMediaId: string;
}
/** One article of a news reply. */
export interface NewsArticle {
  title: string;
  description?: string;
  /** JPG/PNG; large 360×200, small 200×200. */
  picUrl?: string;
  url?: string;
}
/** 回复图文消息: 1..8 articles (WeChat shows only the first in reply to a user message). */
export interface NewsReply {
  msgType: 'news';
  articles: readonly NewsArticle[];
}
/** 转发到客服: hand the conversation to customer service, optionally to one account. */
export interface TransferCustomerServiceReply {
  msgType: 'transfer_customer_service';
  /** `prefix@gh_xxx`; omitted → any online agent. */
  kfAccount?: string;
}
/** Every passive reply, discriminated by `msgType`. */
export type Reply = TextReply | ImageReply | VoiceReply | VideoReply | MusicReply | NewsReply | TransferCustomerServiceReply;

/** The reply's own envelope: `toUserName` is the user (the message's `fromUserName`). */
export interface ReplyEnvelope {
  toUserName: string;
  fromUserName: string;
  /** Seconds; default `Math.floor(Date.now() / 1000)`. */
  createTime?: number;
}
/** A reply decoded by {@link parseReply}: the reply plus its envelope. */
export type ParsedReply = Reply & { toUserName: string; fromUserName: string; createTime: number };

/** Most articles a news reply may carry. */
export const MAX_NEWS_ARTICLES = 8;

function bad(message: string): never {
  throw new WxmpError('REPLY_INVALID', message);
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function required(o: Record<string, unknown>, key: string, what: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v === '') bad(`${what} needs a non-empty string ${key}`);
  return v;
}

function optional(o: Record<string, unknown>, key: string, what: string): string | undefined {
  const v = o[key];
  if (v !== undefined && typeof v !== 'string') bad(`${what}.${key} must be a string`);
  return v;
}

// The reply is written with buildXml's element writer (textElement), so it is exactly what
// buildXml would write for the same record (a test pins this), but with constant, known-good
// element names it skips buildXml's generic name/shape checks: renderReply runs on every webhook
// reply and is benchmarked against bare template strings.
const el = textElement;

function opt(name: string, o: Record<string, unknown>, key: string, what: string): string {
  const v = optional(o, key, what);
  return v === undefined ? '' : el(name, v);
}

function articles(list: unknown): string {
  if (!Array.isArray(list)) bad('news reply needs an articles array');
  if (list.length === 0) throw new WxmpError('REPLY_NO_ARTICLES', 'news reply has no articles');
  if (list.length > MAX_NEWS_ARTICLES) {
    throw new WxmpError('REPLY_TOO_MANY_ARTICLES', `news reply has ${list.length} articles; at most ${MAX_NEWS_ARTICLES}`);
  }
  let items = '';
  for (let i = 0; i < list.length; i++) {
    const a: unknown = list[i];
    const what = `articles[${i}]`;
    if (!isObj(a)) bad(`${what} must be an object`);
    items +=
      `<item>${el('Title', required(a, 'title', what))}${opt('Description', a, 'description', what)}` +
      `${opt('PicUrl', a, 'picUrl', what)}${opt('Url', a, 'url', what)}</item>`;
  }
  return `<ArticleCount>${list.length}</ArticleCount><Articles>${items}</Articles>`;
}

/**
 * Renders a passive reply to WeChat's reply XML, byte for byte what `buildXml` writes for the same
 * record. Text is written as CDATA (a `]]>` inside is split, XML-illegal characters are removed,
 * as `buildXml` does), so user text cannot change the reply's structure. Optional fields left
 * `undefined` are omitted. There is no length limit: WeChat documents none for passive replies.
 *
 * @param to The reply's envelope, used as is: `toUserName` = the user (the message's
 *   `fromUserName`), `fromUserName` = the account (the message's `toUserName`).
 * @throws WxmpError `REPLY_EMPTY_CONTENT` when a text reply's content is empty or only whitespace
 *   once XML-illegal characters are removed (WeChat would show a blank or broken message); `REPLY_NO_ARTICLES` / `REPLY_TOO_MANY_ARTICLES`
 *   for a news reply with 0 or more than 8 articles; `REPLY_INVALID` for an unknown `msgType`, a
 *   missing or empty `mediaId` / `thumbMediaId` / article `title`, a non-string field, an empty
 *   `toUserName` / `fromUserName` or a `createTime` that is not a non-negative integer;
 *   `INVALID_ARGUMENT` when `reply` or `to` is not an object.
 * @example
 * renderReply({ msgType: 'text', content: 'hi' }, { toUserName: msg.fromUserName, fromUserName: msg.toUserName });
 * // <xml><ToUserName><![CDATA[o…]]></ToUserName>…<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hi]]></Content></xml>
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html
 */
export function renderReply(reply: Reply, to: ReplyEnvelope): string {
  if (!isObj(reply)) throw new WxmpError('INVALID_ARGUMENT', 'renderReply expects a reply object');
  if (!isObj(to)) throw new WxmpError('INVALID_ARGUMENT', 'renderReply expects a { toUserName, fromUserName } envelope');
  const r = reply as unknown as Record<string, unknown>;
  const env = to as unknown as Record<string, unknown>;
  const toUserName = required(env, 'toUserName', 'the envelope');
  const fromUserName = required(env, 'fromUserName', 'the envelope');
  let createTime = env.createTime;
  if (createTime === undefined) createTime = Math.floor(Date.now() / 1000);
  else if (!Number.isSafeInteger(createTime) || (createTime as number) < 0) bad('createTime must be a non-negative integer (seconds)');
  let body: string;
  switch (r.msgType) {
    case 'text': {
      const content = r.content;
      if (typeof content !== 'string') bad('text reply needs a string content');
      // Checked after stripping: content made only of NULs/controls would render as an empty reply.
      const legal = stripIllegal(content);
      if (legal.trim() === '') throw new WxmpError('REPLY_EMPTY_CONTENT', 'text reply content is empty or only whitespace');
      body = cdataElement('Content', legal);
      break;
    }
    case 'image':
      body = `<Image>${el('MediaId', required(r, 'mediaId', 'image reply'))}</Image>`;
      break;
    case 'voice':
      body = `<Voice>${el('MediaId', required(r, 'mediaId', 'voice reply'))}</Voice>`;
      break;
    case 'video':
      body =
        `<Video>${el('MediaId', required(r, 'mediaId', 'video reply'))}${opt('Title', r, 'title', 'video reply')}` +
        `${opt('Description', r, 'description', 'video reply')}</Video>`;
      break;
    case 'music':
      body =
        `<Music>${opt('Title', r, 'title', 'music reply')}${opt('Description', r, 'description', 'music reply')}` +
        `${opt('MusicUrl', r, 'musicUrl', 'music reply')}${opt('HQMusicUrl', r, 'hqMusicUrl', 'music reply')}` +
        `${el('ThumbMediaId', required(r, 'thumbMediaId', 'music reply'))}</Music>`;
      break;
    case 'news':
      body = articles(r.articles);
      break;
    case 'transfer_customer_service': {
      const kf = r.kfAccount;
      if (kf !== undefined && (typeof kf !== 'string' || kf === '')) bad('transfer_customer_service kfAccount must be a non-empty string');
      body = kf === undefined ? '' : `<TransInfo>${el('KfAccount', kf)}</TransInfo>`;
      break;
    }
    default:
      return bad(`unknown reply msgType ${typeof r.msgType === 'string' ? JSON.stringify(r.msgType.slice(0, 32)) : typeof r.msgType}`);
  }
  return `<xml>${el('ToUserName', toUserName)}${el('FromUserName', fromUserName)}<CreateTime>${createTime as number}</CreateTime><MsgType><![CDATA[${r.msgType}]]></MsgType>${body}</xml>`;
}

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
 * @throws WxmpError `XML_*` from the parser; `REPLY_INVALID` when the envelope, `MsgType` or a
 *   required element is missing or malformed, or `ArticleCount` differs from the articles; and
 *   the validation codes of {@link renderReply}.
 * @example
 * const r = parseReply(xml);
 * if (r.msgType === 'text') assert.equal(r.content, 'hi');
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
