/**
 * Access-token sources: `stable_token` (default), classic `cgi-bin/token`, and a user-supplied
 * central provider (中控). Validation of token responses and the classification of token-endpoint
 * errors (configuration → `API_TOKEN_CONFIG`, negative-cached; 45009 → no retry).
 */
import { isWxmpError, WxmpError, type WxmpErrorCode } from '../errors.js';
import { isCredentialSyntax, scrubCause, type Fetched } from './credential.js';
import type { ApiRequestInit, TokenProvider } from './types.js';

/** Errcodes that mean "your configuration is wrong" when the token endpoint returns them. */
export const TOKEN_CONFIG_ERRCODES: ReadonlySet<number> = new Set([40001, 40002, 40013, 40125, 40164, 40243, 41002, 41004]);

/** Errcodes that mean "this access token is not (or no longer) valid" on a business call. */
export const TOKEN_REJECTED_ERRCODES: ReadonlySet<number> = new Set([40001, 40014, 42001]);

/** True when a business call failed because its access token was rejected. */
export function isTokenRejection(e: unknown): e is WxmpError {
  return e instanceof WxmpError && e.code === 'API_ERROR' && e.errcode !== undefined && TOKEN_REJECTED_ERRCODES.has(e.errcode);
}

/** True for failures worth remembering for a few seconds: configuration errors and the daily quota. */
export function isNegativeCacheable(e: unknown): boolean {
  return e instanceof WxmpError && (e.code === 'API_TOKEN_CONFIG' || e.errcode === 45009);
}

type Send = (path: string, init: ApiRequestInit) => Promise<Record<string, unknown>>;

/**
 * Fetches an access token from `stable_token` (normal mode unless forced) or `cgi-bin/token`.
 *
 * @throws {WxmpError} `API_TOKEN_CONFIG` (40013, 40125, 40164, …), `API_ERROR` (45009 …),
 * `TOKEN_INVALID_RESPONSE`, transport codes.
 * @example
 * ```ts
 * await fetchAccessToken(send, { mode: 'stable', appId, appSecret, force: false })
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/getStableAccessToken.html
 */
export async function fetchAccessToken(send: Send, o: { mode: 'stable' | 'classic'; appId: string; appSecret: string; force: boolean }): Promise<Fetched> {
  let body: Record<string, unknown>;
  try {
    body =
      o.mode === 'stable'
        ? await send('/cgi-bin/stable_token', {
            method: 'POST',
            auth: false,
            // normal mode is idempotent (same token while valid); force_refresh is not
            idempotent: !o.force,
            body: { grant_type: 'client_credential', appid: o.appId, secret: o.appSecret, ...(o.force ? { force_refresh: true } : {}) },
          })
        : await send('/cgi-bin/token', {
            method: 'GET',
            auth: false,
            idempotent: true,
            query: { grant_type: 'client_credential', appid: o.appId, secret: o.appSecret },
          });
  } catch (e) {
    throw toTokenConfigError(e);
  }
  return parseCredential(body, 'access_token');
}

/** Maps an `API_ERROR` with a configuration errcode (of `errcodes`) to `API_TOKEN_CONFIG` (same errcode/errmsg/rid). */
export function toTokenConfigError(e: unknown, errcodes: ReadonlySet<number> = TOKEN_CONFIG_ERRCODES): unknown {
  const errcode = apiErrcode(e);
  if (errcode === undefined || !errcodes.has(errcode)) return e;
  return retypeApiError(e, 'API_TOKEN_CONFIG', `token endpoint refused the credentials (errcode ${errcode}): check appId, appSecret and the IP whitelist`);
}

/** The errcode of an `API_ERROR`, else `undefined`. */
export function apiErrcode(e: unknown): number | undefined {
  return isWxmpError(e, 'API_ERROR') ? e.errcode : undefined;
}

/** A more specific error for a platform answer: same errcode, errmsg and rid, the original as cause. */
export function retypeApiError(e: unknown, code: WxmpErrorCode, message: string): WxmpError {
  if (!isWxmpError(e, 'API_ERROR')) return new WxmpError(code, message, { cause: e });
  return new WxmpError(code, message, { errcode: e.errcode, errmsg: e.errmsg, ...(e.rid !== undefined ? { rid: e.rid } : {}), cause: e });
}

/**
 * Validates `{ <field>: string, expires_in: number }` from a token or ticket endpoint.
 *
 * @throws {WxmpError} `TOKEN_INVALID_RESPONSE` when the value or `expires_in` is missing or malformed.
 * @example
 * ```ts
 * parseCredential({ access_token: 'ACCESS_TOKEN_VALUE', expires_in: 7200 }, 'access_token')
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_access_token.html
 */
export function parseCredential(
  body: Record<string, unknown>,
  field: 'access_token' | 'ticket' | 'component_access_token' | 'authorizer_access_token',
): Fetched {
  const value = body[field];
  const raw = body['expires_in'];
  const expiresIn = typeof raw === 'string' && /^\d{1,6}$/.test(raw) ? Number(raw) : raw;
  if (!isCredentialSyntax(value)) throw new WxmpError('TOKEN_INVALID_RESPONSE', `response has no valid ${field}`);
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn <= 0 || expiresIn > 86_400) {
    throw new WxmpError('TOKEN_INVALID_RESPONSE', `response has no valid expires_in for ${field}`);
  }
  return { value, expiresIn };
}

/**
 * Calls a central {@link TokenProvider} and validates what it returns.
 *
 * @throws {WxmpError} `TOKEN_PROVIDER_FAILED` when the provider throws, `TOKEN_INVALID_RESPONSE` when it returns something unusable
 * (a `WxmpError` thrown by the provider is passed through).
 * @example
 * ```ts
 * await fetchFromProvider(provider, { appId, forceRefresh: false }, () => Date.now() / 1000)
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_access_token.html
 */
export async function fetchFromProvider(
  provider: TokenProvider,
  ctx: Parameters<TokenProvider>[0],
  now: () => number,
  scrub?: (text: string) => string,
): Promise<Fetched> {
  let got: unknown;
  try {
    got = await provider(ctx);
  } catch (e) {
    if (e instanceof WxmpError) throw e;
    throw new WxmpError('TOKEN_PROVIDER_FAILED', 'tokenProvider failed', { cause: scrubCause(e, scrub) });
  }
  if (isCredentialSyntax(got)) return { value: got };
  if (got !== null && typeof got === 'object') {
    const { accessToken, expiresAt } = got as Record<string, unknown>;
    if (isCredentialSyntax(accessToken) && typeof expiresAt === 'number' && Number.isFinite(expiresAt)) {
      const left = Math.floor(expiresAt - now());
      return left > 0 ? { value: accessToken, expiresIn: left } : { value: accessToken };
    }
  }
  throw new WxmpError('TOKEN_INVALID_RESPONSE', 'tokenProvider returned no usable access token');
}
