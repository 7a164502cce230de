/**
 * Caller authentication of the token server and the API proxy: `Authorization: Bearer <key>`,
 * compared in constant time against every configured key (SHA-256 digests, so neither the
 * position of a difference nor a key's length shows in the timing). Keys are kept only as digests.
 */
import { WxmpError } from '../errors.js';
import { equalConstantTime, secretDigest } from '../internal/compare.js';

/** What every caller entry has: its key and an optional name for logs and rate limits. */
export interface KeyedCaller {
  /** The caller's secret key: 16–512 printable ASCII characters without spaces. */
  key: string;
  /** Shown in logs and used as the rate-limit key (default: `key-` + 8 characters of the key's digest). */
  name?: string;
}

/** A recognised caller and its public id (its name, or a digest prefix: never the key). */
export interface Identified<T> {
  caller: T;
  id: string;
}

const KEY_RE = /^[\x21-\x7e]{16,512}$/;
const NAME_RE = /^[A-Za-z0-9._-]{1,64}$/;
const BEARER_RE = /^Bearer +([\x21-\x7e]{1,512})$/i;

/** The configured keys of one server. */
export class Keyring<T extends KeyedCaller> {
  readonly #entries: { digest: string; caller: T; id: string }[] = [];
  readonly #keys: string[] = [];

  /**
   * @throws {WxmpError} `INVALID_CONFIG` for an empty list, a malformed key or name, or a key or
   * name used twice (the message names the entry's index, never the key).
   */
  constructor(callers: readonly T[], label: string) {
    if (!Array.isArray(callers) || callers.length === 0) throw new WxmpError('INVALID_CONFIG', `${label} must be a non-empty array`);
    const ids = new Set<string>();
    const digests = new Set<string>();
    callers.forEach((c, i) => {
      if (c === null || typeof c !== 'object') throw new WxmpError('INVALID_CONFIG', `${label}[${i}] must be an object`);
      if (typeof c.key !== 'string' || !KEY_RE.test(c.key))
        throw new WxmpError('INVALID_CONFIG', `${label}[${i}].key must be 16-512 printable ASCII characters without spaces`);
      if (c.name !== undefined && (typeof c.name !== 'string' || !NAME_RE.test(c.name)))
        throw new WxmpError('INVALID_CONFIG', `${label}[${i}].name must be 1-64 characters of [A-Za-z0-9._-]`);
      const digest = secretDigest(c.key);
      if (digests.has(digest)) throw new WxmpError('INVALID_CONFIG', `${label}[${i}].key is used twice`);
      const id = c.name ?? `key-${digest.slice(0, 8)}`;
      if (ids.has(id)) throw new WxmpError('INVALID_CONFIG', `${label}[${i}].name ${id} is used twice`);
      digests.add(digest);
      ids.add(id);
      this.#entries.push({ digest, caller: c, id });
      this.#keys.push(c.key);
    });
  }

  /** The keys, for redaction only. */
  secrets(): readonly string[] {
    return this.#keys;
  }

  /**
   * The caller whose key the request carries, or the `CENTRAL_UNAUTHORIZED` refusal. Every
   * configured key is compared (no early exit), so the time does not tell which one matched.
   */
  identify(request: Request): Identified<T> | WxmpError {
    const header = request.headers.get('authorization');
    const m = header === null ? null : BEARER_RE.exec(header.trim());
    if (!m?.[1]) return new WxmpError('CENTRAL_UNAUTHORIZED', 'send the key as Authorization: Bearer <key>');
    const presented = secretDigest(m[1]);
    let found: { caller: T; id: string } | undefined;
    for (const e of this.#entries) if (equalConstantTime(presented, e.digest) && found === undefined) found = e;
    return found ? { caller: found.caller, id: found.id } : new WxmpError('CENTRAL_UNAUTHORIZED', 'the key is not recognised');
  }
}
