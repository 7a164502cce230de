import { redact, scrubError, setInspectView } from './internal/redact.js';
import { isTransientFailure } from './internal/retry.js';

/**
 * Every failure the SDK raises has one of these stable codes. Tests and applications branch on
 * `code`, never on `message`. Grouped by the module that raises them.
 */
export type WxmpErrorCode =
  // arguments and configuration (any module)
  | 'INVALID_CONFIG' // a constructor/factory option is missing or malformed
  | 'INVALID_ARGUMENT' // a function argument is malformed
  // crypto (WXBizMsgCrypt; official sample codes in comments)
  | 'CRYPTO_SIGNATURE_INVALID' // -40001 msg_signature mismatch
  | 'CRYPTO_MISSING_ENCRYPT' // -40002 body has no single <Encrypt>
  | 'CRYPTO_INVALID_BASE64' // -40010
  | 'CRYPTO_INVALID_LENGTH' // ciphertext length not a positive multiple of 32
  | 'CRYPTO_DECRYPT_FAILED' // -40007
  | 'CRYPTO_INVALID_PADDING' // -40008 PKCS#7 pad not 1..32 or inconsistent
  | 'CRYPTO_INVALID_MESSAGE_LENGTH' // -41003 msg_len field out of bounds
  | 'CRYPTO_APPID_MISMATCH' // -40005 receive id differs from the configured appId
  | 'CRYPTO_INVALID_UTF8' // decrypted message is not valid UTF-8
  // xml
  | 'XML_SYNTAX' // malformed markup
  | 'XML_DOCTYPE_FORBIDDEN' // <!DOCTYPE>/<!ENTITY> present (XXE defence)
  | 'XML_PI_FORBIDDEN' // processing instruction other than the leading declaration
  | 'XML_INVALID_ENTITY' // unknown entity or invalid numeric reference
  | 'XML_INVALID_CHAR' // character not allowed by XML 1.0
  | 'XML_MISMATCHED_TAG' // closing tag does not match
  | 'XML_MIXED_CONTENT' // element mixes text and child elements
  | 'XML_TOO_LARGE' // input longer than limits.maxLength
  | 'XML_TOO_DEEP' // nesting deeper than limits.maxDepth
  | 'XML_TOO_MANY_NODES' // more elements than limits.maxNodes
  | 'XML_TEXT_TOO_LONG' // one text node longer than limits.maxTextLength
  | 'XML_NAME_TOO_LONG' // element name longer than limits.maxNameLength
  | 'XML_INVALID_NAME' // element/record key is not an XML name (writer) or reserved
  | 'XML_INVALID_ROOT' // root element is not the expected one (`<xml>` for pushes)
  // messages and replies
  | 'MESSAGE_INVALID' // pushed XML lacks MsgType/ToUserName/FromUserName/CreateTime or has bad values
  | 'MESSAGE_SCHEMA_DRIFT' // a warning, never thrown: a push its type does not fit was delivered as msgType 'unknown'
  | 'REPLY_INVALID' // reply object malformed (unknown msgType, missing required field)
  | 'REPLY_EMPTY_CONTENT' // text reply with empty content
  | 'REPLY_NO_ARTICLES' // news reply with zero articles
  | 'REPLY_TOO_MANY_ARTICLES' // news reply with more than 8 articles
  // webhook (raised to onError; the HTTP caller only sees a status)
  | 'WEBHOOK_METHOD_NOT_ALLOWED'
  | 'WEBHOOK_BAD_QUERY'
  | 'WEBHOOK_SIGNATURE_INVALID'
  | 'WEBHOOK_TIMESTAMP_EXPIRED'
  | 'WEBHOOK_BODY_TOO_LARGE'
  | 'WEBHOOK_BODY_TIMEOUT'
  | 'WEBHOOK_BODY_READ_FAILED' // the body stream errored (client disconnected) or was consumed by a body parser
  | 'WEBHOOK_UNSUPPORTED_ENCODING'
  | 'WEBHOOK_INVALID_UTF8'
  | 'WEBHOOK_PLAINTEXT_REJECTED' // plaintext push to an account configured for safe mode
  | 'WEBHOOK_HANDLER_FAILED' // the handler (or onLate, or a waitUntil task) threw or rejected; its text is scrubbed
  | 'WEBHOOK_HANDLER_TIMEOUT'
  | 'WEBHOOK_STORE_FAILED' // a DedupeStore call threw, rejected, hung past its time box or returned garbage: failed open
  | 'WEBHOOK_DEDUPE_EVICTED' // the in-memory store evicted unexpired keys: a retry or replay of those pushes runs again
  | 'WEBHOOK_DUPLICATE_UNANSWERED' // a retry waited until its deadline for the first copy's reply; answered fallbackReply
  | 'WEBHOOK_INTERNAL_ERROR' // an unexpected exception inside the webhook pipeline (a bug): answered 500
  | 'WEBHOOK_BAD_HEADER' // a malformed request header (Content-Length): answered 400
  | 'WEBHOOK_NO_AUTHORIZER' // an Open Platform push whose path names no authorizer AppID (the URL lacks $APPID$): answered 404
  // API client: platform answers
  | 'API_ERROR' // errcode != 0; see errcode/errmsg/rid
  | 'API_TOKEN_CONFIG' // token fetch refused for configuration (40013, 40125, 40164 …); negative-cached
  | 'OAUTH_CODE_USED' // 40163
  | 'OAUTH_CODE_INVALID' // 40029
  | 'OAUTH_CODE_EXPIRED' // 42003
  | 'OAUTH_STATE_INVALID'
  | 'OAUTH_STATE_EXPIRED'
  // API client: transport
  | 'HTTP_STATUS' // non-2xx status
  | 'HTTP_TIMEOUT'
  | 'HTTP_ABORTED' // the caller's AbortSignal fired
  | 'HTTP_NETWORK'
  | 'HTTP_REDIRECT' // a redirect was returned (never followed)
  | 'RESPONSE_PARSE' // body is not a JSON object
  | 'RESPONSE_TOO_LARGE'
  | 'TOKEN_INVALID_RESPONSE' // token endpoint answered without a usable token/expires_in
  | 'TOKEN_CACHE_FAILED' // the injected TokenCache threw
  | 'TOKEN_LOCK_FAILED' // the injected Lock threw on acquire (e.g. Redis down); no token is fetched blindly
  | 'TOKEN_LOCK_TIMEOUT' // another process held the refresh lock too long and no token appeared
  | 'TOKEN_PROVIDER_FAILED' // the injected tokenProvider threw or rejected (a WxmpError from it passes through unchanged)
  // Open Platform (第三方平台, wxmp/open-platform)
  | 'OPEN_TICKET_MISSING' // no component_verify_ticket stored within the last 12 h: wait for the next push (every 10 min)
  | 'OPEN_TICKET_REJECTED' // api_component_token refused the stored ticket (61005 expired, 61006 invalid)
  | 'OPEN_NOT_AUTHORIZED' // no authorizer_refresh_token stored for the account: never authorized, or revoked (unauthorized, 61003)
  | 'OPEN_REFRESH_TOKEN_REJECTED' // api_authorizer_token refused the stored authorizer_refresh_token (61023): the account must re-authorize
  | 'OPEN_AUTH_CODE_REJECTED' // api_query_auth refused the authorization code (61009 invalid, 61010 expired or used)
  | 'OPEN_STORE_FAILED' // the injected AuthorizerStore threw or returned something malformed
  // redis adapters (wxmp/redis); the client wraps them in TOKEN_*, the webhook in WEBHOOK_STORE_FAILED
  | 'REDIS_UNAVAILABLE' // the client is not connected or could not send, or Redis stopped answering: failed fast, not queued
  | 'REDIS_TIMEOUT' // a command got no answer within commandTimeoutMs
  | 'REDIS_COMMAND_FAILED' // Redis answered with an error (WRONGTYPE, READONLY…) or a reply of an unexpected type
  // central token server and API proxy (wxmp/central): the `error` of their JSON answers, with the
  // HTTP status in brackets; remoteTokenProvider raises the same codes from the token server's status
  | 'CENTRAL_BAD_REQUEST' // [400] malformed query or body, or the caller sent an access_token itself
  | 'CENTRAL_UNAUTHORIZED' // [401] no `Authorization: Bearer <key>`, or a key that is not configured
  | 'CENTRAL_FORBIDDEN' // [403] the key may not use this account (token server) or this path (proxy)
  | 'CENTRAL_NOT_FOUND' // [404] no such route
  | 'CENTRAL_METHOD_NOT_ALLOWED' // [405] the route exists for another method (see the Allow header)
  | 'CENTRAL_BODY_TIMEOUT' // [408] the request body did not arrive in time
  | 'CENTRAL_BODY_TOO_LARGE' // [413] the request body exceeds the cap
  | 'CENTRAL_RATE_LIMITED' // [429] the caller spent its rate; Retry-After says when to come back
  | 'CENTRAL_UPSTREAM_FAILED'; // [502/503/504] the platform or the token source failed; `upstream` names its code

