// Stage 0 of the webhook: its options checked once, and everything the stages need derived from them.
import { MessageCrypto } from '../crypto/index.js';
import { WxmpError } from '../errors.js';
import { assertServerToken } from '../internal/server-token.js';
import { secondsUntilStale } from '../signature.js';
import { xmlConfig } from '../xml/parse.js';
import type { AuthConfig } from './authenticate.js';
import { MemoryDedupeStore } from './dedupe.js';
import { evictionWatch, type Dedupe } from './deliver.js';
import type { HandlerRuntime } from './handler.js';
import { createReport, foreign } from './report.js';
import type { WebhookMode, WebhookOptions } from './types.js';

/** Seconds a claim outlives the deadline: time to store the reply (DedupeStore, step 1). */
const CLAIM_GRACE_SECONDS = 3;

/** The checked configuration of one webhook, as the pipeline's stages take it. */
export interface WebhookConfig {
  /** What the checks before reading need (and `mc`, `maxBodyBytes`). */
  auth: AuthConfig;
  /** Time allowed to receive the body, from arrival. */
  bodyTimeoutMs: number;
  /** Parser limits of the message, checked once. */
  xml: ReturnType<typeof xmlConfig>;
  /** What running the handler and rendering its reply need. */
  runtime: HandlerRuntime;
  /** De-duplication, unless `dedupe: false`. */
  dedupe: Dedupe | undefined;
}

/**
 * `v` when it is a positive finite number, `fallback` when it is undefined.
 *
 * @throws {WxmpError} `INVALID_CONFIG` naming the option otherwise.
 * @example
 * ```ts
 * positive('deadlineMs', options.deadlineMs, 4000)
 * ```
 */
export function positive(name: string, v: number | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new WxmpError('INVALID_CONFIG', `${name} must be a positive number`);
  return v;
}

/**
 * Checks the options of {@link createWebhook} and derives the stages' configuration: the
 * `MessageCrypto`, the mode, auth and echostr policies, the limits, the default store, the
 * reporter and the de-duplication TTLs.
 *
 * @throws {WxmpError} `INVALID_CONFIG` for a bad option (see {@link createWebhook}).
 * @example
 * ```ts
 * const config = resolveWebhookOptions({ token, handler })
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Access_Overview.html
 */
export function resolveWebhookOptions(options: WebhookOptions): WebhookConfig {
  if (typeof options !== 'object' || options === null) throw new WxmpError('INVALID_CONFIG', 'createWebhook needs { token, handler }');
  const { token, encodingAESKey, appId, handler, onLate } = options;
  assertServerToken(token);
  if (typeof handler !== 'function') throw new WxmpError('INVALID_CONFIG', 'handler must be a function');
  if ((encodingAESKey === undefined) !== (appId === undefined)) throw new WxmpError('INVALID_CONFIG', 'encodingAESKey and appId must be given together');
  const mc = encodingAESKey !== undefined && appId !== undefined ? new MessageCrypto({ token, encodingAESKey, appId }) : undefined;
  const mode: WebhookMode = options.mode ?? (mc ? 'safe' : 'plaintext');
  if (mode !== 'plaintext' && mode !== 'compatible' && mode !== 'safe') throw new WxmpError('INVALID_CONFIG', 'mode must be plaintext, compatible or safe');
  if (mode === 'plaintext' && mc)
    throw new WxmpError('INVALID_CONFIG', "mode 'plaintext' ignores encodingAESKey/appId: remove them or use 'compatible'/'safe'");
  if (mode !== 'plaintext' && !mc) throw new WxmpError('INVALID_CONFIG', `mode '${mode}' needs encodingAESKey and appId`);
  const auth = options.auth ?? 'signature';
  if (auth !== 'signature' && auth !== 'msg_signature') throw new WxmpError('INVALID_CONFIG', "auth must be 'signature' or 'msg_signature'");
  // Without `signature`, only msg_signature authenticates: a plaintext push would be unauthenticated.
  if (auth === 'msg_signature' && mode !== 'safe') throw new WxmpError('INVALID_CONFIG', "auth 'msg_signature' needs encodingAESKey, appId and mode 'safe'");
  const echostr = options.echostr ?? (auth === 'msg_signature' ? 'encrypted' : 'plain');
  if (echostr !== 'plain' && echostr !== 'encrypted') throw new WxmpError('INVALID_CONFIG', "echostr must be 'plain' or 'encrypted'");
  if (echostr === 'encrypted' && !mc) throw new WxmpError('INVALID_CONFIG', "echostr 'encrypted' needs encodingAESKey and appId");
  if (auth === 'msg_signature' && echostr === 'plain')
    throw new WxmpError('INVALID_CONFIG', "auth 'msg_signature' needs echostr 'encrypted' (a plain echostr would be unauthenticated)");
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
  if (options.logger !== undefined && (typeof options.logger !== 'object' || options.logger === null))
    throw new WxmpError('INVALID_CONFIG', 'logger must be an object with warn/error methods');
  let xml: ReturnType<typeof xmlConfig>;
  try {
    xml = xmlConfig(options.xmlLimits); // checked once, not per push
  } catch (e) {
    throw new WxmpError('INVALID_CONFIG', `xmlLimits: ${(e as Error).message}`);
  }
  const secrets = [token, encodingAESKey];
  const report = createReport({ onError: options.onError, logger: options.logger, now });
  const runtime: HandlerRuntime = {
    handler,
    onLate,
    mc,
    now,
    deadlineMs,
    report,
    fallback: { status: 200, body: fallbackBody, xml: false },
    fault: (code, what, e) => foreign(code, what, e, secrets),
  };
  const life = window === false ? `${ttl} s` : `until the push's timestamp + ${window} s on the server clock, at least ${ttl} s`;
  const dedupe: Dedupe | undefined =
    store === false
      ? undefined
      : {
          store,
          claimTtl: Math.ceil(deadlineMs / 1000) + CLAIM_GRACE_SECONDS,
          // +1: the window is inclusive and a store may round the TTL down to whole seconds
          replayTtl: (timestamp) => (window === false ? ttl : Math.max(ttl, Math.ceil(secondsUntilStale(timestamp, { now, windowSeconds: window })) + 1)),
          watch: evictionWatch(store, report, now, life),
          inflight: new Map(),
        };
  return { auth: { token, mc, mode, auth, echostr, window, now, maxBodyBytes }, bodyTimeoutMs, xml, runtime, dedupe };
}
