// The Open Platform (第三方平台) of the fake: verify tickets, component tokens, pre-auth codes, the
// authorization page, api_query_auth, authorizer tokens (refreshed with the refresh token, expiring
// on the fake clock) and revocation. Authorizer tokens are accepted by every business endpoint.
import { WxmpError } from '../../errors.js';
import { bodyOf, err, ok, text, urlOf, type FakeCall, type Platform, type Routes } from './kit.js';
import type { OAuthComponentCheck } from './oauth.js';
import { TokenBook, type TokenVerdict } from './tokens.js';

/** Options of the fake's component (`createFakeWeChatApi({ component: {…} })`). */
export interface FakeComponentOptions {
  /** Default `'wxcomponent0000001'`. */
  appId?: string;
  /** Default `'fake_component_secret_0123456789'`. */
  appSecret?: string;
}

/** The fake's third-party platform, `api.component`. The log keeps raw values: never print it. */
export interface FakeComponent {
  readonly appId: string;
  readonly appSecret: string;
  /** component_access_token state. */
  readonly tokens: TokenBook;
  /** A fresh component_verify_ticket (valid 12 h), as WeChat pushes every 10 minutes: send it with `sim.componentVerifyTicket(ticket)`. */
  issueTicket(): string;
  /**
   * Plays the account admin who opens `preAuthUrl` (from `component.preAuthUrl()`) and authorizes:
   * the pre_auth_code is used up, an authorization code (valid 600 s) issued; returns the redirect
   * URL (`?auth_code=…&expires_in=600`) and what an `authorized` push would carry.
   */
  authorize(preAuthUrl: string, options?: { authorizerAppId?: string }): { redirectUrl: string; authorizationCode: string; authorizerAppId: string };
  /** An authorization code for `authorizerAppId` without the page (what a `QUERY_AUTH_CODE:` release check carries). */
  issueAuthorizationCode(authorizerAppId?: string): string;
  /** Revokes an authorization, as the admin does before an `unauthorized` push: its tokens stop working. */
  revoke(authorizerAppId: string): void;
  /** Expires the account's authorizer tokens now (42001), without moving the clock: the next calls must refresh. */
  expireAuthorizerTokens(authorizerAppId: string): void;
  /** The accounts currently authorized. */
  authorizers(): string[];
  /** Which authorizer an access token belongs to. */
  authorizerOf(accessToken: string): string | undefined;
}

interface Authorizer {
  book: TokenBook;
  refreshToken: string;
  revoked: boolean;
}

/** What fake-api.ts wires in. */
export interface ComponentPlatform {
  component: FakeComponent;
  /** `/cgi-bin/component/*`: each checks the component token itself. */
  routes: Routes;
  /** Any other `/cgi-bin/component/*` path: the component token is checked, then `ok`. */
  other(c: FakeCall): Record<string, unknown>;
  /** The verdict on an authorizer token (`{ verdict: undefined }`: valid), `undefined` when `token` is not one. */
  check(token: string): { verdict: TokenVerdict } | undefined;
  oauth: OAuthComponentCheck;
}

const FUNC_INFO = [1, 2, 3, 4, 6, 7, 11, 15].map((id) => ({ funcscope_category: { id } }));

/**
 * Builds the fake's component.
 *
 * @throws {WxmpError} `INVALID_ARGUMENT` from `authorize()` for a URL that is not an authorization
 * page of this component or whose pre_auth_code is unknown, used or expired.
 * @example
 * ```ts
 * const { component } = componentPlatform(platform, { appId: 'wxcomponent0000001' })
 * ```
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/Before_Develop/Authorization_Process_Technical_Description.html
 */
