// OAuth web login (网页授权) of the fake platform: single-use codes, web access tokens with their
// scope (a `snsapi_base` token cannot read the profile: 48001), refresh tokens, `/sns/auth`.
import { WxmpError } from '../../errors.js';
import { err, ok, type FakeCall, type Platform, type Routes } from './kit.js';

const SCOPES = ['snsapi_base', 'snsapi_userinfo'];

/** The OAuth state of the fake and its `/sns/*` endpoints. */
export interface OAuthPlatform {
  routes: Routes;
  /** Issues a one-time code, as the authorize page does after the user consents. */
  issueCode(openid: string, scope: string, ttlSeconds: number): string;
  /** Follows an `authorizeUrl(...)`: the redirect WeChat would send the browser to. */
  authorize(authorizeUrl: string, openid: string): string;
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
export function oauthPlatform(p: Platform): OAuthPlatform {
  const codes = new Map<string, { openid: string; scope: string; expiresAt: number; used: boolean }>();
  const tokens = new Map<string, { openid: string; scope: string; expiresAt: number }>();
  const refreshes = new Map<string, { openid: string; scope: string; expiresAt: number }>();

  const grant = (openid: string, scope: string): Record<string, unknown> => {
    const access = `FAKE_OAUTH_ACCESS_${p.nextId()}_${p.key(8)}`;
    const refresh = `FAKE_OAUTH_REFRESH_${p.nextId()}_${p.key(8)}`;
    tokens.set(access, { openid, scope, expiresAt: p.now() + 7200 });
    // refresh tokens live 30 days
    refreshes.set(refresh, { openid, scope, expiresAt: p.now() + 30 * 86_400 });
    const out: Record<string, unknown> = { access_token: access, expires_in: 7200, refresh_token: refresh, openid, scope };
    if (scope === 'snsapi_userinfo') out.is_snapshotuser = 0;
    return out;
  };

  const issueCode = (openid: string, scope: string, ttlSeconds: number): string => {
    const code = `FAKECODE${p.nextId()}${p.key(8)}`;
    codes.set(code, { openid, scope, expiresAt: p.now() + ttlSeconds, used: false });
    return code;
  };

  const userToken = (c: FakeCall) => {
    const t = tokens.get(c.query['access_token'] ?? '');
    if (!t || t.openid !== c.query['openid']) return err(40001, 'invalid credential, access_token is invalid or not latest');
    if (p.now() >= t.expiresAt) return err(42001, 'access_token expired');
    return t;
  };

  const routes: Routes = {
    '/sns/oauth2/access_token': (c) => {
      const bad = p.credentialError(c.query['appid'], c.query['secret']);
      if (bad) return bad;
      const code = codes.get(c.query['code'] ?? '');
      if (!code) return err(40029, 'invalid code');
      if (code.used) return err(40163, 'code been used');
      if (p.now() >= code.expiresAt) return err(42003, 'code expired');
      code.used = true;
      return grant(code.openid, code.scope);
    },
    '/sns/oauth2/refresh_token': (c) => {
      if (c.query['appid'] !== p.appId) return err(40013, 'invalid appid');
      const r = refreshes.get(c.query['refresh_token'] ?? '');
      if (!r) return err(40030, 'invalid refresh_token');
      if (p.now() >= r.expiresAt) return err(42002, 'refresh_token expired');
      return grant(r.openid, r.scope);
    },
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
      let u: URL;
      try {
        u = new URL(authorizeUrl);
      } catch {
        throw new WxmpError('INVALID_ARGUMENT', 'authorize() needs the URL built by client.oauth.authorizeUrl()');
      }
      const q = u.searchParams;
      if (q.get('appid') !== p.appId) throw new WxmpError('INVALID_ARGUMENT', 'the authorize URL names another appid');
      const scope = q.get('scope') ?? '';
      if (!SCOPES.includes(scope)) throw new WxmpError('INVALID_ARGUMENT', 'the authorize URL needs scope snsapi_base or snsapi_userinfo');
      const redirect = q.get('redirect_uri') ?? '';
      if (!/^https?:\/\//i.test(redirect)) throw new WxmpError('INVALID_ARGUMENT', 'the authorize URL needs an http(s) redirect_uri');
      const code = issueCode(openid, scope, 300);
      const target = new URL(redirect);
      target.searchParams.set('code', code);
      target.searchParams.set('state', q.get('state') ?? '');
      return target.href;
    },
  };
}
