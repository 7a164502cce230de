// Strict parsing of the webhook query string (signature, msg_signature, timestamp, nonce, …).
import { WxmpError } from '../errors.js';
import { LOWER_HEX_40_RE, TIMESTAMP_RE } from '../internal/patterns.js';

/** The query parameters WeChat puts on a push or a URL-verification request, validated. */
export interface WebhookQuery {
  /** `signature`: SHA-1 over token, timestamp, nonce (40 lowercase hex). Absent in WeCom-style requests. */
  signature?: string;
  /** `msg_signature`: SHA-1 over token, timestamp, nonce and `<Encrypt>` (encrypted modes). */
  msgSignature?: string;
  /** `timestamp` in seconds, 1–10 digits. */
  timestamp: string;
  /** `nonce`, 1–128 characters. */
  nonce: string;
  /** `echostr` of the verification `GET`, at most 1024 characters. */
  echostr?: string;
  /** `encrypt_type`: `'aes'` for encrypted pushes, `'raw'` or absent for plaintext. */
  encryptType?: 'aes' | 'raw';
  /** `openid` of the sender (pushes only). */
  openId?: string;
}

// The known parameters, each with its slot, its name in WebhookQuery and its length cap (the
// platform sends far shorter values; anything longer is hostile). Slots, not an object keyed by
// name: the values of one query land in a small array, with no keyed stores of changing names.
const SIGNATURE = 0;
const MSG_SIGNATURE = 1;
const TIMESTAMP = 2;
const NONCE = 3;
const ECHOSTR = 4;
const ENCRYPT_TYPE = 5;
const OPENID = 6;
const SLOTS = new Map<string, number>([
  ['signature', SIGNATURE],
  ['msg_signature', MSG_SIGNATURE],
  ['timestamp', TIMESTAMP],
  ['nonce', NONCE],
  ['echostr', ECHOSTR],
  ['encrypt_type', ENCRYPT_TYPE],
  ['openid', OPENID],
]);
const KEYS: readonly (keyof WebhookQuery)[] = ['signature', 'msgSignature', 'timestamp', 'nonce', 'echostr', 'encryptType', 'openId'];
const MAX: readonly number[] = [40, 40, 10, 128, 1024, 3, 128];

/**
 * Longest accepted query string. WeChat's parameters take about 300 characters (its `echostr` is a
 * short decimal number; even a 1024-character ASCII one, fully percent-encoded, fits); anything
 * longer is refused before it is split.
 */
export const MAX_QUERY_LENGTH = 4096;

function bad(message: string): never {
  throw new WxmpError('WEBHOOK_BAD_QUERY', message);
}

function decode(raw: string): string {
  if (raw.indexOf('%') === -1 && raw.indexOf('+') === -1) return raw;
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return bad('malformed percent-encoding in the query');
  }
}

/**
 * Parses and validates the query string of a webhook request (the part after `?`, without `#`).
 *
 * Keys are decoded like `URLSearchParams` (`+` is a space), so `sig%6Eature` cannot smuggle a second
 * `signature` past the duplicate check. Unknown parameters are ignored. Signatures must be 40
 * **lowercase** hex characters, as WeChat sends them (one spelling keeps a signature usable as a
 * replay key). `nonce` and `echostr` are not restricted beyond their length: they are only hashed
 * and, for `echostr`, echoed as `text/plain` with `nosniff`.
 *
 * @throws {WxmpError} `WEBHOOK_BAD_QUERY` for a query longer than {@link MAX_QUERY_LENGTH}, a repeated
 * known parameter, a missing `timestamp` or `nonce`, a value that is too long or malformed, or
 * malformed percent-encoding.
 * @example
 * ```ts
 * parseWebhookQuery('signature=…&timestamp=1409659813&nonce=1372623149&openid=o…')
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Access_Overview.html
 */
export function parseWebhookQuery(query: string): WebhookQuery {
  if (query.length > MAX_QUERY_LENGTH) bad(`the query is longer than ${MAX_QUERY_LENGTH} characters`);
  const out: (string | undefined)[] = [undefined, undefined, undefined, undefined, undefined, undefined, undefined];
  let start = 0;
  const length = query.length;
  while (start <= length) {
    let end = query.indexOf('&', start);
    if (end === -1) end = length;
    if (end > start) {
      const eq = query.indexOf('=', start);
      const hasValue = eq !== -1 && eq < end;
      const slot = SLOTS.get(decode(query.slice(start, hasValue ? eq : end)));
      if (slot !== undefined) {
        if (out[slot] !== undefined) bad(`repeated query parameter ${KEYS[slot]}`);
        const max = MAX[slot] as number;
        const rawValue = hasValue ? query.slice(eq + 1, end) : '';
        // Cheap pre-check on the encoded length (≤ 3 bytes of percent-encoding per UTF-16 unit).
        if (rawValue.length > max * 9) bad(`query parameter ${KEYS[slot]} is too long`);
        const value = decode(rawValue);
        if (value.length > max) bad(`query parameter ${KEYS[slot]} is too long`);
        out[slot] = value;
      }
    }
    start = end + 1;
  }
  const signature = out[SIGNATURE];
  const msgSignature = out[MSG_SIGNATURE];
  const timestamp = out[TIMESTAMP];
  const nonce = out[NONCE];
  const echostr = out[ECHOSTR];
  const encryptType = out[ENCRYPT_TYPE];
  const openId = out[OPENID];
  if (timestamp === undefined || !TIMESTAMP_RE.test(timestamp)) bad('timestamp must be 1-10 digits');
  if (nonce === undefined || nonce.length === 0) bad('nonce is missing');
  if (signature !== undefined && !LOWER_HEX_40_RE.test(signature)) bad('signature must be 40 lowercase hex characters');
  if (msgSignature !== undefined && !LOWER_HEX_40_RE.test(msgSignature)) bad('msg_signature must be 40 lowercase hex characters');
  if (encryptType !== undefined && encryptType !== 'aes' && encryptType !== 'raw') bad('encrypt_type must be aes or raw');
  const q: WebhookQuery = { timestamp, nonce };
  if (signature !== undefined) q.signature = signature;
  if (msgSignature !== undefined) q.msgSignature = msgSignature;
  if (echostr !== undefined) q.echostr = echostr;
  if (encryptType !== undefined) q.encryptType = encryptType;
  if (openId !== undefined) q.openId = openId;
  return q;
}
