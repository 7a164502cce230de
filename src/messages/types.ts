/**
 * Typed shapes of the messages and events WeChat pushes to an Official Account server
 * (接收普通消息 / 接收事件推送).
 *
 * Field names are WeChat's element names in camelCase, mechanically (`Location_X → locationX`,
 * `MsgID → msgID`, `publish_id → publishId`), matched case-sensitively: only the documented
 * spelling fills a field. Fields documented as numbers are numbers; IDs (`msgId`, `msgID`,
 * `msgDataId`, `idx`, `publishId`, `articleId`) stay strings because they can exceed 2^53.
 * Elements this SDK does not know are kept on the object at run time (camelCased, or `$` + the
 * exact name when the camelCase key belongs to a known field — `<content>` → `$content`;
 * strings / nested objects / arrays, every `item` an array), but are not part of the static types
 * below.
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_event_pushes.html
 * @module
 */

import type { EventMessage } from './event-types.js';

export type * from './event-types.js';

/** The envelope every push carries. */
export interface MessageEnvelope {
  /** The Official Account's original id (`gh_…`, 开发者微信号). */
  toUserName: string;
  /** The sender's OpenID (or a system account for platform notifications). */
  fromUserName: string;
  /** Seconds since the epoch. */
  createTime: number;
}

/** Fields shared by the normal (user-sent) messages. */
export interface NormalMessageBase extends MessageEnvelope {
  /** 64-bit message id: a string, never a number (it exceeds 2^53). Use it to de-duplicate retries. */
  msgId: string;
  /** Data id of the article the message came from (only for messages sent from an article). */
  msgDataId?: string;
  /** Index (from 1) of the article in a multi-article send (only with `msgDataId`). */
  idx?: string;
}

/** 文本消息. */
export interface TextMessage extends NormalMessageBase {
  msgType: 'text';
  content: string;
}

/** 图片消息. */
export interface ImageMessage extends NormalMessageBase {
  msgType: 'image';
  picUrl: string;
  mediaId: string;
}

/** 语音消息; `recognition` appears when voice recognition (语音识别) is enabled. */
export interface VoiceMessage extends NormalMessageBase {
  msgType: 'voice';
  mediaId: string;
  /** e.g. `amr`, `speex`. */
  format: string;
  recognition?: string;
  /** 16 kHz media id (sent by newer clients). */
  mediaId16K?: string;
}

/** 视频消息. */
export interface VideoMessage extends NormalMessageBase {
  msgType: 'video';
  mediaId: string;
  thumbMediaId: string;
}

/** 小视频消息. */
export interface ShortVideoMessage extends NormalMessageBase {
  msgType: 'shortvideo';
  mediaId: string;
  thumbMediaId: string;
}

/** 地理位置消息 (a location the user chose to send). */
export interface LocationMessage extends NormalMessageBase {
  msgType: 'location';
  /** Latitude. */
  locationX: number;
  /** Longitude. */
  locationY: number;
  /** Map zoom level. */
  scale: number;
  label: string;
}

/** 链接消息. */
export interface LinkMessage extends NormalMessageBase {
  msgType: 'link';
  title: string;
  description: string;
  url: string;
}

/** 文件消息. */
export interface FileMessage extends NormalMessageBase {
  msgType: 'file';
  title: string;
  description?: string;
  fileKey: string;
  fileMd5: string;
  /** Size in bytes. */
  fileTotalLen: number;
}

/** Every message a user can send. */
export type NormalMessage = TextMessage | ImageMessage | VoiceMessage | VideoMessage | ShortVideoMessage | LocationMessage | LinkMessage | FileMessage;

/**
 * A push whose `MsgType` (or, for `MsgType=event`, whose `Event`) this SDK does not recognise —
 * or, from `toMessageLenient` (what the webhook uses), a push of a recognised type that
 * does not fit it: a required field missing (a text without `MsgId`), a malformed number, an
 * unexpected nesting. Then `rawMsgType` is the recognised type (`'text'`…) and the lenient call
 * returned a `MESSAGE_SCHEMA_DRIFT` warning.
 *
 * `msgType` is the literal `'unknown'` rather than WeChat's value: a `msgType: string` member
 * would swallow every `m.msgType === 'text'` comparison and break narrowing of the whole union.
 * WeChat's value is in `rawMsgType`; every other element is kept as parsed (strings, nested
 * objects, arrays — no number conversion besides `createTime`), keyed like every message
 * (camelCase; `$` + the exact name for a name whose key a known field owns), including `event`
 * for unrecognised events. After a lenient conversion a broken envelope reads `''` / `0`, with
 * the original under `$ToUserName`, `$FromUserName`, `$CreateTime`.
 */
export interface UnknownMessage extends MessageEnvelope {
  msgType: 'unknown';
  /** `MsgType` exactly as WeChat sent it (`event` for an unrecognised event). */
  rawMsgType: string;
  /** `Event`, exactly as sent, when the push had one. */
  event?: string;
  [field: string]: unknown;
}

/**
 * Any push, discriminated by `msgType` and, for events, by `event`.
 *
 * @example
 * ```ts
 * if (m.msgType === 'text') reply(m.content);
 * else if (m.msgType === 'event' && m.event === 'subscribe') welcome(m.scene);
 * else if (m.msgType === 'unknown') log(m.rawMsgType, m.event);
 * ```
 */
export type Message = NormalMessage | EventMessage | UnknownMessage;

/** `msgType` values of the user messages this SDK recognises. */
export type NormalMessageType = NormalMessage['msgType'];
/** `event` values this SDK recognises (WeChat's spelling, case-sensitive). */
export type EventType = EventMessage['event'];
/** The message variant for a given `msgType`. */
export type MessageOfType<T extends NormalMessageType> = Extract<NormalMessage, { msgType: T }>;
/** The event variant for a given `event`. */
export type EventOfType<E extends EventType> = Extract<EventMessage, { event: E }>;
