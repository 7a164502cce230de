// The webhook's pipeline, one named stage after the other (SECURITY.md, "Authenticate before
// reading"). Each stage lives in its own module and is unit-tested there:
//   1. authenticate.ts  method, query, signature, timestamp, mode, encoding, length: nothing read yet
//   2. incoming.read    the body under the cap and the deadline (body.ts for the Web, node.ts for node:http)
//   3. decode.ts        strict UTF-8; for an encrypted push <Encrypt>, msg_signature, decryption; the XML parser
//   4. messages/        the typed message; a push its type does not fit is delivered as 'unknown' (drift warning)
//   5. deliver.ts       de-duplication of retries and replays (dedupe.ts holds the store and the key)
//   6. handler.ts       the handler under the reply deadline
//   7. reply.ts         the reply rendered and, for an encrypted push, encrypted
// A failure at any stage becomes the generic answer of answer.ts, reported through report.ts.
import { WxmpError } from '../errors.js';
import { toMessageLenient } from '../messages/index.js';
import { refusal } from './answer.js';
import { authenticate } from './authenticate.js';
import { dedupeKey } from './dedupe.js';
import { deliver } from './deliver.js';
import { decodePush } from './decode.js';
import { HandlerContext, runHandler } from './handler.js';
import type { WebhookConfig } from './options.js';
import type { WebhookCore, WebhookIncoming, WebhookOutgoing } from './types.js';

/**
 * Wires the stages into the transport-neutral core of one webhook. The core never rejects: a
 * `WxmpError` from a stage is answered with its status; anything else is a bug of wxmp, answered
 * 500 and reported as `WEBHOOK_INTERNAL_ERROR`.
 *
 * @example
 * ```ts
 * const core = createPipeline(resolveWebhookOptions({ token, handler }))
 * const answer = await core(incoming) // { status, body, xml, close? }
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html
 */
export function createPipeline(config: WebhookConfig): WebhookCore {
  const { auth, bodyTimeoutMs, xml, runtime: rt, dedupe } = config;

  const fail = (e: unknown, incoming: WebhookIncoming): WebhookOutgoing => {
    // Anything but a WxmpError is a bug of the pipeline, never a property of the push.
    const error = e instanceof WxmpError ? e : rt.fault('WEBHOOK_INTERNAL_ERROR', 'unexpected exception in the webhook', e);
    const out = refusal(error);
    rt.report(error, out.status, incoming);
    return out;
  };

  const pipeline = async (incoming: WebhookIncoming): Promise<WebhookOutgoing> => {
    let admitted: ReturnType<typeof authenticate>;
    try {
      admitted = authenticate(auth, incoming); // 1
    } catch (e) {
      incoming.discard();
      return fail(e, incoming);
    }
    if (!('q' in admitted)) return admitted; // the answer of a GET
    const { q, encrypted } = admitted;
    let push: ReturnType<typeof decodePush>;
    let typed: ReturnType<typeof toMessageLenient>;
    try {
      const body = await incoming.read(auth.maxBodyBytes, incoming.receivedAt + bodyTimeoutMs - Date.now(), admitted.length); // 2
      push = decodePush(body, q, encrypted ? auth.mc : undefined, xml); // 3
      typed = toMessageLenient(push.record); // 4: an authenticated push is never refused for its shape
    } catch (e) {
      return fail(e, incoming);
    }
    const { message } = typed;
    if (typed.warning) rt.report(typed.warning, 200, incoming, message, 'warn');
    const key = dedupe === undefined ? undefined : dedupeKey(push.xml);
    const ctx = new HandlerContext(rt, incoming, message, q, encrypted, key);
    const run = (): Promise<WebhookOutgoing> => runHandler(rt, message, ctx, incoming); // 6, 7
    return dedupe === undefined || key === undefined ? run() : deliver(rt, dedupe, key, message, ctx, incoming, run); // 5
  };

  return (incoming) => pipeline(incoming).catch((e: unknown) => fail(e, incoming));
}
