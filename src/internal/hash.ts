// One-shot digests of text, shared by signature.ts (SHA-1) and the de-duplication key (SHA-256).
import * as nodeCrypto from 'node:crypto';

// One-shot crypto.hash (Node ≥ 20.12, Deno, Bun) costs half of a createHash object; older Node
// falls back. A namespace import: a named import of a missing export would fail to link.
const oneShot = (nodeCrypto as { hash?: (algorithm: string, data: string, encoding: 'hex' | 'base64url') => string }).hash;

/** Digest of the UTF-8 bytes of `text`, as hex or base64url. */
export function hashText(algorithm: 'sha1' | 'sha256', text: string, encoding: 'hex' | 'base64url'): string {
  return typeof oneShot === 'function' ? oneShot(algorithm, text, encoding) : nodeCrypto.createHash(algorithm).update(text, 'utf8').digest(encoding);
}
