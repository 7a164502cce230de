/**
 * Secret redaction for every string that leaves the SDK in an error or log line.
 *
 * Query parameters and JSON fields that carry credentials are replaced by `***`. This is defence
 * in depth: the SDK never builds a message from a secret on purpose, but URLs and upstream bodies
 * can carry them (node-webot/wechat-api#194 dumped URLs with tokens into timeout errors).
 */
import { Buffer } from 'node:buffer';

const SECRET_NAMES =
  'access_token|accessToken|component_access_token|authorizer_access_token|authorizer_refresh_token|refresh_token|refreshToken|secret|appsecret|app_secret|appSecret|component_appsecret|component_verify_ticket|ComponentVerifyTicket|jsapi_ticket|ticket|encodingAESKey|encoding_aes_key|aes_key|token';

const QUERY_RE = new RegExp(`([?&;\\s]|^)(${SECRET_NAMES})=([^&#\\s"']*)`, 'gi');
const JSON_RE = new RegExp(`("(?:${SECRET_NAMES})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi');

/** Replaces the values of credential-bearing query parameters and JSON fields with `***`. */
export function redact(text: string): string {
  if (text.length > 64 * 1024) text = `${text.slice(0, 64 * 1024)}…`;
  return text.replace(QUERY_RE, '$1$2=***').replace(JSON_RE, '$1"***"');
}

/** Removes every occurrence of the given secret values (ignoring empty/short ones) from `text`. */
export function redactValues(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 6) out = out.split(s).join('***');
  }
  return out;
}

/**
 * {@link redactValues} on bytes: every occurrence of a secret's UTF-8 bytes becomes `***`. Returns
 * `bytes` itself when none occurs (the usual case: one `indexOf` per secret, no copy).
 */
export function redactBytes(bytes: Uint8Array, secrets: readonly (string | undefined)[]): Uint8Array {
  let out: Buffer | undefined;
  for (const s of secrets) {
    if (!s || s.length < 6) continue;
    const haystack = out ?? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const needle = Buffer.from(s, 'utf8');
    if (haystack.indexOf(needle) === -1) continue;
    const parts: Buffer[] = [];
    let from = 0;
    for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, from)) {
      parts.push(haystack.subarray(from, at), MASK);
      from = at + needle.length;
    }
    parts.push(haystack.subarray(from));
    out = Buffer.concat(parts);
  }
  return out === undefined ? bytes : new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

const MASK = Buffer.from('***');

/**
 * A copy of a foreign error (from fetch, a store, a provider) whose message and stack went through
 * `scrub`; strings are scrubbed, anything else is dropped. The original is not kept.
 */
export function scrubError(e: unknown, scrub: (text: string) => string): unknown {
  if (e instanceof Error) {
    const copy = new Error(scrub(e.message));
    copy.name = e.name;
    copy.stack = scrub(e.stack ?? '');
    return copy;
  }
  return typeof e === 'string' ? scrub(e) : undefined;
}

// 32 or more base64/hex-like characters: access tokens (≥ 100), AppSecrets (32 hex), EncodingAESKeys (43).
const TOKEN_SHAPED_RE = /[A-Za-z0-9+/=_-]{32,}/g;
const DIGIT_RE = /[0-9]/;
const LETTER_RE = /[A-Za-z]/;

/**
 * Replaces every token-shaped run — 32 or more characters of `[A-Za-z0-9+/=_-]` holding both a
 * letter and a digit — with `***`. For text wxmp copies from code it does not control (a handler's
 * error), where a credential may appear without a telltale `access_token=` name. A long run of
 * letters only (a path segment, a word) is kept.
 */
export function redactTokenShaped(text: string): string {
  return text.replace(TOKEN_SHAPED_RE, (run) => (DIGIT_RE.test(run) && LETTER_RE.test(run) ? '***' : run));
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * Makes `util.inspect(target)` print `view(target)` (a redacted view) instead of its fields. Set as
 * a non-enumerable own property, so that no symbol appears in the type declarations.
 *
 * @example
 * ```ts
 * setInspectView(this, (mc) => `MessageCrypto { appId: ${JSON.stringify(mc.appId)} }`)
 * ```
 */
export function setInspectView<T extends object>(target: T, view: (target: T) => string): void {
  Object.defineProperty(target, INSPECT, { value: () => view(target), enumerable: false, writable: true, configurable: true });
}
