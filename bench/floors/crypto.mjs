// Floor: raw node:crypto with nothing else — no validation beyond what the format needs.
import { createCipheriv, createDecipheriv, createHash, randomFillSync } from 'node:crypto';
import { Buffer } from 'node:buffer';

export function rawKey(encodingAESKey, appId) {
  const key = Buffer.from(`${encodingAESKey}=`, 'base64');
  return { key, iv: key.subarray(0, 16), appId: Buffer.from(appId) };
}

/** base64 → AES-256-CBC (no auto padding) → slice out the message. */
export function rawDecrypt(k, b64) {
  const d = createDecipheriv('aes-256-cbc', k.key, k.iv);
  d.setAutoPadding(false);
  const p = d.update(b64, 'base64');
  d.final();
  return p.toString('utf8', 20, 20 + p.readUInt32BE(16));
}

/** random(16) + length + message + appId + PKCS#7 to 32 → AES-256-CBC → base64. */
export function rawEncrypt(k, xml) {
  const len = Buffer.byteLength(xml);
  const n = 20 + len + k.appId.length;
  const pad = 32 - (n % 32);
  const plain = Buffer.allocUnsafe(n + pad);
  randomFillSync(plain, 0, 16);
  plain.writeUInt32BE(len, 16);
  plain.write(xml, 20);
  k.appId.copy(plain, 20 + len);
  plain.fill(pad, n);
  const c = createCipheriv('aes-256-cbc', k.key, k.iv);
  c.setAutoPadding(false);
  return c.update(plain).toString('base64');
}

export function rawSign(...parts) {
  return createHash('sha1').update(parts.sort().join('')).digest('hex');
}
