// Random text (nonces, ids) from a source of random bytes, without modulo bias.
import { WxmpError } from '../errors.js';

/** Digits, and the non-zero digits a number may start with. */
export const DIGITS = '0123456789';
const NON_ZERO = '123456789';

/**
 * `length` characters drawn uniformly from `alphabet` (at most 256 characters; the first one from
 * `first` when given) by rejection sampling: a byte is used only below the largest multiple of the
 * alphabet's size, so every character is equally likely (a plain `byte % size` favours the first
 * `256 % size` characters).
 *
 * @throws {WxmpError} `INVALID_ARGUMENT` when `random` keeps returning unusable bytes (64 rounds).
 * @example
 * ```ts
 * randomText(randomBytes, 16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')
 * ```
 */
export function randomText(random: (size: number) => Uint8Array, length: number, alphabet: string, first = alphabet): string {
  let out = '';
  for (let round = 0; out.length < length; round++) {
    if (round === 64) throw new WxmpError('INVALID_ARGUMENT', 'randomBytes() keeps returning unusable bytes');
    for (const b of random(16)) {
      const set = out.length === 0 ? first : alphabet;
      if (b < 256 - (256 % set.length)) out += set[b % set.length];
      if (out.length === length) break;
    }
  }
  return out;
}

/**
 * `length` random decimal digits, the first one non-zero (a nonce, a message id).
 *
 * @throws {WxmpError} `INVALID_ARGUMENT` as {@link randomText}.
 * @example
 * ```ts
 * randomDigits(randomBytes, 10) // '4096835172'
 * ```
 */
export function randomDigits(random: (size: number) => Uint8Array, length: number): string {
  return randomText(random, length, DIGITS, NON_ZERO);
}
