// The webhook: a Web-standard `Request → Response` function running the pipeline of security.md 5.1.
import { encryptOf, MessageCrypto } from '../crypto.js';
import { WxmpError, type WxmpErrorCode } from '../errors.js';
import { redactValues, scrubError } from '../internal/redact.js';
import { assertServerToken } from '../internal/server-token.js';
import { toMessageLenient, type Message } from '../messages.js';
import { renderReply } from '../replies.js';
import { checkSignature, isTimestampFresh } from '../signature.js';
import { parseWith, xmlConfig } from '../xml/parse.js';
import type { XmlRecord } from '../xml.js';
import { decodeUtf8Body, readBody, tooLarge } from './body.js';
import { dedupeKey, MemoryDedupeStore, type DedupeClaim, type DedupeStore } from './dedupe.js';
import { parseWebhookQuery, type WebhookQuery } from './query.js';
import { kCore, type CoreWebhook, type HandlerResult, type Incoming, type Outgoing, type PlatformContext, type Webhook, type WebhookContext, type WebhookErrorContext, type WebhookMode, type WebhookOptions } from './types.js';

export type { HandlerResult, PlatformContext, Webhook, WebhookContext, WebhookErrorContext, WebhookHandler, WebhookMode, WebhookOptions } from './types.js';
export { kCore } from './types.js';
export type { CoreWebhook, Incoming, Outgoing } from './types.js';

const STATUS: Partial<Record<WxmpErrorCode, number>> = {
  WEBHOOK_METHOD_NOT_ALLOWED: 405,
  WEBHOOK_SIGNATURE_INVALID: 403,
  WEBHOOK_TIMESTAMP_EXPIRED: 403,
  WEBHOOK_PLAINTEXT_REJECTED: 403,
  CRYPTO_SIGNATURE_INVALID: 403,
  WEBHOOK_BODY_TOO_LARGE: 413,
  WEBHOOK_BODY_TIMEOUT: 408,
  WEBHOOK_UNSUPPORTED_ENCODING: 415,
};
const REASON: Record<number, string> = {
  400: 'Bad Request', 403: 'Forbidden', 405: 'Method Not Allowed', 408: 'Request Timeout', 413: 'Payload Too Large', 415: 'Unsupported Media Type',
};
const TIMEOUT = Symbol('timeout');
const POLL_MS = 100;

