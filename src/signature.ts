// Server signatures (signature / msg_signature), the JS-SDK signature and the timestamp window.
import { WxmpError } from './errors.js';
import { isLowerHex40, preview } from './internal/bytes.js';
import { equalConstantTime } from './internal/compare.js';
import { hashText } from './internal/hash.js';
import { HTTP_URL_RE, TIMESTAMP_RE } from './internal/patterns.js';

/** The query parameters WeChat signs on every push (`signature`, `timestamp`, `nonce`). */
export interface SignatureQuery {
  signature: string;
  timestamp: string;
  nonce: string;
}

/** The parameters of a safe-mode `msg_signature`, with the `<Encrypt>` value (or WeCom `echostr`). */
export interface MsgSignatureQuery {
  msgSignature: string;
  timestamp: string;
  nonce: string;
  encrypt: string;
}

/** Inputs of the JS-SDK `wx.config` signature. */
export interface JssdkSignatureParams {
  jsapiTicket: string;
  nonceStr: string;
  timestamp: number | string;
  /** The full page URL; everything from `#` on is dropped, nothing is URL-encoded. */
  url: string;
}

/** Options of {@link isTimestampFresh} and {@link secondsUntilStale}. */
export interface TimestampWindowOptions {
  /** Current time in seconds; default `Math.floor(Date.now() / 1000)`. */
  now?: () => number;
  /** Accepted skew in either direction, in seconds; default 300. */
  windowSeconds?: number;
}

/**
 * SHA-1 (lowercase hex) of the parts sorted and concatenated — WeChat's `signature` and
 * `msg_signature` scheme.
 *
 * Parts are sorted with JavaScript's default sort, i.e. by UTF-16 code units, as the official Java
 * sample does (`Arrays.sort`). For the ASCII values WeChat uses (digits, base64, alphanumeric
 * tokens) this equals the byte order of the PHP and Python samples.
 *
 * @throws {WxmpError} `INVALID_ARGUMENT` when a part is not a string.
 * @example
 * ```ts
 * computeSignature('test', '1410685589', 'test') // 'f21891de399b4e33a1a93c9a7b8a8fffb5a443ff'
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Access_Overview.html
 */
export function computeSignature(...parts: string[]): string {
  for (const p of parts) {
    if (typeof p !== 'string') throw new WxmpError('INVALID_ARGUMENT', `signature parts must be strings, got ${preview(p)}`);
  }
  return digest(parts);
}

function sha1Hex(text: string): string {
  return hashText('sha1', text, 'hex');
}

/** SHA-1 (hex) of the parts sorted by UTF-16 code units (what `Array.prototype.sort()` does) and joined. */
function digest(parts: string[]): string {
  // Insertion sort in place: 3–4 short strings, and no sort/join work arrays on every push.
  for (let i = 1; i < parts.length; i++) {
    const v = parts[i] as string;
    let j = i - 1;
    for (; j >= 0 && (parts[j] as string) > v; j--) parts[j + 1] = parts[j] as string;
    parts[j + 1] = v;
  }
  let joined = '';
  for (const p of parts) joined += p;
  return sha1Hex(joined);
}

/**
 * Compares the digest of `parts` with a signature already checked to be 40 lowercase hex: every
 * character is compared, with no early exit, so the time does not depend on where they differ.
 */
function matches(parts: string[], signature: string): boolean {
  return equalConstantTime(digest(parts), signature);
}

/**
 * Verifies the `signature` query parameter of a push or of the URL verification request, in
 * constant time.
 *
 * Returns `false` — never throws — on any malformed input: a non-string or empty token, timestamp
 * or nonce, or a signature that is not exactly 40 **lowercase** hex characters. WeChat always sends
 * lowercase; accepting one spelling only keeps a signature usable as a replay/dedupe key. It does
 * not check the timestamp window: see {@link isTimestampFresh}. In plaintext mode the body is not
 * signed — prefer safe mode (安全模式).
 *
 * @example
 * ```ts
 * if (!checkSignature(token, { signature, timestamp, nonce })) return new Response('', { status: 401 })
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Access_Overview.html
 */
export function checkSignature(token: string, query: SignatureQuery): boolean {
  try {
    if (!isNonEmpty(token) || typeof query !== 'object' || query === null) return false;
    const { signature, timestamp, nonce } = query;
    if (!isLowerHex40(signature) || !isNonEmpty(timestamp) || !isNonEmpty(nonce)) return false;
    return matches([token, timestamp, nonce], signature);
  } catch {
    return false; // hostile getters or proxies
  }
}

/**
 * Verifies a safe-mode `msg_signature` = SHA-1 over `[token, timestamp, nonce, Encrypt]`, in
 * constant time; the same rules as {@link checkSignature} (never throws; `encrypt` must be non-empty).
 *
 * @example
 * ```ts
 * checkMsgSignature(token, { msgSignature, timestamp, nonce, encrypt: echostr })
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Message_encryption_and_decryption_instructions.html
 */
export function checkMsgSignature(token: string, query: MsgSignatureQuery): boolean {
  try {
    if (!isNonEmpty(token) || typeof query !== 'object' || query === null) return false;
    const { msgSignature, timestamp, nonce, encrypt } = query;
    if (!isLowerHex40(msgSignature) || !isNonEmpty(timestamp) || !isNonEmpty(nonce) || !isNonEmpty(encrypt)) return false;
    return matches([token, timestamp, nonce, encrypt], msgSignature);
  } catch {
    return false;
  }
}

