// OAuth web login (网页授权) of the fake platform: single-use codes, web access tokens with their
// scope (a `snsapi_base` token cannot read the profile: 48001), refresh tokens, `/sns/auth`; and
// the same on behalf of an Open Platform authorizer (`/sns/oauth2/component/*`).
import { WxmpError } from '../../errors.js';
import { err, ok, urlOf, type FakeCall, type Platform, type Routes } from './kit.js';

const SCOPES = ['snsapi_base', 'snsapi_userinfo'];

/** The OAuth state of the fake and its `/sns/*` endpoints. */
export interface OAuthPlatform {
  routes: Routes;
  /** Issues a one-time code, as the authorize page does after the user consents. */
  issueCode(openid: string, scope: string, ttlSeconds: number): string;
  /** Follows an `authorizeUrl(...)`: the redirect WeChat would send the browser to. */
  authorize(authorizeUrl: string, openid: string): string;
}

/** What OAuth on behalf of an authorizer needs from the fake's component (see component.ts). */
export interface OAuthComponentCheck {
  /** True when `appId` authorized the component `componentAppId`. */
  authorizes(appId: string, componentAppId: string): boolean;
  /** The error answer for a call's `component_appid` + `component_access_token`, `undefined` when valid. */
  callError(c: FakeCall): Record<string, unknown> | undefined;
}

/**
 * OAuth codes and web tokens of the fake, and its `/sns/*` endpoints.
 *
 * @throws {WxmpError} `INVALID_ARGUMENT` from `authorize()` for a URL that is not an authorize URL of this appid.
 * @example
 * ```ts
 * const oauth = oauthPlatform(platform); oauth.authorize(client.oauth.authorizeUrl({ redirectUri, scope: 'snsapi_base' }), openid)
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html
 */
export function oauthPlatform(p: Platform, component?: OAuthComponentCheck): OAuthPlatform {
  const codes = new Map<string, { appId: string; openid: string; scope: string; expiresAt: number; used: boolean }>();
  const tokens = new Map<string, { openid: string; scope: string; expiresAt: number }>();
  const refreshes = new Map<string, { appId: string; openid: string; scope: string; expiresAt: number }>();

  const grant = (appId: string, openid: string, scope: string): Record<string, unknown> => {
    const access = `FAKE_OAUTH_ACCESS_${p.nextId()}_${p.key(8)}`;
    const refresh = `FAKE_OAUTH_REFRESH_${p.nextId()}_${p.key(8)}`;
    tokens.set(access, { openid, scope, expiresAt: p.now() + 7200 });
    // refresh tokens live 30 days
    refreshes.set(refresh, { appId, openid, scope, expiresAt: p.now() + 30 * 86_400 });
    const out: Record<string, unknown> = { access_token: access, expires_in: 7200, refresh_token: refresh, openid, scope };
    if (scope === 'snsapi_userinfo') out.is_snapshotuser = 0;
    return out;
  };

  const issueCode = (openid: string, scope: string, ttlSeconds: number, appId = p.appId): string => {
    const code = `FAKECODE${p.nextId()}${p.key(8)}`;
    codes.set(code, { appId, openid, scope, expiresAt: p.now() + ttlSeconds, used: false });
    return code;
  };

  // A code works only for the appid it was issued to (the account's own, or an authorizer's on behalf).
  const exchange = (c: FakeCall, appId: string): Record<string, unknown> => {
    const code = codes.get(c.query['code'] ?? '');
    if (!code || code.appId !== appId) return err(40029, 'invalid code');
    if (code.used) return err(40163, 'code been used');
    if (p.now() >= code.expiresAt) return err(42003, 'code expired');
    code.used = true;
    return grant(appId, code.openid, code.scope);
  };

  const renew = (c: FakeCall, appId: string): Record<string, unknown> => {
    const r = refreshes.get(c.query['refresh_token'] ?? '');
    if (!r || r.appId !== appId) return err(40030, 'invalid refresh_token');
    if (p.now() >= r.expiresAt) return err(42002, 'refresh_token expired');
    return grant(appId, r.openid, r.scope);
  };

  const onBehalf = (c: FakeCall, then: (c: FakeCall, appId: string) => Record<string, unknown>): Record<string, unknown> => {
    if (!component) return err(61011, 'invalid component');
    const appId = c.query['appid'] ?? '';
    return (
      component.callError(c) ??
      (component.authorizes(appId, c.query['component_appid'] ?? '') ? then(c, appId) : err(61003, 'component is not authorized by this account'))
    );
  };

  const userToken = (c: FakeCall) => {
    const t = tokens.get(c.query['access_token'] ?? '');
    if (!t || t.openid !== c.query['openid']) return err(40001, 'invalid credential, access_token is invalid or not latest');
    if (p.now() >= t.expiresAt) return err(42001, 'access_token expired');
    return t;
  };

  const routes: Routes = {
    '/sns/oauth2/access_token': (c) => p.credentialError(c.query['appid'], c.query['secret']) ?? exchange(c, p.appId),
    '/sns/oauth2/refresh_token': (c) => (c.query['appid'] !== p.appId ? err(40013, 'invalid appid') : renew(c, p.appId)),
    '/sns/oauth2/component/access_token': (c) => onBehalf(c, exchange),
    '/sns/oauth2/component/refresh_token': (c) => onBehalf(c, renew),
    '/sns/userinfo': (c) => {
      const t = userToken(c);
      if ('errcode' in t) return t;
      // the profile needs the snsapi_userinfo scope; a snsapi_base token only identifies the user
      if (t.scope !== 'snsapi_userinfo') return err(48001, 'api unauthorized');
      return {
        openid: t.openid,
        nickname: '测试用户',
        sex: 0,
        province: '广东',
        city: '广州',
        country: '中国',
        headimgurl: 'https://thirdwx.qlogo.cn/mmopen/fake/132',
        privilege: [],
        language: c.query['lang'] ?? 'zh_CN',
      };
    },
    '/sns/auth': (c) => {
      const t = userToken(c);
      return 'errcode' in t ? t : ok();
    },
  };

  return {
    routes,
    issueCode,
    authorize(authorizeUrl, openid) {
      const u = urlOf(authorizeUrl, 'client.oauth.authorizeUrl()');
      const q = u.searchParams;
      const appId = q.get('appid') ?? '';
      const onBehalfOf = q.get('component_appid');
      const known = onBehalfOf === null ? appId === p.appId : component?.authorizes(appId, onBehalfOf) === true;
      if (!known)
        throw new WxmpError(
          'INVALID_ARGUMENT',
          onBehalfOf === null ? 'the authorize URL names another appid' : 'the authorize URL names an account that has not authorized this component',
        );
      const scope = q.get('scope') ?? '';
      if (!SCOPES.includes(scope)) throw new WxmpError('INVALID_ARGUMENT', 'the authorize URL needs scope snsapi_base or snsapi_userinfo');
      const redirect = q.get('redirect_uri') ?? '';
      if (!/^https?:\/\//i.test(redirect)) throw new WxmpError('INVALID_ARGUMENT', 'the authorize URL needs an http(s) redirect_uri');
      const code = issueCode(openid, scope, 300, appId);
      const target = new URL(redirect);
      target.searchParams.set('code', code);
      target.searchParams.set('state', q.get('state') ?? '');
      if (onBehalfOf !== null) target.searchParams.set('appid', appId); // as WeChat does on behalf of an authorizer
      return target.href;
    },
  };
}
