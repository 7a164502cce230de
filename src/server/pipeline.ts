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
import type { LenientMessage, Message } from '../messages/index.js';
import type { XmlRecord } from '../xml/index.js';
import type { HandlerRuntime } from './handler.js';
import type { WebhookConfig } from './options.js';
import type { WebhookQuery } from './query.js';
import type { WebhookCore, WebhookIncoming, WebhookOutgoing } from './types.js';

/**
 * How a variant of the webhook (the Open Platform's two endpoints) adapts the one pipeline: every
 * stage and rule stays the same (authentication before reading, caps, decryption, de-duplication,
 * the deadline, rendering); these three steps may differ.
 */
export interface PipelineHooks {
  /**
   * After authentication, before the body is read: the push's scope (the authorizer AppID from
   * the path), which prefixes its de-duplication key; throws a WxmpError to refuse the push.
   */
  scope?(incoming: WebhookIncoming): string;
  /** The decrypted, parsed record → what the handler receives (default `toMessageLenient`). */
  interpret?(record: XmlRecord): LenientMessage;
  /** Builds the handler's context (default a {@link HandlerContext}). */
  context?(
    rt: HandlerRuntime,
    incoming: WebhookIncoming,
    message: Message,
    q: WebhookQuery,
    encrypted: boolean,
    key: string | undefined,
    scope: string | undefined,
  ): HandlerContext;
}

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
export function createPipeline(config: WebhookConfig, hooks: PipelineHooks = {}): WebhookCore {
  const { auth, bodyTimeoutMs, xml, runtime: rt, dedupe } = config;
  const interpret = hooks.interpret ?? toMessageLenient;

  const fail = (e: unknown, incoming: WebhookIncoming): WebhookOutgoing => {
    // Anything but a WxmpError is a bug of the pipeline, never a property of the push.
    const error = e instanceof WxmpError ? e : rt.fault('WEBHOOK_INTERNAL_ERROR', 'unexpected exception in the webhook', e);
    const out = refusal(error);
    rt.report(error, out.status, incoming);
    return out;
  };

  const pipeline = async (incoming: WebhookIncoming): Promise<WebhookOutgoing> => {
    let admitted: ReturnType<typeof authenticate>;
    let scope: string | undefined;
    try {
      admitted = authenticate(auth, incoming); // 1
      if (!('q' in admitted)) return admitted; // the answer of a GET
      scope = hooks.scope?.(incoming);
    } catch (e) {
      incoming.discard();
      return fail(e, incoming);
    }
    const { q, encrypted } = admitted;
    let push: ReturnType<typeof decodePush>;
    let typed: LenientMessage;
    try {
      const body = await incoming.read(auth.maxBodyBytes, incoming.receivedAt + bodyTimeoutMs - Date.now(), admitted.length); // 2
      push = decodePush(body, q, encrypted ? auth.mc : undefined, xml); // 3
      typed = interpret(push.record); // 4: an authenticated push is never refused for its shape
    } catch (e) {
      return fail(e, incoming);
    }
    const { message } = typed;
    if (typed.warning) rt.report(typed.warning, 200, incoming, message, 'warn');
    const key = dedupe === undefined ? undefined : scope === undefined ? dedupeKey(push.xml) : `${scope}:${dedupeKey(push.xml)}`;
    const ctx = hooks.context ? hooks.context(rt, incoming, message, q, encrypted, key, scope) : new HandlerContext(rt, incoming, message, q, encrypted, key);
    const run = (): Promise<WebhookOutgoing> => runHandler(rt, message, ctx, incoming); // 6, 7
    return dedupe === undefined || key === undefined ? run() : deliver(rt, dedupe, key, message, ctx, incoming, run); // 5
  };

  return (incoming) => pipeline(incoming).catch((e: unknown) => fail(e, incoming));
}
