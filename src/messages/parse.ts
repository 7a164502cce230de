// The strict push → Message conversion (toMessage, parseMessage); lenient.ts builds on it.
import { WxmpError } from '../errors.js';
import { parseWith, xmlConfig } from '../xml/parse.js';
import type { XmlParseOptions, XmlRecord } from '../xml/index.js';
import { applySpec, convertRecord, invalid, isObj, put, show, type Obj } from './convert.js';
import { PUSH } from './names.js';
import {
  ENVELOPE,
  EVENT,
  EVENT_NAMES,
  EVENTS,
  FROM_USER,
  MSG_TYPE,
  MSG_TYPES,
  NORMAL,
  NORMAL_BASE,
  RAW_MSG_TYPE,
  TO_USER,
  lookup,
  type Rule,
} from './specs.js';
import type { Message } from './types.js';

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
 * @internal Makes converted fields the `'unknown'` variant: `msgType: 'unknown'`, WeChat's type in
 * `rawMsgType`, and `event` only when it is text (a nested `<Event>` is kept as `$Event`).
 */
export function asUnknown(o: Obj, rawMsgType: string): Message {
  const event = o[EVENT];
  if (event !== undefined && typeof event !== 'string') {
    delete o[EVENT];
    put(o, '$Event', event);
  }
  o[MSG_TYPE] = 'unknown';
  o[RAW_MSG_TYPE] = rawMsgType;
  return o as unknown as Message;
}

/**
 * Turns an already-parsed push (the children of `<xml>`, as returned by `parseXml`) into a typed
 * {@link Message}, strictly: a push that does not fit its type is an error. (The webhook uses
 * {@link toMessageLenient}, which delivers such a push as `'unknown'` with a warning instead.)
 *
 * - Element names are case-sensitive. The names of WeChat's documentation become their camelCase
 *   keys (`Location_X → locationX`, `MsgID → msgID`); unknown elements are kept, camelCased —
 *   except a name whose key belongs to a known field, which is kept as `$` + its exact name
 *   (`<content>` → `$content`): a case variant is never read as the field.
 * - Documented numbers become numbers (`createTime`, `locationX`, `latitude`, `count`,
 *   `totalCount`, `fileTotalLen`, `expiredTime`, `publishStatus`, `errorCode`…); a value that is
 *   not a number there is MESSAGE_INVALID. IDs (`msgId`, `msgID`, `msgDataId`, `idx`,
 *   `publishId`, `articleId`) stay strings.
 * - Lists are always arrays: `sendPicsInfo.picList`, subscribe-popup `list`,
 *   `copyrightCheckResult.resultList`, `articleUrlResult.resultList`, `articleDetail.item`,
 *   `failIdx` — even when WeChat sends one element (or none: `[]`); so is every `item`, also
 *   under elements this SDK has no type for.
 * - The *value* of `Event` is matched case-sensitively, then against WeChat's case variants (e.g.
 *   `scan`), and is normalised to the documented spelling (`SCAN`). `MsgType` likewise (`Text` →
 *   `text`).
 * - An unrecognised `MsgType` or `Event` gives an {@link UnknownMessage} (`msgType: 'unknown'`,
 *   WeChat's value in `rawMsgType`, every field kept).
 *
 * @throws {WxmpError} `MESSAGE_INVALID` when `ToUserName`, `FromUserName`, `CreateTime` or `MsgType`
 *   is missing, empty or not text, when an event has no `Event`, when a field the type requires is
 *   missing, or when a documented number is not one (the message names the field).
 * @throws {WxmpError} `INVALID_ARGUMENT` when `record` is not an object.
 * @example
 * ```ts
 * const m = toMessage(parseXml(body));
 * if (m.msgType === 'event' && m.event === 'subscribe') console.log(m.scene ?? 'plain follow');
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_event_pushes.html
 */
export function toMessage(record: XmlRecord): Message {
  if (!isObj(record)) throw new WxmpError('INVALID_ARGUMENT', 'toMessage expects the record returned by parseXml');
  const o = convertRecord(record, '', PUSH);
  envelopeText(o, TO_USER, 'ToUserName');
  envelopeText(o, FROM_USER, 'FromUserName');
  const rawType = envelopeText(o, MSG_TYPE, 'MsgType');
  applySpec(o, ENVELOPE, '');

  const normal = lookup(MSG_TYPES, rawType);
  if (normal !== undefined) {
    o.msgType = normal;
    applySpec(o, NORMAL_BASE, '');
    applySpec(o, NORMAL[normal], '');
    return o as unknown as Message;
  }
  let rule: Rule | undefined;
  if (rawType === 'event' || rawType.toLowerCase() === 'event') {
    const rawEvent = envelopeText(o, EVENT, 'Event');
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
  return asUnknown(o, rawType);
}

/**
 * Parses a pushed (plaintext or already-decrypted) XML body into a typed {@link Message}, strictly
 * as {@link toMessage} does. The XML is read as a push: the root must be `<xml>`, and characters
 * XML forbids are dropped from text (`invalidChars: 'strip'` unless `options` says `'reject'`).
 *
 * @throws {WxmpError} `XML_*` codes from the parser (syntax, DTD, limits…), and every code of
 *   {@link toMessage}.
 * @example
 * ```ts
 * const m = parseMessage('<xml><ToUserName><![CDATA[gh_1]]></ToUserName>…</xml>');
 * if (m.msgType === 'text') console.log(m.content);
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html
 */
export function parseMessage(xml: string, options?: XmlParseOptions): Message {
  if (typeof xml !== 'string') throw new WxmpError('INVALID_ARGUMENT', 'parseMessage expects the XML body as a string');
  return toMessage(parseWith(xml, xmlConfig(options)));
}
