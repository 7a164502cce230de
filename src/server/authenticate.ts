// Everything checked before a byte of the body is read, in the order of SECURITY.md.
import type { MessageCrypto } from '../crypto/index.js';
import { WxmpError } from '../errors.js';
import { checkSignature, isTimestampFresh } from '../signature.js';
import { tooLarge } from './body.js';
import { parseWebhookQuery, type WebhookQuery } from './query.js';
import type { WebhookIncoming, WebhookOutgoing, WebhookMode, WebhookOptions } from './types.js';

/** The checked configuration the checks need. */
export interface AuthConfig {
  token: string;
  mc: MessageCrypto | undefined;
  mode: WebhookMode;
  auth: NonNullable<WebhookOptions['auth']>;
  echostr: NonNullable<WebhookOptions['echostr']>;
  window: number | false;
  now: () => number;
  maxBodyBytes: number;
}

/** A POST that passed every check that does not need the body. */
export interface Admitted {
  q: WebhookQuery;
  /** Decrypt the body (`encrypt_type=aes`, or every push with `auth: 'msg_signature'`). */
  encrypted: boolean;
  /** The declared `Content-Length`, at most the cap. */
  length: number | undefined;
}

function verifyGet(c: AuthConfig, q: WebhookQuery): WebhookOutgoing {
  if (q.echostr === undefined || q.echostr === '') throw new WxmpError('WEBHOOK_BAD_QUERY', 'echostr is missing');
  // With echostr 'encrypted', decryptEchostr verifies msg_signature over echostr first.
  const echo =
    c.echostr === 'encrypted' && c.mc
      ? c.mc.decryptEchostr(q.echostr, { msgSignature: q.msgSignature as string, timestamp: q.timestamp, nonce: q.nonce })
      : q.echostr;
  return { status: 200, body: echo, xml: false };
}

/**
 * Runs the checks that need no body, cheapest and most decisive first: method (405) → query
 * syntax, at most 4 KiB (400) → `signature` present and valid in constant time (400/403; for a
 * `msg_signature`-authenticated request, `msg_signature` present) → timestamp window (403) → for a
 * `GET`, `echostr` (and its `msg_signature`) → mode policy (403 for a plaintext push in safe mode)
 * → `Content-Encoding` (415) → `Content-Length` well-formed (400) and within the cap (413). Returns the answer of a
 * `GET`, or what reading the body of a `POST` needs.
 *
 * @throws {WxmpError} the code of the failed check (`WEBHOOK_*`, `CRYPTO_*` for an encrypted
 * `echostr`, `INVALID_CONFIG` for an encrypted push to a plaintext webhook).
 * @example
 * ```ts
 * const admitted = authenticate(config, incoming) // before incoming.read()
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Access_Overview.html
 */
export function authenticate(c: AuthConfig, incoming: WebhookIncoming): Admitted | WebhookOutgoing {
  const method = incoming.method;
  if (method !== 'GET' && method !== 'POST') throw new WxmpError('WEBHOOK_METHOD_NOT_ALLOWED', `method ${method.slice(0, 16)} is not allowed`);
  const q = parseWebhookQuery(incoming.query);
  // Which signature authenticates this request is configuration, never inferred from the query.
  const byMsgSignature = c.auth === 'msg_signature' || (method === 'GET' && c.echostr === 'encrypted');
  if (q.signature !== undefined) {
    if (!checkSignature(c.token, { signature: q.signature, timestamp: q.timestamp, nonce: q.nonce })) {
      throw new WxmpError('WEBHOOK_SIGNATURE_INVALID', 'signature does not match');
    }
  } else if (!byMsgSignature) {
    throw new WxmpError('WEBHOOK_BAD_QUERY', 'signature is missing');
  }
  const encrypted = method === 'POST' && (c.auth === 'msg_signature' || q.encryptType === 'aes');
  if ((byMsgSignature || encrypted) && q.msgSignature === undefined) {
    throw new WxmpError('WEBHOOK_BAD_QUERY', `msg_signature is missing${method === 'GET' ? ' (echostr is configured as encrypted)' : ''}`);
  }
  if (c.window !== false && !isTimestampFresh(q.timestamp, { now: c.now, windowSeconds: c.window })) {
    throw new WxmpError('WEBHOOK_TIMESTAMP_EXPIRED', `timestamp is more than ${c.window} s away from the server clock`);
  }
  if (method === 'GET') return verifyGet(c, q);
  if (encrypted && !c.mc) throw new WxmpError('INVALID_CONFIG', 'received an encrypted push (encrypt_type=aes) but no encodingAESKey/appId is configured');
  if (!encrypted && c.mode === 'safe')
    throw new WxmpError('WEBHOOK_PLAINTEXT_REJECTED', 'plaintext push rejected: the webhook is configured for safe mode (安全模式)');
  const encoding = incoming.header('content-encoding');
  if (encoding !== null && encoding !== '' && encoding.trim().toLowerCase() !== 'identity') {
    throw new WxmpError('WEBHOOK_UNSUPPORTED_ENCODING', 'Content-Encoding must be identity');
  }
  const header = incoming.header('content-length');
  let length: number | undefined;
  if (header !== null) {
    if (!/^[0-9]{1,15}$/.test(header)) throw new WxmpError('WEBHOOK_BAD_HEADER', 'malformed Content-Length');
    length = Number(header);
    if (length > c.maxBodyBytes) throw tooLarge(c.maxBodyBytes);
  }
  return { q, encrypted, length };
}