/**
 * The JS-SDK `wx.config` signature: SHA-1 of `jsapi_ticket=…&noncestr=…&timestamp=…&url=…` with
 * raw (not URL-encoded) values and the URL's `#fragment` removed.
 *
 * @throws {WxmpError} `INVALID_ARGUMENT` when the ticket or nonceStr is empty, the timestamp is not
 * 1–10 digits (or a non-negative safe integer), or the URL is not an absolute http(s) URL without
 * whitespace.
 * @example
 * ```ts
 * jssdkSignature({ jsapiTicket, nonceStr: 'Wm3WZYTPz0wzccnW', timestamp: 1414587457, url: 'http://mp.weixin.qq.com?params=value' })
 * // '0f9de62fce790f9a083d5c99e95740ceb90c27ed'
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/JS-SDK.html
 */
export function jssdkSignature(params: JssdkSignatureParams): string {
  if (typeof params !== 'object' || params === null) throw new WxmpError('INVALID_ARGUMENT', 'jssdkSignature needs { jsapiTicket, nonceStr, timestamp, url }');
  const { jsapiTicket, nonceStr, timestamp, url } = params;
  if (!isNonEmpty(jsapiTicket)) throw new WxmpError('INVALID_ARGUMENT', 'jsapiTicket must be a non-empty string');
  if (!isNonEmpty(nonceStr)) throw new WxmpError('INVALID_ARGUMENT', 'nonceStr must be a non-empty string');
  const ts = timestampText(timestamp);
  if (ts === undefined) throw new WxmpError('INVALID_ARGUMENT', `timestamp must be 1-10 digits (seconds), got ${preview(String(timestamp))}`);
  if (typeof url !== 'string' || !HTTP_URL_RE.test(url)) throw new WxmpError('INVALID_ARGUMENT', `url must be an absolute http(s) URL, got ${preview(url)}`);
  const hash = url.indexOf('#');
  const page = hash === -1 ? url : url.slice(0, hash);
  return sha1Hex(`jsapi_ticket=${jsapiTicket}&noncestr=${nonceStr}&timestamp=${ts}&url=${page}`);
}

/**
 * True when a push `timestamp` (seconds) lies within `windowSeconds` (default ±300 s) of `now()`.
 *
 * Returns `false` for anything that is not 1–10 ASCII digits (or a non-negative safe integer
 * number): signs, spaces, decimals, exponents and empty strings are rejected, never coerced.
 *
 * @throws {WxmpError} `INVALID_ARGUMENT` when `windowSeconds` is negative/not finite or `now()` does
 * not return a finite number (programming errors, not attacker input).
 * @example
 * ```ts
 * isTimestampFresh(query.timestamp, { now: () => 1409659813, windowSeconds: 300 })
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Access_Overview.html
 */
export function isTimestampFresh(timestamp: string | number, opts: TimestampWindowOptions = {}): boolean {
  const { window, now } = windowOf(opts);
  const ts = timestampText(timestamp);
  if (ts === undefined) return false;
  return Math.abs(now - Number(ts)) <= window;
}

/**
 * Seconds until a push `timestamp` leaves the accepted window on this clock, i.e.
 * `timestamp + windowSeconds - now()` (negative once it is stale). A replay cache must keep a push
 * at least this long: the webhook's de-duplication entry does, so a captured push cannot run twice
 * while its timestamp is still accepted, whichever way the server clock is skewed.
 *
 * @throws {WxmpError} `INVALID_ARGUMENT` for a timestamp that is not 1–10 digits, and as
 * {@link isTimestampFresh} for a bad `windowSeconds` or `now()`.
 * @example
 * ```ts
 * secondsUntilStale('1409659813', { now: () => 1409659713 }) // 400: the server clock lags by 100 s
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Access_Overview.html
 */
export function secondsUntilStale(timestamp: string | number, opts: TimestampWindowOptions = {}): number {
  const { window, now } = windowOf(opts);
  const ts = timestampText(timestamp);
  if (ts === undefined) throw new WxmpError('INVALID_ARGUMENT', `timestamp must be 1-10 digits (seconds), got ${preview(String(timestamp))}`);
  return Number(ts) + window - now;
}

function windowOf(opts: TimestampWindowOptions): { window: number; now: number } {
  const window = opts.windowSeconds ?? 300;
  if (typeof window !== 'number' || !Number.isFinite(window) || window < 0) {
    throw new WxmpError('INVALID_ARGUMENT', 'windowSeconds must be a finite number >= 0');
  }
  const now = opts.now === undefined ? Math.floor(Date.now() / 1000) : opts.now();
  if (typeof now !== 'number' || !Number.isFinite(now)) throw new WxmpError('INVALID_ARGUMENT', 'now() must return seconds as a finite number');
  return { window, now };
}

function isNonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** Canonical decimal text of a timestamp, or undefined when malformed. */
function timestampText(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 && value <= 9_999_999_999 ? String(value) : undefined;
  return typeof value === 'string' && TIMESTAMP_RE.test(value) ? value : undefined;
}