/** Where in the input an XML error is: 0-based `offset`, 1-based `line` and `column` (UTF-16 units). */
export interface XmlPosition {
  offset: number;
  line: number;
  column: number;
}

/** Extra, non-secret facts carried by an error. */
export interface WxmpErrorOptions {
  cause?: unknown;
  /** WeChat `errcode` (API errors) or a WXBizMsgCrypt code (crypto errors). */
  errcode?: number;
  errmsg?: string;
  /** WeChat request id (`rid: …` in errmsg), for support tickets. */
  rid?: string;
  /** HTTP status (transport errors). */
  status?: number;
  /** Position in the input (XML errors). */
  position?: XmlPosition;
}

/** The WeChat answer an API error carries (`API_ERROR`, `API_TOKEN_CONFIG`, `OAUTH_CODE_*`). */
export interface ApiErrorFields {
  errcode: number;
  /** Redacted and at most 512 characters. */
  errmsg: string;
  rid?: string;
}

/**
 * The fields each code always carries, beyond `code`, `message` and `retryable`: narrowing an
 * error by its code (`isWxmpError(e, 'API_ERROR')`, or `e.code === 'API_ERROR'` on the union
 * {@link isWxmpError} gives) types them as present. Codes not listed carry none for certain.
 */
export interface WxmpErrorFields {
  API_ERROR: ApiErrorFields;
  API_TOKEN_CONFIG: ApiErrorFields;
  OAUTH_CODE_USED: ApiErrorFields;
  OAUTH_CODE_INVALID: ApiErrorFields;
  OAUTH_CODE_EXPIRED: ApiErrorFields;
  HTTP_STATUS: { status: number };
  HTTP_REDIRECT: { status: number };
  /** The WXBizMsgCrypt code of the official sample SDKs. */
  CRYPTO_SIGNATURE_INVALID: { errcode: number };
  CRYPTO_MISSING_ENCRYPT: { errcode: number };
  CRYPTO_INVALID_BASE64: { errcode: number };
  CRYPTO_INVALID_LENGTH: { errcode: number };
  CRYPTO_DECRYPT_FAILED: { errcode: number };
  CRYPTO_INVALID_PADDING: { errcode: number };
  CRYPTO_INVALID_MESSAGE_LENGTH: { errcode: number };
  CRYPTO_APPID_MISMATCH: { errcode: number };
  CRYPTO_INVALID_UTF8: { errcode: number };
  // Raised by the parser only, always with a position (buildXml's XML_INVALID_NAME,
  // XML_NAME_TOO_LONG and XML_TOO_DEEP have none).
  XML_SYNTAX: { position: XmlPosition };
  XML_DOCTYPE_FORBIDDEN: { position: XmlPosition };
  XML_PI_FORBIDDEN: { position: XmlPosition };
  XML_INVALID_ENTITY: { position: XmlPosition };
  XML_INVALID_CHAR: { position: XmlPosition };
  XML_MISMATCHED_TAG: { position: XmlPosition };
  XML_MIXED_CONTENT: { position: XmlPosition };
  XML_TOO_LARGE: { position: XmlPosition };
  XML_TOO_MANY_NODES: { position: XmlPosition };
  XML_TEXT_TOO_LONG: { position: XmlPosition };
  XML_INVALID_ROOT: { position: XmlPosition };
}

