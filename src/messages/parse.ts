import { WxmpError } from '../errors.js';
import { parseWith, xmlConfig } from '../xml/parse.js';
import type { XmlParseOptions, XmlRecord } from '../xml.js';
import { applySpec, convertRecord, invalid, isObj, itemsOf, listOf, nested, put, show, type Obj, type Spec } from './convert.js';
import type { EventType, Message, NormalMessageType } from './types.js';

const NORMAL_BASE: Spec = { msgId: 'str', msgDataId: 'str?', idx: 'str?' };
const MEDIA: Spec = { mediaId: 'str', thumbMediaId: 'str' };

const NORMAL: Readonly<Record<NormalMessageType, Spec>> = {
  text: { content: 'str' },
  image: { picUrl: 'str', mediaId: 'str' },
  voice: { mediaId: 'str', format: 'str', recognition: 'str?', mediaId16K: 'str?' },
  video: MEDIA,
  shortvideo: MEDIA,
  location: { locationX: 'num', locationY: 'num', scale: 'num', label: 'str' },
  link: { title: 'str', description: 'str', url: 'str' },
  file: { title: 'str', description: 'str?', fileKey: 'str', fileMd5: 'str', fileTotalLen: 'int' },
};

type Rule = readonly [Spec, ((o: Obj) => void)?];

const scanCode: Rule = [{ eventKey: 'str' }, (o) => nested(o, 'scanCodeInfo', { scanType: 'str', scanResult: 'str' }, '', true)];
const sendPics: Rule = [
  { eventKey: 'str' },
  (o) => itemsOf(nested(o, 'sendPicsInfo', { count: 'int' }, '', true), 'picList', { picMd5Sum: 'str' }, 'sendPicsInfo'),
];
const expired: Rule = [{ expiredTime: 'int' }];
const failed: Rule = [{ failTime: 'int', failReason: 'str' }];

const EVENTS: Readonly<Record<EventType, Rule>> = {
  subscribe: [
    { eventKey: 'str?', ticket: 'str?' },
    (o) => {
      const key = o.eventKey as string | undefined;
      if (key !== undefined && key.startsWith('qrscene_')) derive(o, 'scene', key.slice(8));
    },
  ],
  unsubscribe: [{ eventKey: 'str?' }],
  SCAN: [{ eventKey: 'str', ticket: 'str?' }, (o) => derive(o, 'scene', o.eventKey)],
  LOCATION: [{ latitude: 'num', longitude: 'num', precision: 'num' }],
  CLICK: [{ eventKey: 'str' }],
  VIEW: [{ eventKey: 'str', menuId: 'str?' }],
  scancode_push: scanCode,
  scancode_waitmsg: scanCode,
  pic_sysphoto: sendPics,
  pic_photo_or_album: sendPics,
  pic_weixin: sendPics,
  location_select: [
    { eventKey: 'str' },
    (o) => nested(o, 'sendLocationInfo', { locationX: 'num', locationY: 'num', scale: 'num', label: 'str?', poiname: 'str?' }, '', true),
  ],
  view_miniprogram: [{ eventKey: 'str', menuId: 'str?' }],
  TEMPLATESENDJOBFINISH: [{ msgID: 'str', status: 'str' }],
  MASSSENDJOBFINISH: [
    { msgID: 'str', status: 'str', totalCount: 'int', filterCount: 'int', sentCount: 'int', errorCount: 'int' },
    (o) => {
      const copyright = nested(o, 'copyrightCheckResult', { count: 'int', checkState: 'int?' }, '', false);
      if (copyright) {
        itemsOf(copyright, 'resultList', COPYRIGHT_ITEM, 'copyrightCheckResult');
      }
      const urls = nested(o, 'articleUrlResult', { count: 'int' }, '', false);
      if (urls) itemsOf(urls, 'resultList', { articleIdx: 'int', articleUrl: 'str' }, 'articleUrlResult');
    },
  ],
  PUBLISHJOBFINISH: [
    {},
    (o) => {
      const info = nested(o, 'publishEventInfo', { publishId: 'str', publishStatus: 'int', articleId: 'str?' }, '', true);
      const detail = nested(info, 'articleDetail', { count: 'int' }, 'publishEventInfo', false);
      if (detail) listOf(detail, 'item', { idx: 'str', articleUrl: 'str' }, 'publishEventInfo.articleDetail');
      const fail = info.failIdx;
      if (fail !== undefined) {
        const list = fail === '' ? [] : Array.isArray(fail) ? fail : [fail];
        for (const f of list) if (typeof f !== 'string') invalid(`publishEventInfo.failIdx must be text, got ${show(f)}`);
        info.failIdx = list;
      }
    },
  ],
  subscribe_msg_popup_event: subscribeList('subscribeMsgPopupEvent', { templateId: 'str', subscribeStatusString: 'str', popupScene: 'str?' }),
  subscribe_msg_change_event: subscribeList('subscribeMsgChangeEvent', { templateId: 'str', subscribeStatusString: 'str' }),
  subscribe_msg_sent_event: subscribeList('subscribeMsgSentEvent', { templateId: 'str', msgID: 'str', errorCode: 'int', errorStatus: 'str' }),
  kf_create_session: [{ kfAccount: 'str' }],
  kf_close_session: [{ kfAccount: 'str' }],
  kf_switch_session: [{ fromKfAccount: 'str', toKfAccount: 'str', kfAccount: 'str?' }],
  qualification_verify_success: expired,
  qualification_verify_fail: failed,
  naming_verify_success: expired,
  naming_verify_fail: failed,
  annual_renew: expired,
  verify_expired: expired,
};

