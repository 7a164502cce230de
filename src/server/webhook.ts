// The webhook: a Web-standard `Request → Response` function wiring the stages of the pipeline
// (SECURITY.md, "Authenticate before reading"): authenticate.ts → body.ts → envelope.ts →
// toMessageLenient (messages/) → deliver.ts → handler.ts.
import { MessageCrypto } from '../crypto.js';
import { WxmpError, type WxmpErrorCode } from '../errors.js';
import { assertServerToken } from '../internal/server-token.js';
import { toMessageLenient, type LenientMessage } from '../messages.js';
import type { AuthorizerWebhookOptions } from '../open-platform/types.js';
import { secondsUntilStale } from '../signature.js';
import { xmlConfig } from '../xml/parse.js';
import { authenticate, type Admitted, type AuthConfig } from './authenticate.js';
import { readBody } from './body.js';
import { dedupeKey, MemoryDedupeStore } from './dedupe.js';
import { deliver, evictionWatch, type Dedupe } from './deliver.js';
import { decodePush, type DecodedPush } from './envelope.js';
import { HandlerContext, runHandler, type HandlerRuntime } from './handler.js';
import { createReport, foreign } from './report.js';
import { kAuthorizerWebhook, kCore, kHooks, type CoreWebhook, type Incoming, type Outgoing, type PipelineHooks, type PlatformContext, type Webhook, type WebhookMode, type WebhookOptions } from './types.js';

export type { HandlerResult, PlatformContext, Webhook, WebhookContext, WebhookErrorContext, WebhookHandler, WebhookLogger, WebhookMode, WebhookOptions } from './types.js';
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
  WEBHOOK_INTERNAL_ERROR: 500,
  WEBHOOK_NO_AUTHORIZER: 404,
};
const REASON: Record<number, string> = {
  400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 408: 'Request Timeout', 413: 'Payload Too Large', 415: 'Unsupported Media Type', 500: 'Internal Server Error',
};
/** Seconds a claim outlives the deadline: time to store the reply (DedupeStore, step 1). */
const CLAIM_GRACE_SECONDS = 3;

function positive(name: string, v: number | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new WxmpError('INVALID_CONFIG', `${name} must be a positive number`);
  return v;
}

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
 * @throws WxmpError `INVALID_CONFIG` for a bad option (short token, only one of
 * `encodingAESKey`/`appId`, an encrypted mode without them, `auth: 'msg_signature'` outside safe
 * mode, a non-positive limit…).
 * @example
 * const webhook = createWebhook({ token, encodingAESKey, appId, handler: (m) =>
 *   m.msgType === 'text' ? { msgType: 'text', content: m.content } : 'success' })
 * Deno.serve(webhook)
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
 * @throws WxmpError `INVALID_CONFIG` for a `component` that is not a `ComponentClient` or a bad option.
 * @example
 * const webhook = createWebhook({ component, handler: (m, ctx) => ({ msgType: 'text', content: `${ctx.authorizerAppId}: hi` }) })
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/Before_Develop/message_push.html
 */
export function createWebhook(options: AuthorizerWebhookOptions): Webhook;
export function createWebhook(options: WebhookOptions | AuthorizerWebhookOptions): Webhook {
  if (typeof options !== 'object' || options === null) throw new WxmpError('INVALID_CONFIG', 'createWebhook needs { token, handler }');
  if ('component' in options && options.component !== undefined) {
    const build = (options.component as { [kAuthorizerWebhook]?: unknown } | null)?.[kAuthorizerWebhook];
    if (typeof build !== 'function') throw new WxmpError('INVALID_CONFIG', 'component must be a ComponentClient from wxmp/open-platform');
    return (build as (o: AuthorizerWebhookOptions) => Webhook).call(options.component, options);
  }
  return createPushWebhook(options as WebhookOptions & { [kHooks]?: PipelineHooks });
}

