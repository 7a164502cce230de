/**
 * OAuth web login (网页授权): the authorize URL, code exchange, refresh, user info and token check.
 * The code exchange is never retried automatically: a code is single-use (40163).
 */
import { WxmpError } from '../errors.js';
import { HTTP_URL_RE, isPrintableAscii } from '../internal/patterns.js';
import { apiErrcode, retypeApiError } from './token.js';
import type { ApiRequestInit } from './types.js';

/** Scope of web authorisation. */
export type OAuthScope = 'snsapi_base' | 'snsapi_userinfo';

/** Result of {@link OAuth.exchangeCode} and {@link OAuth.refresh}. */
export interface OAuthTokenResult {
  access_token: string;
  expires_in: number;
  refresh_token: string;
  openid: string;
  scope: string;
  is_snapshotuser?: number;
  unionid?: string;
}

/** Result of {@link OAuth.userInfo}. */
export interface OAuthUserInfo {
  openid: string;
  nickname: string;
  sex: number;
  province: string;
  city: string;
  country: string;
  headimgurl: string;
  privilege: string[];
  unionid?: string;
}

/**
 * OAuth on behalf of an authorizing account (代公众号发起网页授权): the Open Platform component's
 * AppID goes into the authorize URL, and the code exchange and refresh use its token, not the
 * account's AppSecret.
 */
export interface OAuthComponent {
  appId: string;
  /** The component_access_token (from the component's cache, refreshed when needed). */
  accessToken: () => Promise<string>;
}

/** What OAuth needs from the client. */
export interface OAuthDeps {
  appId: string;
  appSecret: string | undefined;
  /** Unauthenticated send; `secrets` are redacted from any error. */
  send: (path: string, init: ApiRequestInit, secrets?: readonly string[]) => Promise<Record<string, unknown>>;
  /** Set for an Open Platform authorizer's client. */
  component?: OAuthComponent;
}

const CODE_ERRORS: Readonly<Record<number, 'OAUTH_CODE_USED' | 'OAUTH_CODE_INVALID' | 'OAUTH_CODE_EXPIRED'>> = {
  40163: 'OAUTH_CODE_USED',
  40029: 'OAUTH_CODE_INVALID',
  42003: 'OAUTH_CODE_EXPIRED',
};

/**
 * OAuth web login for the account (`client.oauth`).
 *
 * @example
 * ```ts
 * const url = client.oauth.authorizeUrl({ redirectUri: 'https://example.com/cb', scope: 'snsapi_userinfo', state })
 * const { access_token, openid } = await client.oauth.exchangeCode(code)
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html
 */
export class OAuth {
  readonly #d: OAuthDeps;

  /** @internal Built by {@link WeChatClient} (`client.oauth`). */
  constructor(deps: OAuthDeps) {
    this.#d = deps;
  }

  /**
   * Builds the authorize URL, parameters in the order WeChat requires, ending in `#wechat_redirect`.
   *
   * @throws {WxmpError} `INVALID_ARGUMENT` for a non-http(s) redirectUri, an unknown scope or a state over 128 bytes / outside `[A-Za-z0-9_-]`.
   * @example
   * ```ts
   * client.oauth.authorizeUrl({ redirectUri: 'https://example.com/cb', scope: 'snsapi_base', state: 'xyz' })
   * ```
   * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html
   */
  authorizeUrl(o: { redirectUri: string; scope: OAuthScope; state?: string; forcePopup?: boolean }): string {
    if (typeof o?.redirectUri !== 'string' || !HTTP_URL_RE.test(o.redirectUri)) {
      throw new WxmpError('INVALID_ARGUMENT', 'redirectUri must be an absolute http(s) URL');
    }
    if (o.scope !== 'snsapi_base' && o.scope !== 'snsapi_userinfo') throw new WxmpError('INVALID_ARGUMENT', 'scope must be snsapi_base or snsapi_userinfo');
    const state = o.state ?? '';
    if (typeof state !== 'string' || state.length > 128 || !/^[A-Za-z0-9_-]*$/.test(state)) {
      throw new WxmpError('INVALID_ARGUMENT', 'state must be at most 128 characters of [A-Za-z0-9_-]');
    }
    const popup = o.forcePopup ? '&forcePopup=true' : '';
    const component = this.#d.component ? `&component_appid=${encodeURIComponent(this.#d.component.appId)}` : '';
    return (
      `https://open.weixin.qq.com/connect/oauth2/authorize?appid=${encodeURIComponent(this.#d.appId)}` +
      `&redirect_uri=${encodeURIComponent(o.redirectUri)}&response_type=code&scope=${o.scope}&state=${state}${component}${popup}#wechat_redirect`
    );
  }

