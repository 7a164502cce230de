// Public and internal types of the webhook.
import type { Logger } from '../client/types.js';
import type { WxmpError } from '../errors.js';
import type { LenientMessage, Message } from '../messages.js';
import type { Reply } from '../replies.js';
import type { XmlLimits, XmlRecord } from '../xml.js';
import type { DedupeStore } from './dedupe.js';
import type { HandlerContext, HandlerRuntime } from './handler.js';
import type { WebhookQuery } from './query.js';

/**
 * How the account's messages are encrypted (消息加解密方式), from configuration — never from the
 * request: `'plaintext'` (明文), `'compatible'` (兼容: both plaintext and encrypted pushes accepted)
 * or `'safe'` (安全模式: only encrypted pushes; a plaintext push is a downgrade and is rejected).
 */
export type WebhookMode = 'plaintext' | 'compatible' | 'safe';

/** What a handler may return: a reply, or `'success'`/`''`/nothing for no reply. */
export type HandlerResult = Reply | 'success' | '' | void | null | undefined;

/** The application's message handler. */
export type WebhookHandler = (message: Message, ctx: WebhookContext) => HandlerResult | Promise<HandlerResult>;

/** Per-push context given to the handler. */
export interface WebhookContext {
  /** The request (built lazily by the node adapter). */
  readonly request: Request;
  /** The sender: `openid` from the query, else the message's `fromUserName`. */
  readonly openId: string;
  readonly timestamp: string;
  readonly nonce: string;
  /** Whether the push was encrypted (the reply is then encrypted too). */
  readonly encrypted: boolean;
  /** When the request arrived, in epoch milliseconds. */
  readonly receivedAt: number;
  /** When the webhook answers `success` without the handler's reply, in epoch milliseconds. */
  readonly deadline: number;
  /** The de-duplication key, when de-duplication is on. */
  readonly dedupeKey: string | undefined;
  /**
   * Keeps background work alive after the response (forwarded to the platform's `waitUntil` when
   * one was passed to the webhook); a rejection reaches `onError` as `WEBHOOK_HANDLER_FAILED`.
   */
  waitUntil(promise: Promise<unknown>): void;
}

/** Context given to `onError`. */
export interface WebhookErrorContext {
  /** The HTTP status the webhook answered (200 for handler and store failures). */
  readonly status: number;
  readonly request: Request;
  /** The message, when the failure happened after parsing. */
  readonly message?: Message;
}

/**
 * Where the webhook writes a line for every failure when no `onError` is given (and always when
 * given explicitly): refusals and warnings go to `warn`, handler, reply, store and internal
 * failures to `error` (or `warn` when there is no `error`). Lines are redacted and rate-limited.
 */
export interface WebhookLogger extends Logger {
  error?(message: string, meta?: Record<string, unknown>): void;
}

/** The platform's execution context (Workers, Vercel, Netlify…), optional second webhook argument. */
export interface PlatformContext {
  waitUntil?(promise: Promise<unknown>): void;
}

