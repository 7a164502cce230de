// Delivery without loss: a push that does not fit its type becomes the 'unknown' variant plus a
// warning, instead of an error that would make WeChat retry and then show "该公众号暂时无法提供服务".
import { WxmpError, isWxmpError } from '../errors.js';
import { preview } from '../internal/bytes.js';
import type { XmlRecord } from '../xml/index.js';
import { convertRecord, parseNumber, put, type Obj } from './convert.js';
import { PUSH } from './names.js';
import { asUnknown, toMessage } from './parse.js';
import { CREATE_TIME, FROM_USER, MSG_TYPE, TO_USER } from './specs.js';
import type { Message } from './types.js';

/** Result of {@link toMessageLenient}. */
export interface LenientMessage {
  /** The typed message, or the `'unknown'` variant when the push does not fit its type. */
  message: Message;
  /** Present when `message` is `'unknown'` because of the push's shape: what did not fit. */
  warning?: WxmpError<'MESSAGE_SCHEMA_DRIFT'>;
}

/** Sets an envelope field to `value`; when that is undefined, to `fallback`, keeping the original as `$` + its element name. */
function envelope<T>(o: Obj, key: string, name: string, value: T | undefined, fallback: T): void {
  if (value === undefined && o[key] !== undefined) put(o, `$${name}`, o[key]);
  o[key] = value ?? fallback;
}

/**
 * Like {@link toMessage}, but never fails because of the push's shape: a push that lacks a field
 * its type requires (a text without `MsgId`, an image without `MediaId`), has a malformed number,
 * or nests a known part unexpectedly is delivered as the {@link UnknownMessage} variant —
 * `msgType: 'unknown'`, WeChat's type in `rawMsgType` (`'text'`…), every element kept as parsed
 * (strings, no number conversion) — together with a `MESSAGE_SCHEMA_DRIFT` warning naming what
 * did not fit. Typed variants thus always carry what their types promise. Even a broken envelope
 * is delivered: a `ToUserName`/`FromUserName` that is missing or not text becomes `''`, a
 * `CreateTime` that is not an integer `0`, a missing `MsgType` gives `rawMsgType: ''`; the
 * original value, if any, is kept as `$ToUserName`, `$CreateTime`… This is what the webhook calls:
 * an authenticated push is never refused for its shape.
 *
 * @throws {WxmpError} `INVALID_ARGUMENT` when `record` is not an object, `MESSAGE_INVALID` only for
 * records no XML parser produces (values that are not text or elements, cycles, nesting deeper
 * than 32) — never for a record from `parseXml`.
 * @example
 * ```ts
 * const { message, warning } = toMessageLenient(parseXml(body, { root: 'xml', invalidChars: 'strip' }));
 * if (warning) log.warn(warning.message); // e.g. "message lacks required field msgId; delivered as msgType 'unknown' …"
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html
 */
export function toMessageLenient(record: XmlRecord): LenientMessage {
  try {
    return { message: toMessage(record) };
  } catch (e) {
    if (!isWxmpError(e, 'MESSAGE_INVALID')) throw e;
    // A fresh conversion: the strict pass may have converted some fields in place before failing.
    const o = convertRecord(record, '', PUSH);
    const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
    envelope(o, TO_USER, 'ToUserName', text(o[TO_USER]), '');
    envelope(o, FROM_USER, 'FromUserName', text(o[FROM_USER]), '');
    const time = o[CREATE_TIME];
    envelope(o, CREATE_TIME, 'CreateTime', typeof time === 'string' ? parseNumber(time, true) : undefined, 0);
    const raw = text(o[MSG_TYPE]);
    if (raw === undefined && o[MSG_TYPE] !== undefined) put(o, '$MsgType', o[MSG_TYPE]);
    const detail = e.message.slice(e.code.length + 2);
    const warning = new WxmpError('MESSAGE_SCHEMA_DRIFT', `${detail}; delivered as msgType 'unknown' (rawMsgType ${preview(raw ?? '')})`, { cause: e });
    return { message: asUnknown(o, raw ?? ''), warning };
  }
}
