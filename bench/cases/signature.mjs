// Signatures: server `signature` (3 parts) and safe-mode `msg_signature` (4 parts), verify.
import assert from 'node:assert/strict';
import { APP_ID, ENCODING_AES_KEY, NONCE, TEXT6, TIMESTAMP, TOKEN } from '../lib/fixtures.mjs';
import { rawEncrypt, rawKey, rawSign } from '../floors/crypto.mjs';

export default function signatureCases({ wxmp, peers }) {
  const { webot, WechatCrypto, wecom, tnwx } = peers;
  const yes = (v) => assert.equal(v, true);
  const signature = rawSign(TOKEN, TIMESTAMP, NONCE);
  const query = { signature, timestamp: TIMESTAMP, nonce: NONCE };
  const server = [
    { name: 'wxmp checkSignature', kind: 'wxmp', main: true, fn: () => wxmp.checkSignature(TOKEN, query), check: yes },
    { name: 'wxmp computeSignature ===', kind: 'wxmp', fn: () => wxmp.computeSignature(TOKEN, TIMESTAMP, NONCE) === signature, check: yes },
  ];
  if (webot) server.push({ name: 'wechat (node-webot) checkSignature', kind: 'peer', fn: () => webot.checkSignature(query, TOKEN), check: yes });
  if (tnwx) {
    tnwx.ApiConfigKit.putApiConfig(new tnwx.ApiConfig(APP_ID, 'secret', TOKEN, true, ENCODING_AES_KEY));
    tnwx.ApiConfigKit.setCurrentAppId(APP_ID);
    server.push({
      name: 'tnwx WeChat.checkSignature',
      kind: 'peer',
      fn: () => tnwx.WeChat.checkSignature(signature, TIMESTAMP, NONCE, 'echo') === 'echo',
      check: yes,
    });
  }
  server.push({ name: 'floor: raw sha1 ===', kind: 'floor', main: true, fn: () => rawSign(TOKEN, TIMESTAMP, NONCE) === signature, check: yes });

  const encrypt = rawEncrypt(rawKey(ENCODING_AES_KEY, APP_ID), TEXT6);
  const msgSignature = rawSign(TOKEN, TIMESTAMP, NONCE, encrypt);
  const q = { msgSignature, timestamp: TIMESTAMP, nonce: NONCE, encrypt };
  const msg = [{ name: 'wxmp checkMsgSignature', kind: 'wxmp', main: true, fn: () => wxmp.checkMsgSignature(TOKEN, q), check: yes }];
  if (WechatCrypto) {
    const wc = new WechatCrypto(TOKEN, ENCODING_AES_KEY, APP_ID);
    msg.push({ name: 'wechat-crypto getSignature ===', kind: 'peer', fn: () => wc.getSignature(TIMESTAMP, NONCE, encrypt) === msgSignature, check: yes });
  }
  if (wecom)
    msg.push({
      name: '@wecom/crypto getSignature ===',
      kind: 'peer',
      fn: () => wecom.getSignature(TOKEN, TIMESTAMP, NONCE, encrypt) === msgSignature,
      check: yes,
    });
  msg.push({ name: 'floor: raw sha1 ===', kind: 'floor', main: true, fn: () => rawSign(TOKEN, TIMESTAMP, NONCE, encrypt) === msgSignature, check: yes });
  return [
    { group: 'signature', id: 'signature', title: 'signature: verify server signature', impls: server },
    { group: 'signature', id: 'msg-signature', title: 'signature: verify msg_signature', impls: msg },
  ];
}