const COPYRIGHT_ITEM: Spec = {
  articleIdx: 'int',
  userDeclareState: 'int?',
  auditState: 'int?',
  originalArticleUrl: 'str?',
  originalArticleType: 'int?',
  canReprint: 'int?',
  needReplaceContent: 'int?',
  needShowReprintSource: 'int?',
};

function subscribeList(key: string, item: Spec): Rule {
  return [
    {},
    (o) => {
      if (o[key] === '') o[key] = {}; // <SubscribeMsgChangeEvent/> with no <List>
      listOf(nested(o, key, {}, '', true), 'list', item, key);
    },
  ];
}

/** Sets a field this SDK computes; an element of the same name in the push keeps its XML-ish name. */
function derive(o: Obj, key: string, value: unknown): void {
  if (Object.hasOwn(o, key)) put(o, key.charAt(0).toUpperCase() + key.slice(1), o[key]);
  o[key] = value;
}

// Exact spelling first; otherwise WeChat's known case variants (`scan`, `location`, `click`,
// `view`, `Subscribe`…) are matched case-insensitively and normalised to the documented spelling.
const EVENT_NAMES = new Map<string, EventType>();
for (const name of Object.keys(EVENTS) as EventType[]) EVENT_NAMES.set(name, name).set(name.toLowerCase(), name);
const MSG_TYPES = new Map<string, NormalMessageType>();
for (const name of Object.keys(NORMAL) as NormalMessageType[]) MSG_TYPES.set(name, name);

function lookup<T>(map: Map<string, T>, raw: string): T | undefined {
  return map.get(raw) ?? map.get(raw.toLowerCase());
}

function envelopeText(o: Obj, key: string, element: string): string {
  const v = o[key];
  if (v === undefined) {
    const hint = element === 'MsgType' && o.encrypt !== undefined ? ' (an encrypted push: decrypt it first)' : '';
    return invalid(`push lacks <${element}>${hint}`);
  }
  if (typeof v !== 'string') return invalid(`<${element}> must be text, got ${show(v)}`);
  if (v.trim() === '') return invalid(`<${element}> is empty`);
  return v;
}

