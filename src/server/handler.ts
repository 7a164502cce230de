// Stage 6 of the webhook: the handler under the reply deadline, and the context it receives.
import type { MessageCrypto } from '../crypto/index.js';
import { WxmpError, type WxmpErrorCode } from '../errors.js';
import type { Message } from '../messages/index.js';
import type { WebhookQuery } from './query.js';
import type { Report } from './report.js';
import { renderAnswer } from './reply.js';
import type { HandlerResult, WebhookIncoming, WebhookOutgoing, WebhookContext, WebhookHandler, WebhookOptions } from './types.js';

/** What running a handler needs, fixed when the webhook is created. */
export interface HandlerRuntime {
  handler: WebhookHandler;
  onLate: WebhookOptions['onLate'];
  mc: MessageCrypto | undefined;
  now: () => number;
  deadlineMs: number;
  /** The answer when the handler failed or missed the deadline. */
  fallback: WebhookOutgoing;
  report: Report;
  /** Wraps a foreign error (see `foreign` in report.ts) with the webhook's secrets. */
  fault: (code: WxmpErrorCode, what: string, e: unknown) => WxmpError;
}

const TIMEOUT = Symbol('timeout');

/** True for a promise or any other thenable. */
export function isThenable<T>(v: unknown): v is PromiseLike<T> {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

/**
 * Runs the handler; answers its rendered reply, or `fallback` when it throws, rejects or misses
 * the deadline (its late result then reaches `onLate`). A synchronous handler cannot be cut off.
 *
 * @example
 * ```ts
 * const out = await runHandler(rt, message, ctx, incoming)
 * ```
 */
export async function runHandler(rt: HandlerRuntime, message: Message, ctx: WebhookContext, incoming: WebhookIncoming): Promise<WebhookOutgoing> {
  let result: HandlerResult | PromiseLike<HandlerResult>;
  try {
    result = rt.handler(message, ctx);
  } catch (e) {
    rt.report(rt.fault('WEBHOOK_HANDLER_FAILED', 'handler threw', e), 200, incoming, message);
    return rt.fallback;
  }
  if (!isThenable<HandlerResult>(result)) return renderAnswer(rt, result, message, ctx, incoming);
  const pending = result;
  let late = false;
  const settled = await new Promise<{ ok: true; value: HandlerResult } | { ok: false; error: unknown } | typeof TIMEOUT>((resolve) => {
    const timer = setTimeout(
      () => {
        late = true;
        resolve(TIMEOUT);
      },
      Math.max(0, ctx.deadline - Date.now()),
    );
    pending.then(
      (value) => {
        clearTimeout(timer);
        if (!late) return resolve({ ok: true, value });
        if (!rt.onLate) return;
        try {
          rt.onLate(value, message, ctx);
        } catch (e) {
          rt.report(rt.fault('WEBHOOK_HANDLER_FAILED', 'onLate threw', e), 200, incoming, message);
        }
      },
      (error: unknown) => {
        clearTimeout(timer);
        if (!late) return resolve({ ok: false, error });
        rt.report(rt.fault('WEBHOOK_HANDLER_FAILED', 'handler failed after the deadline', error), 200, incoming, message);
      },
    );
  });
  if (settled === TIMEOUT) {
    rt.report(
      new WxmpError('WEBHOOK_HANDLER_TIMEOUT', `handler did not finish within ${rt.deadlineMs} ms; answered ${rt.fallback.body || 'an empty body'}`),
      200,
      incoming,
      message,
    );
    incoming.platform?.waitUntil?.(
      Promise.resolve(pending).then(
        () => {},
        () => {},
      ),
    );
    return rt.fallback;
  }
  if (!settled.ok) {
    rt.report(rt.fault('WEBHOOK_HANDLER_FAILED', 'handler rejected', settled.error), 200, incoming, message);
    return rt.fallback;
  }
  return renderAnswer(rt, settled.value, message, ctx, incoming);
}

/**
 * The handler's second argument. A class: an object literal with a `get request()` costs ~0.45 µs to
 * build on Node 20 (a new accessor per push), this ~20 ns.
 */
export class HandlerContext implements WebhookContext {
  readonly openId: string;
  readonly timestamp: string;
  readonly nonce: string;
  readonly receivedAt: number;
  readonly deadline: number;
  /** An own function, so that `const { waitUntil } = ctx` works. */
  readonly waitUntil: (promise: Promise<unknown>) => void;
  readonly #incoming: WebhookIncoming;

  constructor(
    rt: HandlerRuntime,
    incoming: WebhookIncoming,
    message: Message,
    q: WebhookQuery,
    readonly encrypted: boolean,
    readonly dedupeKey: string | undefined,
  ) {
    this.openId = q.openId ?? String(message.fromUserName ?? '');
    this.timestamp = q.timestamp;
    this.nonce = q.nonce;
    this.receivedAt = incoming.receivedAt;
    this.deadline = incoming.receivedAt + rt.deadlineMs;
    this.#incoming = incoming;
    this.waitUntil = (promise) => {
      const guarded = Promise.resolve(promise).then(undefined, (e: unknown) =>
        rt.report(rt.fault('WEBHOOK_HANDLER_FAILED', 'background task failed', e), 200, incoming, message),
      );
      incoming.platform?.waitUntil?.(guarded);
    };
  }

  get request(): Request {
    return this.#incoming.request();
  }
}