function isThenable<T>(v: unknown): v is PromiseLike<T> {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

function positive(name: string, v: number | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new WxmpError('INVALID_CONFIG', `${name} must be a positive number`);
  return v;
}

/**
 * Creates the webhook for the server URL (服务器地址): URL verification on `GET`, pushes on `POST`,
 * checked in the order of the threat model — method (405), query syntax (400), `signature` in
 * constant time (403), timestamp window (403), mode policy (403 for a plaintext push in safe mode),
 * `Content-Encoding` (415), body size (413) and read deadline (408), strict UTF-8 and XML (400),
 * `msg_signature` (403) and decryption (400), typed message (400) — then de-duplicates retries,
 * runs the handler under the deadline, renders and (for encrypted pushes) encrypts the reply.
 * Error responses carry a generic body; details go to `onError`. It never throws.
 *
 * @throws WxmpError `INVALID_CONFIG` for a bad option (short token, only one of
 * `encodingAESKey`/`appId`, an encrypted mode without them, a non-positive limit…).
 * @example
 * const webhook = createWebhook({ token, encodingAESKey, appId, handler: (m) =>
 *   m.msgType === 'text' ? { msgType: 'text', content: m.content } : 'success' })
 * Deno.serve(webhook)
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html
 */
export function createWebhook(options: WebhookOptions): Webhook {
  if (typeof options !== 'object' || options === null) throw new WxmpError('INVALID_CONFIG', 'createWebhook needs { token, handler }');
  const { token, encodingAESKey, appId, handler, onError, onLate } = options;
  assertServerToken(token);
  if (typeof handler !== 'function') throw new WxmpError('INVALID_CONFIG', 'handler must be a function');
  if ((encodingAESKey === undefined) !== (appId === undefined)) throw new WxmpError('INVALID_CONFIG', 'encodingAESKey and appId must be given together');
  const mc = encodingAESKey !== undefined && appId !== undefined ? new MessageCrypto({ token, encodingAESKey, appId }) : undefined;
  const mode: WebhookMode = options.mode ?? (mc ? 'safe' : 'plaintext');
  if (mode !== 'plaintext' && mode !== 'compatible' && mode !== 'safe') throw new WxmpError('INVALID_CONFIG', 'mode must be plaintext, compatible or safe');
  if (mode === 'plaintext' && mc) throw new WxmpError('INVALID_CONFIG', "mode 'plaintext' ignores encodingAESKey/appId: remove them or use 'compatible'/'safe'");
  if (mode !== 'plaintext' && !mc) throw new WxmpError('INVALID_CONFIG', `mode '${mode}' needs encodingAESKey and appId`);
  const echostrMode = options.echostr ?? 'plain';
  if (echostrMode !== 'plain' && echostrMode !== 'encrypted') throw new WxmpError('INVALID_CONFIG', "echostr must be 'plain' or 'encrypted'");
  if (echostrMode === 'encrypted' && !mc) throw new WxmpError('INVALID_CONFIG', "echostr 'encrypted' needs encodingAESKey and appId");
  const store = options.dedupe === undefined ? new MemoryDedupeStore() : options.dedupe;
  if (store !== false && (typeof store !== 'object' || store === null || typeof store.claim !== 'function')) {
    throw new WxmpError('INVALID_CONFIG', 'dedupe must be a DedupeStore or false');
  }
  const ttl = positive('dedupeTtlSeconds', options.dedupeTtlSeconds, 300);
  const deadlineMs = positive('deadlineMs', options.deadlineMs, 4000);
  const maxBodyBytes = positive('maxBodyBytes', options.maxBodyBytes, 256 * 1024);
  const bodyTimeoutMs = positive('bodyTimeoutMs', options.bodyTimeoutMs, 3000);
  const window = options.timestampWindowSeconds ?? 300;
  if (window !== false) positive('timestampWindowSeconds', window, 300);
  const now = options.now ?? (() => Date.now() / 1000);
  const fallback: Outgoing = { status: 200, body: options.fallbackReply ?? 'success', xml: false };
  if (fallback.body !== 'success' && fallback.body !== '') throw new WxmpError('INVALID_CONFIG', "fallbackReply must be 'success' or ''");
  let xml: ReturnType<typeof xmlConfig>;
  try {
    xml = xmlConfig(options.xmlLimits); // checked once, not per push
  } catch (e) {
    throw new WxmpError('INVALID_CONFIG', `xmlLimits: ${(e as Error).message}`);
  }
  const secrets = [token, encodingAESKey];
  const inflight = new Map<string, Promise<Outgoing>>();

  const report = (error: WxmpError, status: number, incoming: Incoming, message?: Message): void => {
    if (!onError) return;
    const ctx: WebhookErrorContext = message === undefined
      ? { status, get request() { return incoming.request(); } }
      : { status, message, get request() { return incoming.request(); } };
    try {
      onError(error, ctx);
    } catch {
      // a failing logger must not change the answer
    }
  };

  const wrap = (code: WxmpErrorCode, what: string, e: unknown): WxmpError => {
    if (e instanceof WxmpError && code !== 'WEBHOOK_HANDLER_FAILED') return e;
    const scrub = (text: string): string => redactValues(text, secrets);
    const text = scrub(e instanceof Error ? e.message : String(e));
    return new WxmpError(code, `${what}: ${text.slice(0, 200)}`, e instanceof Error ? { cause: scrubError(e, scrub) } : {});
  };

  const fail = (e: unknown, incoming: Incoming): Outgoing => {
    const error: WxmpError = e instanceof WxmpError ? e : wrap('MESSAGE_INVALID', 'could not process the push', e);
    const status = STATUS[error.code] ?? 400;
    report(error, status, incoming);
    return { status, body: REASON[status] ?? 'Error', xml: false, close: status === 413 || status === 408 };
  };

  const render = (result: HandlerResult, message: Message, ctx: WebhookContext, incoming: Incoming): Outgoing => {
    if (result === undefined || result === null || result === 'success') return { status: 200, body: 'success', xml: false };
    if (result === '') return { status: 200, body: '', xml: false };
    try {
      if (typeof result === 'string') {
        throw new WxmpError('REPLY_INVALID', "a handler returned a string: return { msgType: 'text', content } to reply with text");
      }
      const t = Math.floor(now());
      let xml = renderReply(result, { toUserName: message.fromUserName, fromUserName: message.toUserName, createTime: t });
      if (ctx.encrypted && mc) xml = mc.encryptMessage(xml, { timestamp: String(t) });
      return { status: 200, body: xml, xml: true };
    } catch (e) {
      // REPLY_* errors say exactly what was wrong with the returned reply
      report(e instanceof WxmpError ? e : wrap('WEBHOOK_HANDLER_FAILED', 'rendering the reply failed', e), 200, incoming, message);
      return fallback;
    }
  };

  const runHandler = async (message: Message, ctx: WebhookContext, incoming: Incoming): Promise<Outgoing> => {
    let result: HandlerResult | PromiseLike<HandlerResult>;
    try {
      result = handler(message, ctx);
    } catch (e) {
      report(wrap('WEBHOOK_HANDLER_FAILED', 'handler threw', e), 200, incoming, message);
      return fallback;
    }
    if (!isThenable<HandlerResult>(result)) return render(result, message, ctx, incoming);
    const pending = result;
    let late = false;
    const settled = await new Promise<{ ok: true; value: HandlerResult } | { ok: false; error: unknown } | typeof TIMEOUT>((resolve) => {
      const timer = setTimeout(() => {
        late = true;
        resolve(TIMEOUT);
      }, Math.max(0, ctx.deadline - Date.now()));
      pending.then(
        (value) => {
          clearTimeout(timer);
          if (!late) return resolve({ ok: true, value });
          if (onLate) {
            try {
              onLate(value, message, ctx);
            } catch (e) {
              report(wrap('WEBHOOK_HANDLER_FAILED', 'onLate threw', e), 200, incoming, message);
            }
          }
        },
        (error: unknown) => {
          clearTimeout(timer);
          if (!late) return resolve({ ok: false, error });
          report(wrap('WEBHOOK_HANDLER_FAILED', 'handler failed after the deadline', error), 200, incoming, message);
        },
      );
    });
    if (settled === TIMEOUT) {
      report(new WxmpError('WEBHOOK_HANDLER_TIMEOUT', `handler did not finish within ${deadlineMs} ms; answered ${fallback.body || 'an empty body'}`), 200, incoming, message);
      incoming.platform?.waitUntil?.(Promise.resolve(pending).then(() => {}, () => {}));
      return fallback;
    }
    if (!settled.ok) {
      report(wrap('WEBHOOK_HANDLER_FAILED', 'handler rejected', settled.error), 200, incoming, message);
      return fallback;
    }
    return render(settled.value, message, ctx, incoming);
  };

  const background = (promise: Promise<unknown>, incoming: Incoming, message: Message): void => {
    const guarded = Promise.resolve(promise).then(undefined, (e: unknown) => report(wrap('WEBHOOK_HANDLER_FAILED', 'background task failed', e), 200, incoming, message));
    incoming.platform?.waitUntil?.(guarded);
  };

  const storeFailed = (e: unknown, incoming: Incoming, message: Message): void => {
    report(wrap('WEBHOOK_STORE_FAILED', 'dedupe store failed', e), 200, incoming, message);
  };

  const waitForReply = async (s: DedupeStore, key: string, ctx: WebhookContext, incoming: Incoming, message: Message): Promise<Outgoing> => {
    for (;;) {
      let reply: unknown;
      try {
        const r = s.getReply(key);
        reply = isThenable(r) ? await r : r;
      } catch (e) {
        storeFailed(e, incoming, message);
        return fallback;
      }
      if (typeof reply === 'string') return { status: 200, body: reply, xml: reply !== 'success' && reply !== '' };
      const left = ctx.deadline - Date.now();
      if (left <= 0) return fallback;
      await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, left)));
    }
  };

  const deduplicated = async (s: DedupeStore, key: string, message: Message, ctx: WebhookContext, incoming: Incoming): Promise<Outgoing> => {
    let claim: unknown;
    try {
      const c = s.claim(key, ttl);
      claim = isThenable<DedupeClaim>(c) ? await c : c;
      if (claim !== 'new' && claim !== 'duplicate') throw new Error(`claim() returned ${String(claim).slice(0, 32)}`);
    } catch (e) {
      storeFailed(e, incoming, message);
      claim = 'new';
    }
    if (claim === 'duplicate') return waitForReply(s, key, ctx, incoming, message);
    const out = await runHandler(message, ctx, incoming);
    try {
      const p = s.putReply(key, out.body, ttl);
      if (isThenable(p)) p.then(undefined, (e: unknown) => storeFailed(e, incoming, message));
    } catch (e) {
      storeFailed(e, incoming, message);
    }
    return out;
  };

  const verifyGet = (q: WebhookQuery): Outgoing => {
    if (q.echostr === undefined || q.echostr === '') throw new WxmpError('WEBHOOK_BAD_QUERY', 'echostr is missing');
    let echo = q.echostr;
    if (echostrMode === 'encrypted' && mc) {
      if (q.msgSignature === undefined) throw new WxmpError('WEBHOOK_BAD_QUERY', 'msg_signature is missing (echostr is configured as encrypted)');
      echo = mc.decryptEchostr(q.echostr, { msgSignature: q.msgSignature, timestamp: q.timestamp, nonce: q.nonce });
    }
    return { status: 200, body: echo, xml: false };
  };

  const decode = (body: Uint8Array | string, q: WebhookQuery, encrypted: boolean): XmlRecord => {
    const text = typeof body === 'string' ? body : decodeUtf8Body(body);
    const outer = parseWith(text, xml);
    if (!encrypted) return outer;
    // Only the decrypted message counts: plaintext fields beside <Encrypt> (compatible mode) are unauthenticated.
    const inner = (mc as MessageCrypto).verifyAndDecrypt(encryptOf(outer), { msgSignature: q.msgSignature as string, timestamp: q.timestamp, nonce: q.nonce });
    return parseWith(inner, xml);
  };

  const core = async (incoming: Incoming): Promise<Outgoing> => {
    let q: WebhookQuery;
    let record: XmlRecord;
    let message: Message;
    let encrypted = false;
    let read = false;
    try {
      const method = incoming.method;
      if (method !== 'GET' && method !== 'POST') throw new WxmpError('WEBHOOK_METHOD_NOT_ALLOWED', `method ${method.slice(0, 16)} is not allowed`);
      q = parseWebhookQuery(incoming.query);
      encrypted = method === 'POST' ? q.encryptType === 'aes' : echostrMode === 'encrypted';
      if (q.signature !== undefined) {
        if (!checkSignature(token, { signature: q.signature, timestamp: q.timestamp, nonce: q.nonce })) {
          throw new WxmpError('WEBHOOK_SIGNATURE_INVALID', 'signature does not match');
        }
      } else if (!encrypted || q.msgSignature === undefined) {
        throw new WxmpError('WEBHOOK_BAD_QUERY', 'signature is missing');
      }
      if (window !== false && !isTimestampFresh(q.timestamp, { now, windowSeconds: window })) {
        throw new WxmpError('WEBHOOK_TIMESTAMP_EXPIRED', `timestamp is more than ${window} s away from the server clock`);
      }
      if (method === 'GET') return verifyGet(q);
      if (encrypted) {
        if (!mc) throw new WxmpError('INVALID_CONFIG', 'received an encrypted push (encrypt_type=aes) but no encodingAESKey/appId is configured');
        if (q.msgSignature === undefined) throw new WxmpError('WEBHOOK_BAD_QUERY', 'msg_signature is missing');
      } else if (mode === 'safe') {
        throw new WxmpError('WEBHOOK_PLAINTEXT_REJECTED', 'plaintext push rejected: the webhook is configured for safe mode (安全模式)');
      }
      const encoding = incoming.header('content-encoding');
      if (encoding !== null && encoding !== '' && encoding.trim().toLowerCase() !== 'identity') {
        throw new WxmpError('WEBHOOK_UNSUPPORTED_ENCODING', 'Content-Encoding must be identity');
      }
      const length = incoming.header('content-length');
      if (length !== null) {
        if (!/^[0-9]{1,15}$/.test(length)) throw new WxmpError('WEBHOOK_BAD_QUERY', 'malformed Content-Length');
        if (Number(length) > maxBodyBytes) throw tooLarge(maxBodyBytes);
      }
      read = true;
      const body = await incoming.read(maxBodyBytes, incoming.receivedAt + bodyTimeoutMs - Date.now());
      record = decode(body, q, encrypted);
      const typed = toMessageLenient(record); // an authenticated push is never refused for its shape
      message = typed.message;
      if (typed.warning) report(typed.warning, 200, incoming, message);
    } catch (e) {
      if (!read) incoming.discard();
      return fail(e, incoming);
    }
    const key = store === false ? undefined : dedupeKey(record);
    const ctx = new HandlerContext(incoming, message, q, encrypted, incoming.receivedAt + deadlineMs, key, background);
    if (store === false || key === undefined) return runHandler(message, ctx, incoming);
    const running = inflight.get(key);
    if (running !== undefined) return running; // an in-process retry: the same answer, handler not re-run
    const p = deduplicated(store, key, message, ctx, incoming);
    inflight.set(key, p);
    void p.then(() => inflight.delete(key), () => inflight.delete(key));
    return p;
  };

  const webhook = (request: Request, platform?: PlatformContext): Promise<Response> => {
    const url = request.url;
    const qi = url.indexOf('?');
    let query = '';
    if (qi !== -1) {
      const hi = url.indexOf('#', qi);
      query = url.slice(qi + 1, hi === -1 ? undefined : hi);
    }
    const incoming: Incoming = {
      method: request.method,
      query,
      header: (name) => request.headers.get(name),
      read: (maxBytes, timeoutMs) => readBody(request.body, { maxBytes, timeoutMs }),
      discard: () => {
        if (request.body !== null && !request.bodyUsed && !request.body.locked) request.body.cancel().catch(() => {});
      },
      request: () => request,
      receivedAt: Date.now(),
      platform,
    };
    return core(incoming).then(toResponse);
  };
  return Object.assign(webhook, { [kCore]: core }) as CoreWebhook;
}

