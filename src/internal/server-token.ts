// The Token rule of the server configuration (服务器配置 → 令牌), shared by MessageCrypto, the
// webhook and the test kit so that all three accept exactly the same tokens. Internal.
import { WxmpError } from '../errors.js';

// Anchored, one character class, bounded: linear on any input.
const SERVER_TOKEN_RE = /^[A-Za-z0-9]{3,32}$/;

/**
 * Throws unless `token` is 3–32 characters of `[A-Za-z0-9]`, what the Official Account console
 * accepts for the Token (“必须为英文或数字，长度为3-32字符”). A shorter token makes a forged
 * `signature` cheap to guess, and anything else cannot be the console's Token, so a typo or a
 * stray newline from an environment variable is caught at start-up instead of as 403s.
 *
 * @throws {WxmpError} `INVALID_CONFIG` (the message gives the length, never the token).
 * @example
 * ```ts
 * assertServerToken(options.token)
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Access_Overview.html
 */
export function assertServerToken(token: unknown): asserts token is string {
  if (typeof token === 'string' && SERVER_TOKEN_RE.test(token)) return;
  const got =
    typeof token === 'string' ? `${token.length} characters${token.length >= 3 && token.length <= 32 ? ', not all letters or digits' : ''}` : typeof token;
  throw new WxmpError('INVALID_CONFIG', `token must be 3-32 letters or digits [A-Za-z0-9], the Token (令牌) of the server configuration (got ${got})`);
}
