// Constant-time comparisons, shared by the push signatures and the callers' keys of the central
// token server and the API proxy. Internal.
import { hashText } from './hash.js';

/**
 * True when `a` and `b` are equal, comparing every UTF-16 code unit without an early exit, so the
 * time does not depend on where they differ. Strings of different lengths are unequal at once:
 * compare values of a public, fixed length (digests, such as {@link secretDigest}).
 */
export function equalConstantTime(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * The SHA-256 digest under which a secret is kept and compared: 43 characters whatever the
 * secret's length, so comparing digests leaks neither where two secrets differ nor how long they are.
 */
export function secretDigest(secret: string): string {
  return hashText('sha256', secret, 'base64url');
}