export function componentPlatform(p: Platform, o: FakeComponentOptions, ttl: number, overlap: number): ComponentPlatform {
  const appId = o.appId ?? 'wxcomponent0000001';
  const appSecret = o.appSecret ?? 'fake_component_secret_0123456789';
  const tokens = new TokenBook(() => p.now(), ttl, overlap, 'COMPONENT');
  const tickets = new Map<string, number>();
  const preAuthCodes = new Map<string, { expiresAt: number; used: boolean }>();
  const codes = new Map<string, { appId: string; expiresAt: number; used: boolean }>();
  const authorizers = new Map<string, Authorizer>();
  const owner = new Map<string, string>(); // authorizer token → appid

  const issueCode = (authorizerAppId: string): string => {
    const code = `queryauthcode@@@${p.key(40)}`;
    codes.set(code, { appId: authorizerAppId, expiresAt: p.now() + 600, used: false });
    return code;
  };
  const mint = (id: string, a: Authorizer) => {
    const t = a.book.issueClassic();
    owner.set(t.value, id);
    return { authorizer_access_token: t.value, expires_in: t.expiresAt - p.now(), authorizer_refresh_token: a.refreshToken };
  };
  const tokenError = (c: FakeCall) => {
    const verdict = tokens.check(c.query['component_access_token'] ?? c.query['access_token'] ?? null);
    if (verdict) return err(verdict.errcode, verdict.errmsg);
    return bodyOf(c)['component_appid'] === appId || c.query['component_appid'] === appId ? undefined : err(61011, 'invalid component');
  };
  const authenticated = (route: (c: FakeCall) => Record<string, unknown>) => (c: FakeCall) => tokenError(c) ?? route(c);

  const routes: Routes = {
    '/cgi-bin/component/api_component_token': (c) => {
      const b = bodyOf(c);
      if (b['component_appid'] !== appId) return err(61011, 'invalid component');
      if (!text(b['component_appsecret'])) return err(41004, 'appsecret missing');
      if (b['component_appsecret'] !== appSecret) return err(40125, 'invalid appsecret');
      const until = tickets.get(String(b['component_verify_ticket'] ?? ''));
      if (until === undefined) return err(61006, 'component ticket is invalid');
      if (p.now() >= until) return err(61005, 'component ticket is expired');
      const t = tokens.issueClassic();
      return { component_access_token: t.value, expires_in: t.expiresAt - p.now() };
    },
    '/cgi-bin/component/api_create_preauthcode': authenticated(() => {
      const code = `preauthcode@@@${p.key(40)}`;
      preAuthCodes.set(code, { expiresAt: p.now() + 1800, used: false });
      return ok({ pre_auth_code: code, expires_in: 1800 });
    }),
    '/cgi-bin/component/api_query_auth': authenticated((c) => {
      const code = codes.get(String(bodyOf(c)['authorization_code'] ?? ''));
      if (!code) return err(61009, 'code is invalid');
      if (code.used || p.now() >= code.expiresAt) return err(61010, 'code is expired');
      code.used = true;
      // a new authorization invalidates the previous refresh token
      const a: Authorizer = { book: new TokenBook(() => p.now(), ttl, overlap, 'AUTHORIZER'), refreshToken: `refreshtoken@@@${p.key(40)}`, revoked: false };
      authorizers.set(code.appId, a);
      return ok({ authorization_info: { authorizer_appid: code.appId, ...mint(code.appId, a), func_info: FUNC_INFO } });
    }),
    '/cgi-bin/component/api_get_authorizer_info': authenticated((c) => {
      const id = String(bodyOf(c)['authorizer_appid'] ?? '');
      if (authorizers.get(id)?.revoked !== false) return err(61003, 'component is not authorized by this account');
      return ok({
        authorizer_info: {
          nick_name: `测试公众号 ${id.slice(-4)}`,
          user_name: `gh_${id.slice(-12)}`,
          service_type_info: { id: 2 },
          verify_type_info: { id: 0 },
          alias: '',
          principal_name: '测试主体',
        },
        authorization_info: { authorizer_appid: id, func_info: FUNC_INFO },
      });
    }),
    '/cgi-bin/component/api_authorizer_token': authenticated((c) => {
      const b = bodyOf(c);
      const id = String(b['authorizer_appid'] ?? '');
      const a = authorizers.get(id);
      if (!a || a.revoked) return err(61003, 'component is not authorized by this account');
      if (b['authorizer_refresh_token'] !== a.refreshToken) return err(61023, 'refresh_token is invalid');
      return ok(mint(id, a));
    }),
  };

  const authorize: FakeComponent['authorize'] = (preAuthUrl, options = {}) => {
    const u = urlOf(preAuthUrl, 'component.preAuthUrl()');
    const q = u.searchParams;
    if (u.host !== 'mp.weixin.qq.com' || !['/cgi-bin/componentloginpage', '/safe/bindcomponent'].includes(u.pathname))
      throw new WxmpError('INVALID_ARGUMENT', 'not an authorization page URL');
    if (q.get('component_appid') !== appId) throw new WxmpError('INVALID_ARGUMENT', 'the URL names another component');
    const pre = preAuthCodes.get(q.get('pre_auth_code') ?? '');
    if (!pre || pre.used || p.now() >= pre.expiresAt)
      throw new WxmpError('INVALID_ARGUMENT', 'the pre_auth_code is unknown, used or expired (WeChat shows an error page)');
    const redirect = q.get('redirect_uri') ?? '';
    if (!/^https?:\/\//i.test(redirect)) throw new WxmpError('INVALID_ARGUMENT', 'the URL needs an http(s) redirect_uri');
    const authorizerAppId = options.authorizerAppId ?? q.get('biz_appid') ?? p.appId;
    const biz = q.get('biz_appid');
    if (biz !== null && biz !== authorizerAppId) throw new WxmpError('INVALID_ARGUMENT', 'biz_appid names another account: only its admin may authorize');
    pre.used = true;
    const authorizationCode = issueCode(authorizerAppId);
    const target = new URL(redirect);
    target.searchParams.set('auth_code', authorizationCode);
    target.searchParams.set('expires_in', '600');
    return { redirectUrl: target.href, authorizationCode, authorizerAppId };
  };

  const component: FakeComponent = {
    appId,
    appSecret,
    tokens,
    issueTicket: () => {
      const ticket = `ticket@@@${p.key(60)}`;
      tickets.set(ticket, p.now() + 12 * 3600);
      return ticket;
    },
    authorize,
    issueAuthorizationCode: (authorizerAppId = p.appId) => issueCode(authorizerAppId),
    revoke: (id) => {
      const a = authorizers.get(id);
      if (!a) return;
      a.revoked = true;
      a.book.revokeAll();
    },
    expireAuthorizerTokens: (id) => authorizers.get(id)?.book.expireAll(),
    authorizers: () => [...authorizers].filter(([, a]) => !a.revoked).map(([id]) => id),
    authorizerOf: (token) => owner.get(token),
  };

  return {
    component,
    routes,
    other: (c) => tokenError(c) ?? ok(),
    check: (token) => {
      const id = owner.get(token);
      return id === undefined ? undefined : { verdict: authorizers.get(id)?.book.check(token) };
    },
    oauth: {
      authorizes: (id, componentAppId) => componentAppId === appId && authorizers.get(id)?.revoked === false,
      callError: tokenError,
    },
  };
}
