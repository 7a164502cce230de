/**
 * `ComponentClient`: the third-party platform (第三方平台) itself — its verify ticket, its
 * component_access_token, the authorization flow, and a `WeChatClient` per authorizing account.
 * Every token (component and authorizer) goes through `WeChatClient`'s one credential machinery.
 */
import { WeChatClient } from '../client/client.js';
import { kDelegate, type Delegation } from '../client/delegate.js';
import { MemoryTokenCache } from '../client/memory.js';
import { isNegativeCacheable } from '../client/token.js';
import type { ApiRequestInit, TokenCache } from '../client/types.js';
import { MessageCrypto } from '../crypto/index.js';
import { WxmpError, isWxmpError } from '../errors.js';
import { redact, redactValues } from '../internal/redact.js';
import type { Webhook, WebhookComponent } from '../server/types.js';
import { AuthorizerPool } from './authorizers.js';
import { createPreAuthCode, fetchComponentToken, isAppId, type Send } from './calls.js';
import { registerWebhookConfig, type WebhookConfig } from './internal.js';
import { createAuthorizerWebhook } from './message-webhook.js';
import { buildPreAuthUrl, checkPreAuthOptions } from './pre-auth-url.js';
import { isAuthorizerStore, MemoryAuthorizerStore } from './store.js';
import { TicketBox } from './ticket.js';
import type { AuthorizationInfo, AuthorizerWebhookOptions, ComponentClientOptions, PreAuthUrlOptions, SharedClientOptions } from './types.js';

/**
 * The Open Platform component (第三方平台): one server for many authorizing Official Accounts.
 *
 * Tokens: the component_verify_ticket pushed to {@link createComponentWebhook} is kept 12 h in
 * `tokenCache` (the last one keeps working when a push is missed); component_access_token and each
 * authorizer_access_token are cached, refreshed 300 s early, one refresh in flight per process and,
 * with `lock`, across processes — exactly as `WeChatClient`'s access token. Authorizer refresh
 * tokens live in `authorizerStore`.
 *
 * @throws {WxmpError} `INVALID_CONFIG` for a malformed componentAppId/componentAppSecret, a token
 * that is not 3–32 letters or digits, a bad EncodingAESKey, an authorizerStore without
 * get/set/delete, or a bad shared option.
 * @example
 * ```ts
 * const component = new ComponentClient({ componentAppId, componentAppSecret, token, encodingAESKey,
 *   tokenCache: new RedisTokenCache({ client: redis }), lock: new RedisLock({ client: redis }), authorizerStore: db })
 * res.redirect(await component.preAuthUrl({ redirectUri: 'https://saas.example.com/authorized' }))
 * await component.authorizer('wx570bc396a51b8ff8').menu.get()
 * ```
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/Before_Develop/creat_token.html
 */
export class ComponentClient implements WebhookComponent {
  readonly componentAppId: string;
  readonly #secret: string;
  readonly #keys: WebhookConfig;
  readonly #shared: SharedClientOptions;
  readonly #cache: TokenCache;
  readonly #tickets: TicketBox;
  readonly #api: WeChatClient;
  readonly #now: () => number;
  readonly #pool: AuthorizerPool;