/**
 * The handler's second argument. A class: an object literal with a `get request()` costs ~0.45 µs to
 * build on Node 20 (a new accessor per push), this ~20 ns.
 */
class HandlerContext implements WebhookContext {
  readonly openId: string;
  readonly timestamp: string;
  readonly nonce: string;
  readonly receivedAt: number;
  /** An own function, so that `const { waitUntil } = ctx` works. */
  readonly waitUntil: (promise: Promise<unknown>) => void;
  readonly #incoming: Incoming;

  constructor(
    incoming: Incoming,
    message: Message,
    q: WebhookQuery,
    readonly encrypted: boolean,
    readonly deadline: number,
    readonly dedupeKey: string | undefined,
    background: (promise: Promise<unknown>, incoming: Incoming, message: Message) => void,
  ) {
    this.openId = q.openId ?? message.fromUserName;
    this.timestamp = q.timestamp;
    this.nonce = q.nonce;
    this.receivedAt = incoming.receivedAt;
    this.#incoming = incoming;
    this.waitUntil = (promise) => background(promise, incoming, message);
  }

  get request(): Request {
    return this.#incoming.request();
  }
}

/** @internal Headers of an answer. */
export function headersOf(out: Outgoing): Record<string, string> {
  const h: Record<string, string> = {
    'content-type': out.xml ? 'application/xml; charset=utf-8' : 'text/plain; charset=utf-8',
    'x-content-type-options': 'nosniff',
  };
  if (out.status === 405) h.allow = 'GET, POST';
  return h;
}

function toResponse(out: Outgoing): Response {
  return new Response(out.body, { status: out.status, headers: headersOf(out) });
}
