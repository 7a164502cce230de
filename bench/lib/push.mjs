// Builds safe-mode (安全模式) pushes exactly as WeChat sends them, with the raw floor only (no wxmp code).
import assert from 'node:assert/strict';
import { ACCOUNT, APP_ID, ENCODING_AES_KEY, TOKEN, textXml } from './fixtures.mjs';
import { rawDecrypt, rawEncrypt, rawKey, rawSign } from '../floors/crypto.mjs';
import { scan } from '../floors/scanner.mjs';

const k = rawKey(ENCODING_AES_KEY, APP_ID);

/** Push number `i`: a fresh MsgId and timestamp; returns the body, the parsed query and the query string. */
export function makePush(i, content = `echo #${i} 你好`) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(100000000 + ((i * 7919) % 900000000));
  const inner = textXml(String(6000000000000000000n + BigInt(i)), content, Number(timestamp));
  const encrypt = rawEncrypt(k, inner);
  const body = `<xml><ToUserName><![CDATA[${ACCOUNT}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
  const query = {
    signature: rawSign(TOKEN, timestamp, nonce),
    timestamp,
    nonce,
    openid: 'oia2TjjewbmiOUlr6X-1crbLOvLw',
    encrypt_type: 'aes',
    msg_signature: rawSign(TOKEN, timestamp, nonce, encrypt),
  };
  const queryString = new URLSearchParams(query).toString();
  return { body, query, queryString, content };
}

/** Asserts that `xml` is a signed encrypted reply whose decrypted text reply echoes `content`. */
export function assertEchoReply(xml, content) {
  const text = typeof xml === 'string' ? xml : Buffer.from(xml).toString('utf8');
  const env = scan(text.trim());
  assert.ok(env.Encrypt, `no <Encrypt> in ${text.slice(0, 80)}`);
  assert.equal(rawSign(TOKEN, String(env.TimeStamp).trim(), String(env.Nonce).trim(), env.Encrypt), env.MsgSignature, 'reply msg_signature');
  const inner = rawDecrypt(k, env.Encrypt);
  assert.ok(inner.includes(content), `reply does not echo the content: ${inner.slice(0, 120)}`);
  assert.ok(/<MsgType>(<!\[CDATA\[)?text(\]\]>)?<\/MsgType>/.test(inner), `not a text reply: ${inner.slice(0, 200)}`);
}

let seq = 0;
/** `n` whole HTTP requests of unique pushes (fresh MsgId, nonce, timestamp), so wxmp's de-duplication never short-circuits one. */
export function makePool(n) {
  const pool = [];
  for (let i = 0; i < n; i++) {
    const id = ++seq;
    const p = makePush(id, `echo #${id}`);
    const body = Buffer.from(p.body);
    pool.push({
      seq: id,
      bytes: Buffer.concat([
        Buffer.from(`POST /wechat?${p.queryString} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\nContent-Length: ${body.length}\r\n\r\n`),
        body,
      ]),
    });
  }
  return pool;
}