function createPushWebhook(options: WebhookOptions & { [kHooks]?: PipelineHooks }): Webhook {
  const { token, encodingAESKey, appId, handler, onLate } = options;
  const hooks = options[kHooks];
  const interpret = hooks?.interpret ?? toMessageLenient;
  assertServerToken(token);
  if (typeof handler !== 'function') throw new WxmpError('INVALID_CONFIG', 'handler must be a function');
  if ((encodingAESKey === undefined) !== (appId === undefined)) throw new WxmpError('INVALID_CONFIG', 'encodingAESKey and appId must be given together');
  const mc = encodingAESKey !== undefined && appId !== undefined ? new MessageCrypto({ token, encodingAESKey, appId }) : undefined;
  const mode: WebhookMode = options.mode ?? (mc ? 'safe' : 'plaintext');
  if (mode !== 'plaintext' && mode !== 'compatible' && mode !== 'safe') throw new WxmpError('INVALID_CONFIG', 'mode must be plaintext, compatible or safe');
  if (mode === 'plaintext' && mc) throw new WxmpError('INVALID_CONFIG', "mode 'plaintext' ignores encodingAESKey/appId: remove them or use 'compatible'/'safe'");
  if (mode !== 'plaintext' && !mc) throw new WxmpError('INVALID_CONFIG', `mode '${mode}' needs encodingAESKey and appId`);
  const auth = options.auth ?? 'signature';
  if (auth !== 'signature' && auth !== 'msg_signature') throw new WxmpError('INVALID_CONFIG', "auth must be 'signature' or 'msg_signature'");
  // Without `signature`, only msg_signature authenticates: a plaintext push would be unauthenticated.
  if (auth === 'msg_signature' && mode !== 'safe') throw new WxmpError('INVALID_CONFIG', "auth 'msg_signature' needs encodingAESKey, appId and mode 'safe'");
  const echostr = options.echostr ?? (auth === 'msg_signature' ? 'encrypted' : 'plain');
  if (echostr !== 'plain' && echostr !== 'encrypted') throw new WxmpError('INVALID_CONFIG', "echostr must be 'plain' or 'encrypted'");
  if (echostr === 'encrypted' && !mc) throw new WxmpError('INVALID_CONFIG', "echostr 'encrypted' needs encodingAESKey and appId");
  if (auth === 'msg_signature' && echostr === 'plain') throw new WxmpError('INVALID_CONFIG', "auth 'msg_signature' needs echostr 'encrypted' (a plain echostr would be unauthenticated)");
  const ttl = positive('dedupeTtlSeconds', options.dedupeTtlSeconds, 300);
  const deadlineMs = positive('deadlineMs', options.deadlineMs, 4000);
  const maxBodyBytes = positive('maxBodyBytes', options.maxBodyBytes, 256 * 1024);
  const bodyTimeoutMs = positive('bodyTimeoutMs', options.bodyTimeoutMs, 3000);
  const window = options.timestampWindowSeconds ?? 300;
  if (window !== false) positive('timestampWindowSeconds', window, 300);
  const now = options.now ?? (() => Date.now() / 1000);
  const store = options.dedupe === undefined ? new MemoryDedupeStore({ now }) : options.dedupe;
  if (store !== false && (typeof store !== 'object' || store === null || typeof store.claim !== 'function')) {
    throw new WxmpError('INVALID_CONFIG', 'dedupe must be a DedupeStore or false');
  }
  const fallbackBody = options.fallbackReply ?? 'success';
  if (fallbackBody !== 'success' && fallbackBody !== '') throw new WxmpError('INVALID_CONFIG', "fallbackReply must be 'success' or ''");
  if (options.logger !== undefined && (typeof options.logger !== 'object' || options.logger === null)) throw new WxmpError('INVALID_CONFIG', 'logger must be an object with warn/error methods');
  let xml: ReturnType<typeof xmlConfig>;
  try {
    xml = xmlConfig(options.xmlLimits); // checked once, not per push
  } catch (e) {
    throw new WxmpError('INVALID_CONFIG', `xmlLimits: ${(e as Error).message}`);
  }
  const secrets = [token, encodingAESKey];
  const report = createReport({ onError: options.onError, logger: options.logger, now });
  const rt: HandlerRuntime = {
    handler, onLate, mc, now, deadlineMs, report,
    fallback: { status: 200, body: fallbackBody, xml: false },
    fault: (code, what, e) => foreign(code, what, e, secrets),
  };
  const checks: AuthConfig = { token, mc, mode, auth, echostr, window, now, maxBodyBytes };
  const life = window === false ? `${ttl} s` : `until the push's timestamp + ${window} s on the server clock, at least ${ttl} s`;
  const dedupe: Dedupe | undefined = store === false ? undefined : {
    store,
    claimTtl: Math.ceil(deadlineMs / 1000) + CLAIM_GRACE_SECONDS,
    // +1: the window is inclusive and a store may round the TTL down to whole seconds
    replayTtl: (timestamp) => (window === false ? ttl : Math.max(ttl, Math.ceil(secondsUntilStale(timestamp, { now, windowSeconds: window })) + 1)),
    watch: evictionWatch(store, report, now, life),
    inflight: new Map(),
  };

  const fail = (e: unknown, incoming: Incoming): Outgoing => {
    // Anything but a WxmpError is a bug of the pipeline, never a property of the push.
    const error: WxmpError = e instanceof WxmpError ? e : rt.fault('WEBHOOK_INTERNAL_ERROR', 'unexpected exception in the webhook', e);
    const status = STATUS[error.code] ?? 400;
    report(error, status, incoming);
    return { status, body: REASON[status] ?? 'Error', xml: false, close: status === 413 || status === 408 };
  };

  const pipeline = async (incoming: Incoming): Promise<Outgoing> => {
    let admitted: Admitted;
    let scope: string | undefined;
    try {
      const checked = authenticate(checks, incoming);
      if (!('q' in checked)) return checked;
      admitted = checked;
      scope = hooks?.scope?.(incoming);
    } catch (e) {
      incoming.discard();
      return fail(e, incoming);
    }
    const { q, encrypted } = admitted;
    let push: DecodedPush;
    let typed: LenientMessage;
    try {
      const body = await incoming.read(maxBodyBytes, incoming.receivedAt + bodyTimeoutMs - Date.now(), admitted.length);
      push = decodePush(body, q, encrypted ? mc : undefined, xml);
      typed = interpret(push.record); // an authenticated push is never refused for its shape
    } catch (e) {
      return fail(e, incoming);
    }
    const { message } = typed;
    if (typed.warning) report(typed.warning, 200, incoming, message, 'warn');
    const key = dedupe === undefined ? undefined : scope === undefined ? dedupeKey(push.xml) : `${scope}:${dedupeKey(push.xml)}`;
    const ctx = hooks?.context ? hooks.context(rt, incoming, message, q, encrypted, key, scope) : new HandlerContext(rt, incoming, message, q, encrypted, key);
    const run = (): Promise<Outgoing> => runHandler(rt, message, ctx, incoming);
    return dedupe === undefined || key === undefined ? run() : deliver(rt, dedupe, key, message, ctx, incoming, run);
  };
  const core = (incoming: Incoming): Promise<Outgoing> => pipeline(incoming).catch((e: unknown) => fail(e, incoming));

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
      path: () => pathOf(url, qi),
      header: (name) => request.headers.get(name),
      read: (maxBytes, timeoutMs, expectedBytes) => readBody(request.body, { maxBytes, timeoutMs, expectedBytes }),
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

/** @internal Headers of an answer. */
export function headersOf(out: Outgoing): Record<string, string> {
  const h: Record<string, string> = {
    'content-type': out.xml ? 'application/xml; charset=utf-8' : 'text/plain; charset=utf-8',
    'x-content-type-options': 'nosniff',
  };
  if (out.status === 405) h.allow = 'GET, POST';
  return h;
}

/** The path of an absolute URL (`qi`: index of its `?`, or -1). */
function pathOf(url: string, qi: number): string {
  const scheme = url.indexOf('//');
  const start = url.indexOf('/', scheme === -1 ? 0 : scheme + 2);
  if (start === -1 || (qi !== -1 && start > qi)) return '/';
  const hi = url.indexOf('#', start);
  const end = qi !== -1 ? qi : hi !== -1 ? hi : url.length;
  return url.slice(start, end);
}

function toResponse(out: Outgoing): Response {
  return new Response(out.body, { status: out.status, headers: headersOf(out) });
}
