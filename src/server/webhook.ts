// createWebhook: the options checked (options.ts), the stages wired (pipeline.ts), and the Web
// adapter around them (web.ts). toNodeListener (node.ts) runs the same pipeline on node:http. With
// `component`, the Open Platform's variant, built by the component on the same pipeline.
import { WxmpError } from '../errors.js';
import type { AuthorizerWebhookOptions } from '../open-platform/types.js';
import { resolveWebhookOptions } from './options.js';
import { createPipeline } from './pipeline.js';
import type { Webhook, WebhookComponent, WebhookOptions } from './types.js';
import { toWebhook } from './web.js';

/**
 * Creates the webhook for the server URL (服务器地址): URL verification on `GET`, pushes on `POST`.
 * Before a byte of the body is read: method (405), query syntax and size (400), `signature` in
 * constant time (400 missing, 403 wrong), timestamp window (403), mode policy (403 for a plaintext
 * push in safe mode), `Content-Encoding` (415) and `Content-Length` (413). Then the body is read
 * into one buffer under the cap (413) and deadline (408), decoded as strict UTF-8 (400), and for an
 * encrypted push only `<Encrypt>` is taken from it, `msg_signature` verified (403) and the message
 * decrypted (400) and parsed (400). A push whose schema the typed conversion refuses is still
 * delivered (`'unknown'`) with a `MESSAGE_SCHEMA_DRIFT` warning. Retries are de-duplicated (replays
 * too, while their timestamp is accepted), the handler runs under the deadline, the reply is
 * rendered and, for encrypted pushes, encrypted. Error responses carry a generic body; details go
 * to `onError` or, without it, to the (rate-limited) console. It never throws.
 *
 * @throws {WxmpError} `INVALID_CONFIG` for a bad option (short token, only one of
 * `encodingAESKey`/`appId`, an encrypted mode without them, `auth: 'msg_signature'` outside safe
 * mode, a non-positive limit…).
 * @example
 * ```ts
 * const webhook = createWebhook({ token, encodingAESKey, appId, handler: (m) =>
 *   m.msgType === 'text' ? { msgType: 'text', content: m.content } : 'success' })
 * Deno.serve(webhook)
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html
 */
export function createWebhook(options: WebhookOptions): Webhook;
/**
 * Creates the Open Platform's 消息与事件接收URL (`https://…/$APPID$/callback`): one endpoint for
 * the pushes of every authorizing account, decrypted and answered with the component's
 * Token/EncodingAESKey (安全模式 only), `ctx.authorizerAppId` taken from the path, de-duplicated per
 * authorizer, and with `releaseTest: true` the 全网发布 checks answered. Every rule of the webhook
 * above holds; see `ComponentClient` in `wxmp/open-platform`.
 *
 * @throws {WxmpError} `INVALID_CONFIG` for a `component` that is not a `ComponentClient` or a bad option.
 * @example
 * ```ts
 * const webhook = createWebhook({ component, handler: (m, ctx) => ({ msgType: 'text', content: `${ctx.authorizerAppId}: hi` }) })
 * ```
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/Before_Develop/message_push.html
 */
export function createWebhook(options: AuthorizerWebhookOptions): Webhook;
export function createWebhook(options: WebhookOptions | AuthorizerWebhookOptions): Webhook {
  if (typeof options === 'object' && options !== null && 'component' in options && options.component !== undefined) {
    const component = options.component as Partial<WebhookComponent> | null;
    if (typeof component?.authorizerWebhook !== 'function')
      throw new WxmpError('INVALID_CONFIG', 'component must be a ComponentClient from wxmp/open-platform');
    return component.authorizerWebhook(options);
  }
  return toWebhook(createPipeline(resolveWebhookOptions(options as WebhookOptions)));
}
