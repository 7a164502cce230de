/**
 * Short keys (短key托管): store up to 4 KB of data behind a 15-character key.
 */
import { checkInt, checkString, invalid, type Requester, type WeChatResult } from './requester.js';

/** Longest lifetime of a short key: 30 days (also WeChat's default). */
export const SHORT_KEY_MAX_EXPIRE_SECONDS = 2_592_000;
const MAX_LONG_DATA_BYTES = 4096;

/** Answer of `shorten/fetch`. */
export interface ShortKeyFetchResponse extends WeChatResult {
  long_data: string;
  /** Unix seconds. */
  create_time: number;
  /** Seconds left. */
  expire_seconds: number;
}

/**
 * Short key API group.
 *
 * @throws {WxmpError} `INVALID_ARGUMENT` for empty data or data over 4 KB (UTF-8), an expiry outside
 * 1..2592000 s, an empty key.
 * @example
 * ```ts
 * const { short_key } = await client.shortlink.gen('{"order":42}', 86400)
 * const { long_data } = await client.shortlink.fetch(short_key)
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Account_Management/KEY_Shortener.html
 */
export function shortlinkApi(r: Requester) {
  return {
    /** Stores `longData` and returns its short key (base62, 15 characters). */
    async gen(longData: string, expireSeconds = SHORT_KEY_MAX_EXPIRE_SECONDS): Promise<{ short_key: string } & WeChatResult> {
      checkString(longData, 'longData');
      if (new TextEncoder().encode(longData).length > MAX_LONG_DATA_BYTES) invalid('longData must be at most 4 KB (UTF-8)');
      const body = { long_data: longData, expire_seconds: checkInt(expireSeconds, 'expireSeconds', 1, SHORT_KEY_MAX_EXPIRE_SECONDS) };
      return r.request('/cgi-bin/shorten/gen', { method: 'POST', body, idempotent: false });
    },
    /** Reads the data behind a short key. */
    async fetch(shortKey: string): Promise<ShortKeyFetchResponse> {
      return r.request('/cgi-bin/shorten/fetch', { method: 'POST', body: { short_key: checkString(shortKey, 'shortKey', 64) }, idempotent: true });
    },
  };
}

/** The `client.shortlink` group. */
export type ShortlinkApi = ReturnType<typeof shortlinkApi>;
