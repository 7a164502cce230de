// The one call site that turns an authenticated push into the handler's Message: schema drift
// never refuses a push, it delivers what it can and warns.
import { isWxmpError, WxmpError } from '../errors.js';
import { toMessage, type Message, type UnknownMessage } from '../messages.js';
import { convertRecord, type Obj } from '../messages/convert.js';
import type { XmlRecord } from '../xml.js';

/** A push ready for the handler, with the reason when it could not be typed. */
export interface PushMessage {
  message: Message;
  /** `MESSAGE_INVALID` when the typed conversion refused the push; it is reported as a warning. */
  warning?: WxmpError;
}

/** Every element camelCased, as text; only the top-level text fields when even that is impossible. */
function fields(record: XmlRecord): Obj {
  try {
    return convertRecord(record, '');
  } catch {
    // nested deeper than the converter allows (only with a raised xmlLimits.maxDepth)
    const o: Obj = {};
    for (const [k, v] of Object.entries(record)) if (typeof v === 'string') o[k] = v;
    return o;
  }
}

/**
 * Turns the parsed record of an authenticated push into the handler's {@link Message}. WeChat's
 * schema drifts (a text without `MsgId`, an image without `MediaId`, a new event nested
 * differently): when the typed conversion refuses the push with `MESSAGE_INVALID`, it is still
 * delivered — as the `'unknown'` variant with WeChat's `MsgType` in `rawMsgType` and every element
 * kept, camelCased, as sent (numbers stay text) — and the refusal comes back as `warning`.
 *
 * @throws nothing but unexpected exceptions (bugs), which the webhook answers with 500.
 * @example
 * const { message, warning } = toPushMessage(record) // never MESSAGE_INVALID
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html
 */
export function toPushMessage(record: XmlRecord): PushMessage {
  try {
    return { message: toMessage(record) };
  } catch (e) {
    if (!isWxmpError(e, 'MESSAGE_INVALID')) throw e;
    const o = fields(record);
    const raw = o.msgType;
    o.rawMsgType = typeof raw === 'string' ? raw : '';
    o.msgType = 'unknown';
    const warning = new WxmpError('MESSAGE_INVALID', `${e.message.replace(/^MESSAGE_INVALID: /, '')}; delivered as msgType 'unknown'`);
    return { message: o as UnknownMessage, warning };
  }
}