/**
 * Turns an already-parsed push (the children of `<xml>`, as returned by `parseXml`) into a typed
 * {@link Message}.
 *
 * - Field names are camelCased mechanically; elements this SDK does not know are kept.
 * - Documented numbers become numbers (`createTime`, `locationX`, `latitude`, `count`,
 *   `totalCount`, `fileTotalLen`, `expiredTime`, `publishStatus`, `errorCode`…); a value that is
 *   not a number there is MESSAGE_INVALID. IDs (`msgId`, `msgID`, `msgDataId`, `idx`,
 *   `publishId`, `articleId`) stay strings.
 * - Lists are always arrays: `sendPicsInfo.picList`, subscribe-popup `list`,
 *   `copyrightCheckResult.resultList`, `articleUrlResult.resultList`, `articleDetail.item`,
 *   `failIdx` — even when WeChat sends one element (or none: `[]`).
 * - `event` is matched case-sensitively, then against WeChat's case variants (e.g. `scan`), and is
 *   normalised to the documented spelling (`SCAN`). `msgType` likewise (`Text` → `text`).
 * - An unrecognised `MsgType` or `Event` gives an {@link UnknownMessage} (`msgType: 'unknown'`,
 *   WeChat's value in `rawMsgType`, every field kept).
 *
 * @throws WxmpError `MESSAGE_INVALID` when `ToUserName`, `FromUserName`, `CreateTime` or `MsgType`
 *   is missing, empty or not text, when an event has no `Event`, when a field the type requires is
 *   missing, or when a documented number is not one (the message names the field).
 * @throws WxmpError `INVALID_ARGUMENT` when `record` is not an object.
 * @example
 * const m = toMessage(parseXml(body));
 * if (m.msgType === 'event' && m.event === 'subscribe') console.log(m.scene ?? 'plain follow');
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_event_pushes.html
 */
export function toMessage(record: XmlRecord): Message {
  if (!isObj(record)) throw new WxmpError('INVALID_ARGUMENT', 'toMessage expects the record returned by parseXml');
  const o = convertRecord(record, '');
  envelopeText(o, 'toUserName', 'ToUserName');
  envelopeText(o, 'fromUserName', 'FromUserName');
  const rawType = envelopeText(o, 'msgType', 'MsgType');
  applySpec(o, { createTime: 'int' }, '');

  const normal = lookup(MSG_TYPES, rawType);
  if (normal !== undefined) {
    o.msgType = normal;
    applySpec(o, NORMAL_BASE, '');
    applySpec(o, NORMAL[normal], '');
    return o as unknown as Message;
  }
  let rule: Rule | undefined;
  if (rawType === 'event' || rawType.toLowerCase() === 'event') {
    const rawEvent = envelopeText(o, 'event', 'Event');
    const event = lookup(EVENT_NAMES, rawEvent);
    if (event !== undefined) {
      o.msgType = 'event';
      o.event = event;
      rule = EVENTS[event];
      applySpec(o, rule[0], '');
      rule[1]?.(o);
      return o as unknown as Message;
    }
  }
  derive(o, 'rawMsgType', rawType);
  o.msgType = 'unknown';
  return o as unknown as Message;
}

/**
 * Parses a pushed (plaintext or already-decrypted) XML body into a typed {@link Message}:
 * `toMessage(parseXml(xml, options))`.
 *
 * @throws WxmpError `XML_*` codes from the parser (syntax, DTD, limits…), and every code of
 *   {@link toMessage}.
 * @example
 * const m = parseMessage('<xml><ToUserName><![CDATA[gh_1]]></ToUserName>…</xml>');
 * if (m.msgType === 'text') console.log(m.content);
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html
 */
export function parseMessage(xml: string, options?: XmlParseOptions): Message {
  if (typeof xml !== 'string') throw new WxmpError('INVALID_ARGUMENT', 'parseMessage expects the XML body as a string');
  return toMessage(parseWith(xml, xmlConfig(options)));
}
