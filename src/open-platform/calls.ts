/**
 * The component endpoints of the third-party platform (cgi-bin/component/*): request shapes,
 * validation of the answers and the errcodes that get their own WxmpError code. Transport,
 * retries, token refresh and redaction are the component's `WeChatClient`'s.
 */
import { isCredentialSyntax, type Fetched } from '../client/credential.js';
import { apiErrcode, parseCredential, retypeApiError, TOKEN_CONFIG_ERRCODES, toTokenConfigError } from '../client/token.js';
import type { ApiRequestInit } from '../client/types.js';
import { WxmpError, type WxmpErrorCode } from '../errors.js';
import type { AuthorizationInfo } from './types.js';

/** An API call through the component's client. */
export type Send = (path: string, init: ApiRequestInit) => Promise<Record<string, unknown>>;

/** Configuration errcodes of api_component_token: the usual ones plus 61004 (IP not whitelisted) and 61011 (invalid component). */
const COMPONENT_CONFIG_ERRCODES: ReadonlySet<number> = new Set([...TOKEN_CONFIG_ERRCODES, 61004, 61011]);

/** Errcodes with a code of their own, per endpoint. */
const TICKET_ERRORS = { 61005: 'component_verify_ticket expired', 61006: 'component_verify_ticket invalid' } as const;
const REFRESH_ERRORS = {
  61023: 'authorizer_refresh_token rejected: the account must authorize again',
  61003: 'the account has not authorized this platform',
} as const;
const CODE_ERRORS = { 61009: 'authorization code invalid', 61010: 'authorization code expired or already used' } as const;

const APPID_RE = /^[A-Za-z0-9_-]{1,64}$/;

/** The errcode's own code and message, or the error unchanged. */
function retyped(e: unknown, table: Readonly<Record<number, string>>, code: (errcode: number) => WxmpErrorCode): unknown {
  const errcode = apiErrcode(e);
  const what = errcode === undefined ? undefined : table[errcode];
  return what === undefined || errcode === undefined ? e : retypeApiError(e as WxmpError, code(errcode), `${what} (errcode ${errcode})`);
}

/**
 * api_component_token with the stored ticket.
 *
 * @throws {WxmpError} `OPEN_TICKET_MISSING` (from `ticket`), `OPEN_TICKET_REJECTED` (61005, 61006),
 * `API_TOKEN_CONFIG` (40013, 40125, 61004, 61011 …), `TOKEN_INVALID_RESPONSE`, transport codes.
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/component_access_token.html
 */
export async function fetchComponentToken(
  send: Send,
  o: { componentAppId: string; componentAppSecret: string; ticket: () => Promise<string> },
): Promise<Fetched> {
  const ticket = await o.ticket();
  let body: Record<string, unknown>;
  try {
    body = await send('/cgi-bin/component/api_component_token', {
      method: 'POST',
      auth: false,
      idempotent: true, // a second token does not invalidate the first
      body: { component_appid: o.componentAppId, component_appsecret: o.componentAppSecret, component_verify_ticket: ticket },
    });
  } catch (e) {
    throw toTokenConfigError(
      retyped(e, TICKET_ERRORS, () => 'OPEN_TICKET_REJECTED'),
      COMPONENT_CONFIG_ERRCODES,
    );
  }
  return parseCredential(body, 'component_access_token');
}

/**
 * api_authorizer_token: a fresh authorizer_access_token from the stored refresh token, and the
 * refresh token the platform answered with (it may rotate it).
 *
 * @throws {WxmpError} `OPEN_REFRESH_TOKEN_REJECTED` (61023), `OPEN_NOT_AUTHORIZED` (61003), `TOKEN_INVALID_RESPONSE`, transport codes.
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/api_authorizer_token.html
 */
export async function fetchAuthorizerToken(
  send: Send,
  o: { componentAppId: string; appId: string; refreshToken: string },
): Promise<{ fetched: Fetched; refreshToken: string | undefined }> {
  let body: Record<string, unknown>;
  try {
    body = await send('/cgi-bin/component/api_authorizer_token', {
      method: 'POST',
      idempotent: true,
      body: { component_appid: o.componentAppId, authorizer_appid: o.appId, authorizer_refresh_token: o.refreshToken },
    });
  } catch (e) {
    throw retyped(e, REFRESH_ERRORS, (n) => (n === 61023 ? 'OPEN_REFRESH_TOKEN_REJECTED' : 'OPEN_NOT_AUTHORIZED'));
  }
  const rotated = body['authorizer_refresh_token'];
  return { fetched: parseCredential(body, 'authorizer_access_token'), refreshToken: typeof rotated === 'string' ? rotated : undefined };
}

/**
 * api_query_auth: exchanges an authorization code (never retried: a code is single-use).
 *
 * @throws {WxmpError} `OPEN_AUTH_CODE_REJECTED` (61009, 61010), `TOKEN_INVALID_RESPONSE` for an
 * answer without a valid `authorization_info.authorizer_appid`, transport codes.
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/authorization_info.html
 */
export async function queryAuthCall(send: Send, componentAppId: string, code: string): Promise<AuthorizationInfo> {
  let body: Record<string, unknown>;
  try {
    body = await send('/cgi-bin/component/api_query_auth', {
      method: 'POST',
      idempotent: false,
      body: { component_appid: componentAppId, authorization_code: code },
    });
  } catch (e) {
    throw retyped(e, CODE_ERRORS, () => 'OPEN_AUTH_CODE_REJECTED');
  }
  const info = body['authorization_info'] as Record<string, unknown> | undefined;
  const appId = info?.['authorizer_appid'];
  if (typeof appId !== 'string' || !APPID_RE.test(appId))
    throw new WxmpError('TOKEN_INVALID_RESPONSE', 'api_query_auth answered without a valid authorization_info.authorizer_appid');
  return info as unknown as AuthorizationInfo;
}

/**
 * api_create_preauthcode.
 *
 * @throws {WxmpError} `TOKEN_INVALID_RESPONSE` without a plausible `pre_auth_code`, transport codes.
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/pre_auth_code.html
 */
export async function createPreAuthCode(send: Send, componentAppId: string): Promise<string> {
  const body = await send('/cgi-bin/component/api_create_preauthcode', { method: 'POST', idempotent: true, body: { component_appid: componentAppId } });
  const code = body['pre_auth_code'];
  if (!isCredentialSyntax(code)) throw new WxmpError('TOKEN_INVALID_RESPONSE', 'api_create_preauthcode answered without a valid pre_auth_code');
  return code;
}

/** True for a plausible AppID (what `WeChatClient` accepts). */
export function isAppId(v: unknown): v is string {
  return typeof v === 'string' && APPID_RE.test(v);
}
