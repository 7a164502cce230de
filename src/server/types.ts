// Public and internal types of the webhook.
import type { Logger } from '../client/types.js';
import type { WxmpError } from '../errors.js';
import type { Message } from '../messages/index.js';
import type { AuthorizerWebhookOptions } from '../open-platform/types.js';
import type { Reply } from '../replies/index.js';
import type { XmlLimits } from '../xml/index.js';
import type { DedupeStore } from './dedupe.js';

/**
 * How the account's messages are encrypted (消息加解密方式), from configuration — never from the
 * request: `'plaintext'` (明文), `'compatible'` (兼容: both plaintext and encrypted pushes accepted)
 * or `'safe'` (安全模式: only encrypted pushes; a plaintext push is a downgrade and is rejected).
 */
export type WebhookMode = 'plaintext' | 'compatible' | 'safe';

/** What a handler may return: a reply, or `'success'`/`''`/nothing for no reply. */
// biome-ignore lint/suspicious/noConfusingVoidType: a handler that returns nothing (a `void` function) means no reply
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
  /** A failure of the handler, the reply, the store or wxmp itself (falls back to `warn` when absent). */
  error?(message: string, meta?: Record<string, unknown>): void;
}

/** The platform's execution context (Workers, Vercel, Netlify…), optional second webhook argument. */
export interface PlatformContext {
  /** Keeps the invocation alive until `promise` settles. */
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

/**
 * The transport-neutral request the webhook's pipeline works on: what a transport adapter supplies
 * (the Web adapter inside {@link createWebhook} builds it from a `Request`, {@link toNodeListener}
 * from Node's `IncomingMessage` without building a `Request`). Implement it to run the pipeline on
 * another transport through {@link Webhook.handle}.
 *
 * @example
 * ```ts
 * const answer = await webhook.handle({ method: 'GET', query: 'signature=…&timestamp=…&nonce=…&echostr=e', path: () => '/wechat', header: () => null,
 *   read: async () => '', discard: () => {}, request: () => new Request('http://localhost/'), receivedAt: Date.now() })
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Access_Overview.html
 */
export interface WebhookIncoming {
  /** The HTTP method, upper case. */
  readonly method: string;
  /** The query string without `?` and `#`. */
  readonly query: string;
  /** The path of the request URL without the query, e.g. `/wx570bc396a51b8ff8/callback` (computed on demand). */
  path(): string;
  /** A request header (lower-case name), or `null`. */
  header(name: string): string | null;
  /**
   * Reads the whole body with a byte cap and a deadline (ms from now); `expectedBytes` is the
   * declared `Content-Length`, already checked against `maxBytes`. Rejects with
   * `WEBHOOK_BODY_TOO_LARGE`, `WEBHOOK_BODY_TIMEOUT` or `WEBHOOK_BODY_READ_FAILED`.
   */
  read(maxBytes: number, timeoutMs: number, expectedBytes?: number): Promise<Uint8Array | string>;
  /** Releases a body that will not be read (the request was refused before reading it). */
  discard(): void;
  /** The request as a Web `Request` (for `ctx.request`; built lazily by the node adapter). */
  request(): Request;
  /** When the request arrived, in epoch milliseconds: the body and reply deadlines count from it. */
  readonly receivedAt: number;
  /** The platform's execution context, forwarded to `ctx.waitUntil`. */
  readonly platform?: PlatformContext | undefined;
}

/** The transport-neutral answer of the pipeline: what a transport adapter sends. */
export interface WebhookOutgoing {
  /** The HTTP status. */
  status: number;
  /** The body: `success`, `''`, the (encrypted) reply XML, the `echostr`, or a short reason phrase for a refusal. */
  body: string;
  /** `true` when `body` is XML (content type `application/xml`), else plain text. */
  xml: boolean;
  /** Close the connection after the answer: the request body was not read to the end. */
  close?: boolean;
}

/** The seam between transport adapters and the webhook's pipeline: never rejects. */
export type WebhookCore = (incoming: WebhookIncoming) => Promise<WebhookOutgoing>;

/**
 * A webhook made by {@link createWebhook}: a Web-standard `Request → Response` function (never
 * throws) that also exposes its transport-neutral pipeline as `handle`.
 */
export interface Webhook {
  (request: Request, platform?: PlatformContext): Promise<Response>;
  /** The pipeline behind this function, for transport adapters such as {@link toNodeListener}. */
  readonly handle: WebhookCore;
}

/** A `Request → Response` function: a {@link Webhook}, a framework's `fetch`, a hand-written handler. */
export type FetchHandler = (request: Request) => Promise<Response>;

/**
 * What `createWebhook({ component, … })` asks of its `component`: a `ComponentClient` from
 * `wxmp/open-platform` builds the webhook of its 消息与事件接收URL.
 */
export interface WebhookComponent {
  /** The webhook of the component's 消息与事件接收URL; `createWebhook({ component, … })` calls it. */
  authorizerWebhook(options: AuthorizerWebhookOptions): Webhook;
}
