/**
 * Types of the Open Platform (第三方平台) support: the component client's options, the authorizer
 * store, api_query_auth's answer, the events of the 授权事件接收URL and the options of both webhooks.
 * Type-only module.
 */
import type { WeChatClient } from '../client/client.js';
import type { MaybePromise, WeChatClientOptions } from '../client/types.js';
import type { WxmpError } from '../errors.js';
import type { Message } from '../messages/index.js';
import type { HandlerResult, WebhookContext, WebhookOptions } from '../server/types.js';
import type { ComponentClient } from './client.js';

/** What an {@link AuthorizerStore} keeps per authorizing account. */
export interface AuthorizerRecord {
  /**
   * The authorizer_refresh_token (刷新令牌) from api_query_auth (or a later refresh). The platform
   * gives it out only at authorization time: losing it forces the account to authorize again.
   */
  refreshToken: string;
  /** When it was stored, in Unix seconds. */
  updatedAt: number;
}

/**
 * The durable home of the authorizer refresh tokens: a table in your database, one row per
 * AppID. Methods may be synchronous or return promises. `get` answers `null`/`undefined` for an
 * account that never authorized or revoked its authorization. A throwing method surfaces as
 * `OPEN_STORE_FAILED`. The default, {@link MemoryAuthorizerStore}, forgets everything on restart.
 *
 * @example
 * ```ts
 * const authorizerStore: AuthorizerStore = {
 *   get: async (appId) => (await db.oneOrNone('select refresh_token, updated_at from authorizers where app_id = $1', [appId]))…,
 *   set: (appId, r) => db.none('insert … on conflict (app_id) do update …', [appId, r.refreshToken, r.updatedAt]),
 *   delete: (appId) => db.none('delete from authorizers where app_id = $1', [appId]),
 * }
 * ```
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/authorization_info.html
 */
export interface AuthorizerStore {
  /** The record of an authorizer, or `null`/`undefined` when none is stored. */
  get(appId: string): MaybePromise<AuthorizerRecord | null | undefined>;
  /** Stores (replaces) the record of an authorizer. */
  set(appId: string, record: AuthorizerRecord): MaybePromise<void>;
  /** Forgets an authorizer (it revoked the authorization). */
  delete(appId: string): MaybePromise<void>;
}

/** Client options passed on to the component's and every authorizer's `WeChatClient`. */
export type SharedClientOptions = Pick<
  WeChatClientOptions,
  | 'fetch'
  | 'tokenCache'
  | 'lock'
  | 'now'
  | 'baseUrl'
  | 'timeoutMs'
  | 'maxResponseBytes'
  | 'maxBinaryBytes'
  | 'retry'
  | 'sleep'
  | 'random'
  | 'logger'
  | 'refreshSkewSeconds'
  | 'negativeCacheSeconds'
  | 'lockWaitMs'
  | 'lockTtlMs'
  | 'refreshTimeoutMs'
  | 'keyPrefix'
>;

/** Options of {@link ComponentClient}. */
export interface ComponentClientOptions extends SharedClientOptions {
  /** The third-party platform's AppID (第三方平台 appid), also the receive id of its encrypted pushes. */
  componentAppId: string;
  /** The third-party platform's AppSecret. */
  componentAppSecret: string;
  /** 消息校验Token of the platform's development settings: 3–32 letters or digits. */
  token: string;
  /** 消息加解密Key (43 characters). */
  encodingAESKey: string;
  /**
   * Where authorizer refresh tokens live (default: in memory, lost on restart). Use your database:
   * see {@link AuthorizerStore}. Access tokens, the component token and the verify ticket live in
   * `tokenCache` (share one, e.g. `RedisTokenCache`, between instances, with `lock`).
   */
  authorizerStore?: AuthorizerStore;
}

/** Options of {@link ComponentClient.preAuthUrl}. */
export interface PreAuthUrlOptions {
  /** Where WeChat sends the admin after authorizing (`?auth_code=…&expires_in=…` is appended). */
  redirectUri: string;
  /** Which accounts the admin may pick: 1 Official Accounts, 2 Mini Programs, 3 both (WeChat's default), … */
  authType?: number;
  /** Only this account may authorize (takes precedence over `authType`). */
  bizAppid?: string;
  /** The mobile link (`safe/bindcomponent`, opened inside WeChat) instead of the PC QR-code page (`componentloginpage`). */
  mobile?: boolean;
}

/** One permission set granted to the platform (`func_info`). */
export interface FuncInfo {
  funcscope_category: { id: number };
  confirm_info?: { need_confirm: number; already_confirm: number; can_confirm: number };
}

/** `authorization_info` of api_query_auth. */
export interface AuthorizationInfo {
  authorizer_appid: string;
  /** Present when the account has API permissions. */
  authorizer_access_token?: string;
  expires_in?: number;
  authorizer_refresh_token?: string;
  func_info?: FuncInfo[];
}

