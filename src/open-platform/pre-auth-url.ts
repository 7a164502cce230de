/**
 * The authorization page (授权页) an account admin opens to authorize the platform: the PC page
 * with a QR code (`componentloginpage`) or the mobile link opened inside WeChat (`bindcomponent`).
 */
import { WxmpError } from '../errors.js';
import { isAppId } from './calls.js';
import type { PreAuthUrlOptions } from './types.js';

/**
 * Builds the authorization URL for a fresh pre_auth_code.
 *
 * @throws {WxmpError} `INVALID_ARGUMENT` for a redirectUri that is not absolute http(s), an authType
 * outside 1..6 or a malformed bizAppid.
 * @example
 * ```ts
 * buildPreAuthUrl('wxcomponent', code, { redirectUri: 'https://saas.example.com/authorized', authType: 1 })
 * // https://mp.weixin.qq.com/cgi-bin/componentloginpage?component_appid=wxcomponent&pre_auth_code=…&redirect_uri=…&auth_type=1
 * ```
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/Before_Develop/Authorization_Process_Technical_Description.html
 */
export function buildPreAuthUrl(componentAppId: string, preAuthCode: string, o: PreAuthUrlOptions): string {
  checkPreAuthOptions(o);
  const q = new URLSearchParams();
  if (o.mobile) {
    q.set('action', 'bindcomponent');
    q.set('no_scan', '1');
  }
  q.set('component_appid', componentAppId);
  q.set('pre_auth_code', preAuthCode);
  q.set('redirect_uri', o.redirectUri);
  if (o.authType !== undefined) q.set('auth_type', String(o.authType));
  if (o.bizAppid !== undefined) q.set('biz_appid', o.bizAppid);
  return o.mobile ? `https://mp.weixin.qq.com/safe/bindcomponent?${q}#wechat_redirect` : `https://mp.weixin.qq.com/cgi-bin/componentloginpage?${q}`;
}

/**
 * Checks the options of {@link buildPreAuthUrl} (before a pre_auth_code is spent on them).
 *
 * @throws {WxmpError} `INVALID_ARGUMENT`, as {@link buildPreAuthUrl}.
 */
export function checkPreAuthOptions(o: PreAuthUrlOptions): void {
  if (typeof o?.redirectUri !== 'string' || !/^https?:\/\/[^\s]+$/i.test(o.redirectUri))
    throw new WxmpError('INVALID_ARGUMENT', 'redirectUri must be an absolute http(s) URL');
  if (o.authType !== undefined && !(Number.isInteger(o.authType) && o.authType >= 1 && o.authType <= 6))
    throw new WxmpError('INVALID_ARGUMENT', 'authType must be an integer in 1..6 (1 Official Accounts, 2 Mini Programs, 3 both)');
  if (o.bizAppid !== undefined && !isAppId(o.bizAppid)) throw new WxmpError('INVALID_ARGUMENT', 'bizAppid must be an AppID');
}
