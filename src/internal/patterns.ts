// The input patterns checked in more than one module. Each is anchored, one character class with a
// bounded or single quantifier: linear on any input, no backtracking on attacker text.

/** A push `timestamp`: 1–10 ASCII digits (seconds; signs, spaces, decimals refused). */
export const TIMESTAMP_RE = /^[0-9]{1,10}$/;

/** A SHA-1 digest as WeChat sends it (`signature`, `msg_signature`): 40 lowercase hex digits. */
export const LOWER_HEX_40_RE = /^[0-9a-f]{40}$/;

/** Any C0 control character or DEL. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
export const CONTROL_CHAR_RE = /[\u0000-\u001f\u007f]/;

/** An absolute http(s) URL without whitespace (a page URL, an OAuth redirect). */
export const HTTP_URL_RE = /^https?:\/\/\S+$/i;

const PRINTABLE_ASCII_RE = /^[\x21-\x7e]*$/;

/**
 * True for a string of `min`–`max` printable ASCII characters (`!`…`~`, no space): nonces, OAuth
 * codes and other opaque values WeChat hands out.
 *
 * @example
 * ```ts
 * isPrintableAscii(nonce, 1, 128)
 * ```
 */
export function isPrintableAscii(value: unknown, min: number, max: number): value is string {
  return typeof value === 'string' && value.length >= min && value.length <= max && PRINTABLE_ASCII_RE.test(value);
}
