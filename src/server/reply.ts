// Stage 7 of the webhook: the handler's result rendered as the reply XML and, for an encrypted
// push, encrypted.
import { WxmpError } from '../errors.js';
import type { Message } from '../messages/index.js';
import { renderReply } from '../replies/index.js';
import type { HandlerRuntime } from './handler.js';
import type { HandlerResult, WebhookContext, WebhookIncoming, WebhookOutgoing } from './types.js';

/**
 * The answer for a handler's result: `success` or an empty body for no reply, else the rendered
 * reply (encrypted when the push was). A reply that cannot be rendered is reported (its `REPLY_*`
 * code says what was wrong) and answered with the fallback.
 *
 * @example
 * ```ts
 * renderAnswer(rt, { msgType: 'text', content: 'hi' }, message, ctx, incoming) // { status: 200, body: '<xml>…', xml: true }
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html
 */
export function renderAnswer(rt: HandlerRuntime, result: HandlerResult, message: Message, ctx: WebhookContext, incoming: WebhookIncoming): WebhookOutgoing {
  if (result === undefined || result === null || result === 'success') return { status: 200, body: 'success', xml: false };
  if (result === '') return { status: 200, body: '', xml: false };
  try {
    if (typeof result === 'string') {
      throw new WxmpError('REPLY_INVALID', "a handler returned a string: return { msgType: 'text', content } to reply with text");
    }
    const t = Math.floor(rt.now());
    let xml = renderReply(result, { toUserName: message.fromUserName, fromUserName: message.toUserName, createTime: t });
    if (ctx.encrypted && rt.mc) xml = rt.mc.encryptMessage(xml, { timestamp: String(t) });
    return { status: 200, body: xml, xml: true };
  } catch (e) {
    // REPLY_* errors say exactly what was wrong with the returned reply
    rt.report(e instanceof WxmpError ? e : rt.fault('WEBHOOK_HANDLER_FAILED', 'rendering the reply failed', e), 200, incoming, message);
    return rt.fallback;
  }
}