  constructor(options: ComponentClientOptions) {
    if (typeof options !== 'object' || options === null)
      throw new WxmpError('INVALID_CONFIG', 'ComponentClient needs { componentAppId, componentAppSecret, token, encodingAESKey }');
    const { componentAppId, componentAppSecret, token, encodingAESKey, authorizerStore, ...shared } = options;
    if (!isAppId(componentAppId)) throw new WxmpError('INVALID_CONFIG', 'componentAppId must be 1-64 characters of [A-Za-z0-9_-]');
    if (typeof componentAppSecret !== 'string' || componentAppSecret.length < 8 || /\s/.test(componentAppSecret)) {
      throw new WxmpError('INVALID_CONFIG', 'componentAppSecret must be a string of at least 8 non-space characters');
    }
    // validates the token rule and the key (errcode -40004), never echoing either
    new MessageCrypto({ token, encodingAESKey, appId: componentAppId });
    if (authorizerStore !== undefined && !isAuthorizerStore(authorizerStore))
      throw new WxmpError('INVALID_CONFIG', 'authorizerStore must implement get, set, delete');
    if (shared.now !== undefined && typeof shared.now !== 'function') throw new WxmpError('INVALID_CONFIG', 'now must be a function');
    this.componentAppId = componentAppId;
    this.#secret = componentAppSecret;
    this.#keys = { token, encodingAESKey, componentAppId };
    registerWebhookConfig(this, this.#keys);
    this.#now = shared.now ?? (() => Date.now() / 1000);
    this.#cache = shared.tokenCache ?? new MemoryTokenCache({ now: this.#now });
    this.#shared = { ...shared, tokenCache: this.#cache, now: this.#now };
    const prefix = shared.keyPrefix ?? 'wxmp:';
    this.#tickets = new TicketBox(this.#cache, `${prefix}component_verify_ticket:${componentAppId}`, this.#now, this.#scrubber);
    this.#pool = new AuthorizerPool({
      componentAppId,
      send: this.#send,
      store: authorizerStore ?? new MemoryAuthorizerStore(),
      cache: this.#cache,
      prefix,
      now: this.#now,
      scrub: this.#scrubber,
      client: (appId, delegation) => this.#client(appId, undefined, delegation),
      componentToken: () => this.getComponentAccessToken(),
    });
    this.#api = this.#client(componentAppId, componentAppSecret, {
      key: `component_access_token:${componentAppId}`,
      label: 'component_access_token',
      // `component_access_token` in the 2.0 documentation, `access_token` in the newer API pages:
      // the platform reads either, so a gateway or mock written from either page works too.
      tokenParams: ['component_access_token', 'access_token'],
      isNegative: (e) => isNegativeCacheable(e) || isWxmpError(e, 'OPEN_TICKET_REJECTED'),
      fetch: () => fetchComponentToken(this.#send, { componentAppId, componentAppSecret, ticket: () => this.#tickets.read() }),
    });
  }

  /**
   * Stores a pushed component_verify_ticket for 12 h (the component webhook does this for you).
   *
   * @throws {WxmpError} `INVALID_ARGUMENT` for a malformed ticket, `TOKEN_CACHE_FAILED`.
   * @example
   * ```ts
   * await component.saveVerifyTicket(event.componentVerifyTicket)
   * ```
   * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/component_verify_ticket.html
   */
  saveVerifyTicket(ticket: string): Promise<void> {
    return this.#tickets.save(ticket);
  }

  /**
   * The component_access_token, from the cache or fetched with the stored ticket (single-flight).
   *
   * @throws {WxmpError} `OPEN_TICKET_MISSING`, `OPEN_TICKET_REJECTED`, `API_TOKEN_CONFIG`, and the token errors of `WeChatClient.getAccessToken`.
   * @example
   * ```ts
   * const token = await component.getComponentAccessToken()
   * ```
   * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/component_access_token.html
   */
  getComponentAccessToken(options: { forceRefresh?: boolean } = {}): Promise<string> {
    return this.#api.getAccessToken(options);
  }

  /**
   * Calls a component endpoint (`/cgi-bin/component/…`) with `component_access_token`, refreshed
   * once if rejected — e.g. api_get_authorizer_info.
   *
   * @throws {WxmpError} the errors of `WeChatClient.request`.
   * @example
   * ```ts
   * await component.request('/cgi-bin/component/api_get_authorizer_info', { body: { component_appid: component.componentAppId, authorizer_appid } })
   * ```
   * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/api_get_authorizer_info.html
   */
  request<T = unknown>(path: string, init?: ApiRequestInit): Promise<T> {
    return this.#api.request<T>(path, init);
  }

  /**
   * A fresh pre_auth_code and the authorization page URL to send the account admin to (from a
   * page of the platform's 授权发起页域名: WeChat checks the referrer).
   *
   * @throws {WxmpError} `INVALID_ARGUMENT` (see `buildPreAuthUrl`), the token and API errors.
   * @example
   * ```ts
   * const url = await component.preAuthUrl({ redirectUri: 'https://saas.example.com/authorized', authType: 1 })
   * ```
   * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/Before_Develop/Authorization_Process_Technical_Description.html
   */
  async preAuthUrl(options: PreAuthUrlOptions): Promise<string> {
    checkPreAuthOptions(options);
    return buildPreAuthUrl(this.componentAppId, await createPreAuthCode(this.#send, this.componentAppId), options);
  }

  /**
   * Exchanges an authorization code (from the redirect's `auth_code`, an `authorized` push or a
   * `QUERY_AUTH_CODE` release check) and stores the account's refresh and access tokens. Repeated
   * calls with one code in this process share one exchange.
   *
   * @throws {WxmpError} `INVALID_ARGUMENT`, `OPEN_AUTH_CODE_REJECTED` (61009, 61010), `OPEN_STORE_FAILED`, the token and API errors.
   * @example
   * ```ts
   * const { authorizer_appid } = await component.queryAuth(url.searchParams.get('auth_code'))
   * ```
   * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/authorization_info.html
   */
  queryAuth(authorizationCode: string): Promise<AuthorizationInfo> {
    if (typeof authorizationCode !== 'string' || !/^[\x21-\x7e]{1,512}$/.test(authorizationCode)) {
      return Promise.reject(new WxmpError('INVALID_ARGUMENT', 'authorizationCode must be 1-512 printable ASCII characters'));
    }
    return this.#pool.exchange(authorizationCode);
  }

  /**
   * The API client of an authorizing account: every API group, OAuth on its behalf and JS-SDK.
   * Its token is refreshed through api_authorizer_token with the stored refresh token.
   *
   * @throws {WxmpError} `INVALID_ARGUMENT` for a malformed AppID; its calls `OPEN_NOT_AUTHORIZED`,
   * `OPEN_REFRESH_TOKEN_REJECTED`, `OPEN_STORE_FAILED` besides `WeChatClient`'s errors.
   * @example
   * ```ts
   * await component.authorizer(appId).customService.send({ touser, msgtype: 'text', text: { content: 'Hi' } })
   * ```
   * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/api_authorizer_token.html
   */
  authorizer(appId: string): WeChatClient {
    return this.#pool.get(appId).client;
  }

  /**
   * Deletes an account's refresh token and cached access token (the component webhook does this on
   * `unauthorized`); later calls of its client fail with `OPEN_NOT_AUTHORIZED`.
   *
   * @throws {WxmpError} `INVALID_ARGUMENT`, `OPEN_STORE_FAILED`, `TOKEN_CACHE_FAILED`.
   * @example
   * ```ts
   * await component.forgetAuthorizer(event.authorizerAppid)
   * ```
   * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/authorize_event.html
   */
  forgetAuthorizer(appId: string): Promise<void> {
    return this.#pool.forget(appId);
  }

  /**
   * The webhook of the 消息与事件接收URL, as `createWebhook({ component: this, … })` builds it (which
   * calls this): the pushes of every authorizer at one endpoint (see {@link AuthorizerWebhookOptions}).
   *
   * @throws {WxmpError} `INVALID_CONFIG` for a bad option.
   * @example
   * ```ts
   * const webhook = component.authorizerWebhook({ component, handler: (m, ctx) => ({ msgType: 'text', content: ctx.authorizerAppId }) })
   * ```
   * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/Before_Develop/message_push.html
   */
  authorizerWebhook(options: AuthorizerWebhookOptions): Webhook {
    return createAuthorizerWebhook(this, options);
  }

  readonly #send: Send = (path, init) => this.#api.request(path, init);
  readonly #scrubber = (t: string): string => this.#scrub(t);

  #scrub(text: string): string {
    return redactValues(redact(text), [this.#secret, this.#keys.token, this.#keys.encodingAESKey]);
  }

  #client(appId: string, appSecret: string | undefined, delegation: Delegation): WeChatClient {
    return new WeChatClient({ ...this.#shared, appId, ...(appSecret !== undefined ? { appSecret } : {}), [kDelegate]: delegation } as ConstructorParameters<
      typeof WeChatClient
    >[0]);
  }
}