/** The fields of `C` (nothing for a code without any; for a union of codes, what all of them may have). */
type FieldsOf<C extends WxmpErrorCode> = C extends keyof WxmpErrorFields ? WxmpErrorFields[C] : unknown;

/**
 * A {@link WxmpError} with the fields of its code typed as present; for a union of codes, a union
 * of such errors, so that checking `code` narrows the fields.
 *
 * @example
 * ```ts
 * function retryIn(e: TypedWxmpError): number { return e.code === 'API_ERROR' && e.errcode === 45009 ? 86400 : 0 }
 * ```
 */
export type TypedWxmpError<C extends WxmpErrorCode = WxmpErrorCode> = C extends WxmpErrorCode ? WxmpError<C> & Readonly<FieldsOf<C>> : never;

/** The options of a code: required where the code carries fields. */
type OptionsOf<C extends WxmpErrorCode> = unknown extends FieldsOf<C> ? [options?: WxmpErrorOptions] : [options: WxmpErrorOptions & FieldsOf<C>];

/**
 * The one error class of the SDK. `code` is stable and literal; `message` is for people and is
 * redacted (no access_token, secret, EncodingAESKey or token ever appears in it, in `stack`, in
 * `JSON.stringify(err)` or in `util.inspect(err)`).
 *
 * @example
 * ```ts
 * try { mc.decrypt(body) } catch (e) { if (isWxmpError(e, 'CRYPTO_APPID_MISMATCH')) … }
 * ```
 */