/** Fields every event of the 授权事件接收URL carries (element names camelCased, as for messages). */
interface ComponentEventBase {
  /** The third-party platform's AppID (`AppId`). */
  appId: string;
  createTime: number;
  /** Unknown elements, camelCased, are kept too. */
  [field: string]: unknown;
}

/** `component_verify_ticket`, pushed every 10 minutes; stored for 12 h by the webhook. */
export interface ComponentVerifyTicketEvent extends ComponentEventBase {
  infoType: 'component_verify_ticket';
  componentVerifyTicket: string;
}

/** `authorized` (授权成功) or `updateauthorized` (更新授权); the webhook already exchanged the code. */
export interface AuthorizedEvent extends ComponentEventBase {
  infoType: 'authorized' | 'updateauthorized';
  authorizerAppid: string;
  authorizationCode: string;
  /** When the code expires (Unix seconds). */
  authorizationCodeExpiredTime?: number;
  preAuthCode?: string;
  /** api_query_auth's answer when the webhook's exchange succeeded (the tokens are stored). */
  authorization?: AuthorizationInfo;
}

/** `unauthorized` (取消授权); the webhook already deleted the account's tokens. */
export interface UnauthorizedEvent extends ComponentEventBase {
  infoType: 'unauthorized';
  authorizerAppid: string;
}

/** Any other InfoType, or a known one missing a field it needs; every element is kept. */
export interface UnknownComponentEvent extends ComponentEventBase {
  infoType: 'unknown';
  /** WeChat's InfoType (`''` when absent). */
  rawInfoType: string;
}

/** An event of the 授权事件接收URL. */
export type ComponentEvent = ComponentVerifyTicketEvent | AuthorizedEvent | UnauthorizedEvent | UnknownComponentEvent;

/** The handler context of an authorizer's push: which account it was sent to, and its client. */
export interface AuthorizerWebhookContext extends WebhookContext {
  /** The authorizer's AppID, from the path (`/$APPID$/callback`). */
  readonly authorizerAppId: string;
  /** `component.authorizer(authorizerAppId)`: the API client of that account. */
  readonly authorizer: WeChatClient;
}

/** The application's handler of authorizer pushes. */
export type AuthorizerWebhookHandler = (message: Message, ctx: AuthorizerWebhookContext) => HandlerResult | Promise<HandlerResult>;

/** What `createWebhook` takes for the Open Platform's 消息与事件接收URL. */
export interface AuthorizerWebhookOptions
  extends Omit<WebhookOptions, 'token' | 'encodingAESKey' | 'appId' | 'mode' | 'auth' | 'echostr' | 'handler' | 'onLate'> {
  /** The component: its Token and EncodingAESKey decrypt and encrypt (receive id = componentAppId). */
  component: ComponentClient;
  handler: AuthorizerWebhookHandler;
  /** The result of a handler that finished after the deadline (as the webhook's `onLate`), with the authorizer's context. */
  onLate?: (result: HandlerResult, message: Message, ctx: AuthorizerWebhookContext) => void;
  /**
   * Answers the 全网发布 (full-network release) checks before `handler` sees them: to WeChat's test
   * accounts, `TESTCOMPONENT_MSG_TYPE_TEXT` → `TESTCOMPONENT_MSG_TYPE_TEXT_callback`, and
   * `QUERY_AUTH_CODE:<code>` → an empty answer, then `queryAuth(code)` and a customer-service
   * text `<code>_from_api` (kept alive with `ctx.waitUntil`). Default `false`.
   */
  releaseTest?: boolean;
  /** The authorizer AppID of a request path; default: the last segment shaped like an AppID (`wx` + 16 letters or digits). */
  appIdFromPath?: (path: string) => string | undefined;
}

/** Context given to `onError` of the component webhook. */
export interface ComponentWebhookErrorContext {
  readonly status: number;
  readonly request: Request;
  /** The event, when the failure happened after decryption. */
  readonly event?: ComponentEvent;
}

/** Options of {@link createComponentWebhook}. */
export interface ComponentWebhookOptions
  extends Omit<WebhookOptions, 'token' | 'encodingAESKey' | 'appId' | 'mode' | 'auth' | 'echostr' | 'handler' | 'onLate' | 'onError' | 'fallbackReply'> {
  component: ComponentClient;
  /**
   * Receives every event after the webhook's own work (ticket stored, code exchanged, tokens
   * deleted); runs under the deadline. The answer is always `success`; a failure reaches `onError`.
   */
  onEvent?: (event: ComponentEvent, ctx: WebhookContext) => void | Promise<void>;
  /** Every failure and warning, as a redacted WxmpError, with the event when it was parsed (as the webhook's `onError`). */
  onError?: (error: WxmpError, ctx: ComponentWebhookErrorContext) => void;
}