/** Options of {@link createWebhook}. */
export interface WebhookOptions {
  /** The server-configuration Token (令牌): 3–32 characters. */
  token: string;
  /** EncodingAESKey (43 characters); with `appId`, enables encrypted pushes. */
  encodingAESKey?: string;
  /** The Official Account AppID (the receive id in encrypted messages). */
  appId?: string;
  handler: WebhookHandler;
  /**
   * Encryption policy. Default: `'safe'` when `encodingAESKey` and `appId` are given (an account
   * in 安全模式 must never accept a plaintext downgrade — in plaintext mode the body is not signed),
   * else `'plaintext'`. Choose `'compatible'` only while switching modes in the console.
   */
  mode?: WebhookMode;
  /**
   * Which query signature authenticates a push. `'signature'` (default; Official Accounts send it
   * on every request, also in 安全模式): a push without a valid `signature` is refused before a
   * byte of its body is read. `'msg_signature'` (WeCom style, where only `msg_signature` is sent):
   * needs `encodingAESKey`/`appId` and mode `'safe'`, and defaults `echostr` to `'encrypted'`; the
   * body is then read with the same caps and only `<Encrypt>` is extracted — nothing is parsed —
   * until `msg_signature` verifies.
   */
  auth?: 'signature' | 'msg_signature';
  /**
   * URL verification: `'plain'` (default; Official Accounts — `echostr` is echoed after the
   * `signature` check, in every mode) or `'encrypted'` (WeCom style — the `GET` is authenticated by
   * `msg_signature` over `echostr`, which is then decrypted; a `signature`, if present, must match).
   */
  echostr?: 'plain' | 'encrypted';
  /** De-duplication store; default a {@link MemoryDedupeStore}; `false` disables de-duplication. */
  dedupe?: DedupeStore | false;
  /**
   * Shortest life of a de-duplication key once the reply is stored; default 300 s. The key lives
   * longer when the push's timestamp stays acceptable longer (`timestamp + timestampWindowSeconds`
   * on the server clock), so a captured push never runs twice; keep it above WeChat's retry period
   * (about 15 s). With `timestampWindowSeconds: false`, this alone bounds replay protection.
   */
  dedupeTtlSeconds?: number;
  /** Answer `fallbackReply` if the handler has not finished this long after arrival; default 4000 ms. */
  deadlineMs?: number;
  /** Accepted clock skew of `timestamp`; default 300 s; `false` disables the check. */
  timestampWindowSeconds?: number | false;
  /** Clock in seconds (timestamp window, reply `CreateTime`); default the system clock. */
  now?: () => number;
  /** Largest accepted body; default 256 KiB (413 beyond, before reading when `Content-Length` says so). */
  maxBodyBytes?: number;
  /** Time allowed to receive the body, from arrival; default 3000 ms (408 beyond). */
  bodyTimeoutMs?: number;
  /** XML parser limits of the message: the plaintext body, or the decrypted message (an encrypted push's envelope is not parsed). */
  xmlLimits?: XmlLimits;
  /** Answer when the handler failed or missed the deadline: `'success'` (default) or `''`. */
  fallbackReply?: 'success' | '';
  /**
   * Every failure and warning, as a redacted WxmpError; exceptions thrown here are ignored. Without
   * it, each one leaves a line in `logger` (default: the console).
   */
  onError?: (error: WxmpError, ctx: WebhookErrorContext) => void;
  /**
   * Receives one redacted line per failure or warning, at most 10 a minute (then one line counting
   * what was dropped). Default: the console when `onError` is not set, nothing when it is.
   */
  logger?: WebhookLogger;
  /**
   * The result of a handler that finished after the deadline (the user already got `success`):
   * send it through the customer-service API (客服消息) instead — note that API answers 45015
   * outside the 48-hour interaction window.
   */
  onLate?: (result: HandlerResult, message: Message, ctx: WebhookContext) => void;
}

/** A webhook: `Request → Response`, never throws. */
export type Webhook = (request: Request, platform?: PlatformContext) => Promise<Response>;

/** @internal The transport-neutral request the pipeline works on. */
export interface Incoming {
  method: string;
  /** The query string without `?` and `#`. */
  query: string;
  /** The path of the request URL without query, e.g. `/wx570bc396a51b8ff8/callback` (computed on demand). */
  path(): string;
  header(name: string): string | null;
  /** Reads the body with a cap and a deadline; `expectedBytes` is the checked `Content-Length`. */
  read(maxBytes: number, timeoutMs: number, expectedBytes?: number): Promise<Uint8Array | string>;
  /** Releases an unread body. */
  discard(): void;
  request(): Request;
  receivedAt: number;
  platform?: PlatformContext | undefined;
}

/** @internal The transport-neutral answer. */
export interface Outgoing {
  status: number;
  body: string;
  xml: boolean;
  /** Close the connection: the body was not read to the end. */
  close?: boolean;
}

/**
 * @internal How a variant of the webhook (the Open Platform's two endpoints) adapts the one shared
 * pipeline, passed to `createWebhook` under {@link kHooks}. Every stage and rule stays the same:
 * authentication before reading, caps, decryption, de-duplication, the deadline, rendering.
 */
export interface PipelineHooks {
  /**
   * After authentication, before the body is read: the push's scope (the authorizer AppID from
   * the path), which prefixes its de-duplication key; throws a WxmpError to refuse the push.
   */
  scope?(incoming: Incoming): string;
  /** The decrypted, parsed record → what the handler receives (default `toMessageLenient`). */
  interpret?(record: XmlRecord): LenientMessage;
  /** Builds the handler's context (default a {@link HandlerContext}). */
  context?(rt: HandlerRuntime, incoming: Incoming, message: Message, q: WebhookQuery, encrypted: boolean, key: string | undefined, scope: string | undefined): HandlerContext;
}

/** @internal Option key of {@link PipelineHooks}. */
export const kHooks = Symbol.for('wxmp.webhook.hooks');

/** @internal Method of an Open Platform component that builds its 消息与事件接收URL webhook (`createWebhook({ component, … })`). */
export const kAuthorizerWebhook = Symbol.for('wxmp.webhook.authorizer');

/** @internal Marks webhooks made by {@link createWebhook} so the node adapter can skip Request/Response. */
export const kCore = Symbol.for('wxmp.webhook.core');
/** @internal */
export type CoreWebhook = Webhook & { [kCore]: (incoming: Incoming) => Promise<Outgoing> };
