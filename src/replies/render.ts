// renderReply: a typed reply rendered to the exact XML WeChat expects.
import { WxmpError } from '../errors.js';
import { cdataElement, textElement } from '../xml/build.js';
import { stripIllegal } from '../xml/chars.js';
import { MAX_NEWS_ARTICLES, type Reply, type ReplyEnvelope } from './types.js';

/** Throws `REPLY_INVALID`. */
export function bad(message: string): never {
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
 * @throws {WxmpError} `REPLY_EMPTY_CONTENT` when a text reply's content is empty or only whitespace
 *   once XML-illegal characters are removed (WeChat would show a blank or broken message); `REPLY_NO_ARTICLES` / `REPLY_TOO_MANY_ARTICLES`
 *   for a news reply with 0 or more than 8 articles; `REPLY_INVALID` for an unknown `msgType`, a
 *   missing or empty `mediaId` / `thumbMediaId` / article `title`, a non-string field, an empty
 *   `toUserName` / `fromUserName` or a `createTime` that is not a non-negative integer;
 *   `INVALID_ARGUMENT` when `reply` or `to` is not an object.
 * @example
 * ```ts
 * renderReply({ msgType: 'text', content: 'hi' }, { toUserName: msg.fromUserName, fromUserName: msg.toUserName });
 * // <xml><ToUserName><![CDATA[o…]]></ToUserName>…<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hi]]></Content></xml>
 * ```
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
