// Stage 3 of the webhook: from the body of an authenticated push to the message XML and its parsed record.
import { extractEncrypt } from '../crypto/envelope.js';
import type { MessageCrypto } from '../crypto/index.js';
import type { XmlRecord } from '../xml/index.js';
import { parseWith, type xmlConfig } from '../xml/parse.js';
import { decodeUtf8Body } from './body.js';
import type { WebhookQuery } from './query.js';

/** What the pipeline needs of a push after authentication. */
export interface DecodedPush {
  /** The message XML: the body, or the decrypted message. */
  xml: string;
  record: XmlRecord;
}

/**
 * Decodes the body of an authenticated push: strict UTF-8, then for an encrypted push (`mc` given)
 * `<Encrypt>` → `msg_signature` → decryption (nothing of the envelope is parsed), then the strict
 * XML parser on the message.
 *
 * @throws {WxmpError} `WEBHOOK_INVALID_UTF8`, `CRYPTO_*` (`CRYPTO_SIGNATURE_INVALID` first), `XML_*`.
 * @example
 * ```ts
 * const { xml, record } = decodePush(bytes, q, encrypted ? mc : undefined, xmlConfig(limits))
 * ```
 */
export function decodePush(body: Uint8Array | string, q: WebhookQuery, mc: MessageCrypto | undefined, xml: ReturnType<typeof xmlConfig>): DecodedPush {
  const text = typeof body === 'string' ? body : decodeUtf8Body(body);
  const message =
    mc === undefined ? text : mc.verifyAndDecrypt(extractEncrypt(text), { msgSignature: q.msgSignature ?? '', timestamp: q.timestamp, nonce: q.nonce });
  return { xml: message, record: parseWith(message, xml) };
}