export class WxmpError<C extends WxmpErrorCode = WxmpErrorCode> extends Error {
  override readonly name = 'WxmpError';
  readonly code: C;
  readonly errcode?: number;
  readonly errmsg?: string;
  readonly rid?: string;
  readonly status?: number;
  /**
   * True exactly for the failures the API client retries by itself on an idempotent call: `-1`
   * (system busy), HTTP 5xx, network errors and timeouts — derived from `code`, `status` and
   * `errcode` by the same rule the client uses, never set by hand. Rate limits (`45011`, HTTP
   * `429`) are `false`: retrying within the minute only burns quota, so wait for the next one.
   */
  readonly retryable: boolean;
  readonly position?: XmlPosition;

  constructor(code: C, message: string, ...[init]: OptionsOf<C>) {
    super(redact(`${code}: ${message}`));
    const options: WxmpErrorOptions = init ?? {};
    this.code = code;
    if (options.errcode !== undefined) this.errcode = options.errcode;
    if (options.errmsg !== undefined) this.errmsg = redact(options.errmsg);
    if (options.rid !== undefined) this.rid = options.rid;
    if (options.status !== undefined) this.status = options.status;
    this.retryable = isTransientFailure(code, options.status, options.errcode);
    if (options.position !== undefined) this.position = options.position;
    // The cause is kept for debugging but hidden from enumeration and serialization; it is
    // sanitised to a redacted message so that a cause carrying a URL cannot leak a token.
    if (options.cause !== undefined) {
      Object.defineProperty(this, 'cause', { value: sanitizeCause(options.cause), enumerable: false, writable: false, configurable: true });
    }
    setInspectView(this, inspectView);
  }

  /** A plain, redacted object: safe for loggers that serialize errors. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, code: this.code, message: this.message, retryable: this.retryable };
    for (const k of ['errcode', 'errmsg', 'rid', 'status', 'position'] as const) {
      if (this[k] !== undefined) out[k] = this[k];
    }
    return out;
  }
}

/** What `util.inspect` prints: the redacted stack and fields. */
function inspectView(e: WxmpError): string {
  return `${redact(e.stack ?? e.message)}\n${JSON.stringify(e.toJSON())}`;
}

function sanitizeCause(cause: unknown): unknown {
  return cause instanceof WxmpError ? cause : scrubError(cause, redact);
}

/**
 * True when `e` is a WxmpError (with the given code, when one is given), typed with the fields of
 * its code ({@link WxmpErrorFields}).
 *
 * @example
 * ```ts
 * if (isWxmpError(e, 'API_ERROR') && e.errcode === 45009) … // errcode: number
 * if (isWxmpError(e) && e.code === 'HTTP_STATUS') e.status // number
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html
 */
export function isWxmpError<C extends WxmpErrorCode = WxmpErrorCode>(e: unknown, code?: C): e is TypedWxmpError<C> {
  return e instanceof WxmpError && (code === undefined || e.code === code);
}
