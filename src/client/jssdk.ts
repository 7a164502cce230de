/**
 * JS-SDK: `jsapi_ticket` / `wx_card` tickets through the shared cache and single-flight, and the
 * `wx.config` parameters signed with {@link jssdkSignature}.
 */
import { randomBytes } from 'node:crypto';
import { WxmpError } from '../errors.js';
import { HTTP_URL_RE } from '../internal/patterns.js';
import { randomText } from '../internal/random.js';
import { jssdkSignature } from '../signature.js';
import type { CredentialManager } from './credential.js';

/** Ticket types served by `cgi-bin/ticket/getticket`. */
export type TicketType = 'jsapi' | 'wx_card';

/** What {@link Jssdk.getTicketEntry} returns. */
export interface TicketInfo {
  ticket: string;
  /** Absolute expiry in Unix seconds, as the platform announced it. */
  expiresAt: number;
}

/** What `wx.config({...})` needs. */
export interface JssdkConfig {
  debug: boolean;
  appId: string;
  timestamp: number;
  nonceStr: string;
  signature: string;
  jsApiList: string[];
  openTagList?: string[];
}

/** What the JS-SDK helper needs from the client. */
export interface JssdkDeps {
  appId: string;
  tickets: (type: TicketType) => CredentialManager;
  now: () => number;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * JS-SDK helper (`client.jssdk`).
 *
 * @example
 * ```ts
 * const cfg = await client.jssdk.config({ url: 'https://example.com/page?x=1', jsApiList: ['updateAppMessageShareData'] })
 * // in the page: wx.config(cfg)
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/JS-SDK.html
 */
export class Jssdk {
  readonly #d: JssdkDeps;

  /** @internal Built by {@link WeChatClient} (`client.jssdk`). */
  constructor(deps: JssdkDeps) {
    this.#d = deps;
  }

  /**
   * Returns a valid ticket (cached globally; refreshed through the single-flight).
   *
   * @throws {WxmpError} `TOKEN_INVALID_RESPONSE`, `TOKEN_CACHE_FAILED`, `TOKEN_LOCK_FAILED`, `API_ERROR`, transport codes.
   * @example
   * ```ts
   * const ticket = await client.jssdk.getTicket('jsapi')
   * ```
   * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/JS-SDK.html
   */
  async getTicket(type: TicketType = 'jsapi', options: { forceRefresh?: boolean } = {}): Promise<string> {
    return (await this.getTicketEntry(type, options)).ticket;
  }

  /**
   * Like {@link Jssdk.getTicket}, with the ticket's absolute expiry (Unix seconds): what a central
   * server (中控) hands to the pages' servers.
   *
   * @throws {WxmpError} the codes of {@link Jssdk.getTicket}; `INVALID_ARGUMENT` for another type.
   * @example
   * ```ts
   * const { ticket, expiresAt } = await client.jssdk.getTicketEntry('wx_card')
   * ```
   * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/JS-SDK.html
   */
  async getTicketEntry(type: TicketType = 'jsapi', options: { forceRefresh?: boolean } = {}): Promise<TicketInfo> {
    if (type !== 'jsapi' && type !== 'wx_card') throw new WxmpError('INVALID_ARGUMENT', 'ticket type must be jsapi or wx_card');
    const got = await this.#d.tickets(type).get({ force: !!options.forceRefresh });
    // Tickets always come with expires_in (parseCredential requires it), so the expiry is known.
    return { ticket: got.value, expiresAt: got.expiresAt ?? 0 };
  }

  /**
   * Forgets `ticket` if it is still the cached one (compare-and-invalidate), e.g. after the page
   * reported `invalid signature` although the URL was right.
   *
   * @example
   * ```ts
   * await client.jssdk.invalidateTicket(ticket)
   * ```
   * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/JS-SDK.html
   */
  invalidateTicket(ticket: string, type: TicketType = 'jsapi'): Promise<void> {
    return this.#d.tickets(type).invalidate(ticket);
  }

  /**
   * Builds the signed `wx.config` parameters for the page at `url` (the `#fragment` is dropped).
   *
   * @throws {WxmpError} `INVALID_ARGUMENT` for a non-http(s) url or a malformed jsApiList; ticket errors.
   * @example
   * ```ts
   * await client.jssdk.config({ url: location, jsApiList: ['scanQRCode'], openTagList: ['wx-open-launch-weapp'] })
   * ```
   * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/JS-SDK.html
   */
  async config(o: {
    url: string;
    jsApiList: readonly string[];
    debug?: boolean;
    openTagList?: readonly string[];
    nonceStr?: string;
    timestamp?: number;
  }): Promise<JssdkConfig> {
    if (typeof o?.url !== 'string' || !HTTP_URL_RE.test(o.url)) throw new WxmpError('INVALID_ARGUMENT', 'url must be the absolute http(s) URL of the page');
    if (!isStringList(o.jsApiList)) throw new WxmpError('INVALID_ARGUMENT', 'jsApiList must be an array of strings');
    if (o.openTagList !== undefined && !isStringList(o.openTagList)) throw new WxmpError('INVALID_ARGUMENT', 'openTagList must be an array of strings');
    const jsapiTicket = await this.getTicket('jsapi');
    const timestamp = o.timestamp ?? Math.floor(this.#d.now());
    const nonceStr = o.nonceStr ?? randomText(randomBytes, 16, ALNUM);
    const signature = jssdkSignature({ jsapiTicket, nonceStr, timestamp, url: o.url });
    const out: JssdkConfig = { debug: !!o.debug, appId: this.#d.appId, timestamp, nonceStr, signature, jsApiList: [...o.jsApiList] };
    if (o.openTagList) out.openTagList = [...o.openTagList];
    return out;
  }
}

function isStringList(v: unknown): v is readonly string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string' && x.length > 0 && x.length <= 128);
}
