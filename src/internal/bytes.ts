// Byte-level helpers shared by signature.ts and crypto/: strict base64, the EncodingAESKey
// decoder and fatal UTF-8. Only node:buffer (present on Node, Deno and Bun).
import { Buffer } from 'node:buffer';
import { LOWER_HEX_40_RE } from './patterns.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Sextet value of each base64 character (standard alphabet), -1 for anything else. */
const SEXTET = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) SEXTET[ALPHABET.charCodeAt(i)] = i;

// Anchored, one character class and a bounded suffix: linear, no backtracking on attacker input.
const AES_KEY_RE = /^[A-Za-z0-9+/]{43}$/;

/**
 * Decodes canonical, padded, standard-alphabet base64 or returns `undefined`.
 *
 * Rejected: whitespace, the URL-safe alphabet, missing or misplaced `=`, a length that is not a
 * multiple of 4, and non-zero unused bits in the last character (each byte string then has exactly
 * one accepted encoding). The empty string decodes to an empty buffer.
 */
export function decodeBase64Strict(text: string): Buffer | undefined {
  if (text.length % 4 !== 0) return undefined;
  // Decoders are lenient (they skip junk and ignore unused bits), but only the canonical encoding
  // of the decoded bytes re-encodes to the very same text: one linear check, no regex.
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}

/**
 * Decodes a 43-character EncodingAESKey into its 32-byte AES key, or returns `undefined`.
 *
 * `AESKey = Base64_Decode(EncodingAESKey + "=")`. 43 characters carry 258 bits; the 2 low bits of
 * the last character are ignored, as every official sample does — most published keys
 * (`…ABCDEFG`, `…q2B2C`) have them set, so a canonical-only decoder would reject real keys. Decoded
 * by hand so the result never depends on how lenient a runtime's `Buffer` base64 decoder is.
 */
export function decodeEncodingAESKey(key: string): Buffer | undefined {
  if (!AES_KEY_RE.test(key)) return undefined;
  const out = Buffer.alloc(32);
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < 43; i++) {
    acc = ((acc << 6) | (SEXTET[key.charCodeAt(i)] ?? 0)) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (o < 32) out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/** True for exactly 40 lowercase hexadecimal characters (a SHA-1 digest as WeChat sends it). */
export function isLowerHex40(value: unknown): value is string {
  return typeof value === 'string' && value.length === 40 && LOWER_HEX_40_RE.test(value);
}

const FATAL_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes UTF-8, returning `undefined` for any invalid sequence (no U+FFFD substitution). A BOM is kept. */
export function decodeUtf8Strict(bytes: Uint8Array): string | undefined {
  try {
    return FATAL_UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** True when the string has no lone surrogate, i.e. it survives a UTF-8 round trip unchanged. */
export function isWellFormedUtf16(text: string): boolean {
  const native = (text as { isWellFormed?: () => boolean }).isWellFormed;
  if (typeof native === 'function') return native.call(text);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return false;
    }
  }
  return true;
}

/** Shortens attacker-controlled text before it is echoed in an error message. */
export function preview(value: unknown, max = 32): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') return `<${value === null ? 'null' : typeof value}>`;
  const s = JSON.stringify(value.length > max ? value.slice(0, max) : value);
  return value.length > max ? `${s}… (${value.length} chars)` : s;
}