  /**
   * Exchanges a callback `code` for the user's web access token (never retried: codes are single-use).
   * For an Open Platform authorizer's client, through `/sns/oauth2/component/access_token` with the
   * component's AppID and token.
   *
   * @throws {WxmpError} `OAUTH_CODE_USED` (40163), `OAUTH_CODE_INVALID` (40029), `OAUTH_CODE_EXPIRED`
   * (42003), `INVALID_CONFIG` without appSecret, `API_ERROR`, transport codes.
   * @example
   * ```ts
   * const { access_token, openid, refresh_token } = await client.oauth.exchangeCode(code)
   * ```
   * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html
   */
  async exchangeCode(code: string): Promise<OAuthTokenResult> {
    if (!isPrintableAscii(code, 1, 512)) throw new WxmpError('INVALID_ARGUMENT', 'code must be a non-empty printable string');
    const component = this.#d.component;
    const secret = this.#d.appSecret;
    if (!secret && !component) throw new WxmpError('INVALID_CONFIG', 'exchangeCode needs appSecret');
    try {
      const grant = { appid: this.#d.appId, code, grant_type: 'authorization_code' };
      const body = component
        ? await viaComponent(this.#d, component, '/sns/oauth2/component/access_token', grant, false)
        : await this.#d.send('/sns/oauth2/access_token', { method: 'GET', auth: false, idempotent: false, query: { ...grant, secret } });
      return body as unknown as OAuthTokenResult;
    } catch (e) {
      const errcode = apiErrcode(e);
      const code2 = errcode === undefined ? undefined : CODE_ERRORS[errcode];
      throw code2 ? retypeApiError(e, code2, `OAuth code rejected (errcode ${errcode})`) : e;
    }
  }

  /**
   * Renews a web access token with its refresh_token (valid 30 days); for an Open Platform
   * authorizer's client through `/sns/oauth2/component/refresh_token` with the component's token.
   *
   * @throws {WxmpError} `API_ERROR` (40030 invalid / 42002 expired refresh_token), transport codes.
   * @example
   * ```ts
   * const renewed = await client.oauth.refresh(refreshToken)
   * ```
   * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html
   */
  async refresh(refreshToken: string): Promise<OAuthTokenResult> {
    requireToken(refreshToken, 'refreshToken');
    const query = { appid: this.#d.appId, grant_type: 'refresh_token', refresh_token: refreshToken };
    const component = this.#d.component;
    const body = component
      ? await viaComponent(this.#d, component, '/sns/oauth2/component/refresh_token', query, true, refreshToken)
      : await this.#d.send('/sns/oauth2/refresh_token', { method: 'GET', auth: false, idempotent: true, query }, [refreshToken]);
    return body as unknown as OAuthTokenResult;
  }

  /**
   * Fetches the user's profile with a web access token (scope `snsapi_userinfo`).
   *
   * @throws {WxmpError} `API_ERROR` (40003, 48001 scope missing, 42001 expired …), transport codes.
   * @example
   * ```ts
   * const me = await client.oauth.userInfo(accessToken, openid)
   * ```
   * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html
   */
  async userInfo(accessToken: string, openid: string, lang: 'zh_CN' | 'zh_TW' | 'en' = 'zh_CN'): Promise<OAuthUserInfo> {
    requireToken(accessToken, 'accessToken');
    requireToken(openid, 'openid');
    const body = await this.#d.send('/sns/userinfo', { method: 'GET', auth: false, idempotent: true, query: { access_token: accessToken, openid, lang } }, [
      accessToken,
    ]);
    return body as unknown as OAuthUserInfo;
  }

  /**
   * Checks whether a web access token is still valid for `openid`.
   *
   * @throws {WxmpError} transport codes (an invalid token resolves to `false`, not an error).
   * @example
   * ```ts
   * if (!(await client.oauth.checkToken(accessToken, openid))) redirectToLogin()
   * ```
   * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html
   */
  async checkToken(accessToken: string, openid: string): Promise<boolean> {
    requireToken(accessToken, 'accessToken');
    requireToken(openid, 'openid');
    try {
      await this.#d.send('/sns/auth', { method: 'GET', auth: false, idempotent: true, query: { access_token: accessToken, openid } }, [accessToken]);
      return true;
    } catch (e) {
      if (e instanceof WxmpError && e.code === 'API_ERROR' && e.errcode !== -1) return false;
      throw e;
    }
  }
}

/** A GET signed with the component's AppID and token (both redacted from errors). */
async function viaComponent(
  d: OAuthDeps,
  c: OAuthComponent,
  path: string,
  query: Record<string, string>,
  idempotent: boolean,
  ...secrets: string[]
): Promise<Record<string, unknown>> {
  const token = await c.accessToken();
  return d.send(path, { method: 'GET', auth: false, idempotent, query: { ...query, component_appid: c.appId, component_access_token: token } }, [
    token,
    ...secrets,
  ]);
}

function requireToken(v: unknown, name: string): void {
  if (!isPrintableAscii(v, 1, 2048)) throw new WxmpError('INVALID_ARGUMENT', `${name} must be a non-empty printable string`);
}
