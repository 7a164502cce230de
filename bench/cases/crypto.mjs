// WXBizMsgCrypt AES-256-CBC: decrypt and encrypt, short (~200 B) and 4 KB messages.
import assert from 'node:assert/strict';
import { APP_ID, ENCODING_AES_KEY, TEXT4K, TEXT6, TOKEN } from '../lib/fixtures.mjs';
import { rawDecrypt, rawEncrypt, rawKey } from '../floors/crypto.mjs';

export default function cryptoCases({ wxmp, peers }) {
  const { WechatCrypto, wecom, tnwx } = peers;
  const mc = new wxmp.MessageCrypto({ token: TOKEN, encodingAESKey: ENCODING_AES_KEY, appId: APP_ID });
  const k = rawKey(ENCODING_AES_KEY, APP_ID);
  const wc = WechatCrypto && new WechatCrypto(TOKEN, ENCODING_AES_KEY, APP_ID);
  const tk = tnwx && new tnwx.CryptoKit({ getToken: TOKEN, getAppId: APP_ID, getEncodingAesKey: ENCODING_AES_KEY }, '', '', '');
  const out = [];
  for (const [size, plain] of [
    ['short', TEXT6],
    ['4 KB', TEXT4K],
  ]) {
    const ct = mc.encrypt(plain);
    const is = (v) => assert.equal(v, plain);
    const dec = [{ name: 'wxmp MessageCrypto.decrypt', kind: 'wxmp', main: true, fn: () => mc.decrypt(ct), check: is }];
    if (wc) dec.push({ name: 'wechat-crypto', kind: 'peer', fn: () => wc.decrypt(ct).message, check: is });
    if (wecom) dec.push({ name: '@wecom/crypto', kind: 'peer', fn: () => wecom.decrypt(ENCODING_AES_KEY, ct).message, check: is });
    if (tk) dec.push({ name: 'tnwx CryptoKit', kind: 'peer', fn: () => tk.decrypt(ct), check: is });
    dec.push({ name: 'floor: raw node:crypto', kind: 'floor', main: true, fn: () => rawDecrypt(k, ct), check: is });
    out.push({ group: 'crypto', id: `decrypt-${size === 'short' ? 'short' : '4k'}`, title: `decrypt: ${size} (${Buffer.byteLength(plain)} B)`, impls: dec });

    const back = (c) => assert.equal(rawDecrypt(k, c), plain);
    const enc = [{ name: 'wxmp MessageCrypto.encrypt', kind: 'wxmp', main: true, fn: () => mc.encrypt(plain), check: back }];
    if (wc) enc.push({ name: 'wechat-crypto', kind: 'peer', fn: () => wc.encrypt(plain), check: back });
    if (wecom) enc.push({ name: '@wecom/crypto', kind: 'peer', fn: () => wecom.encrypt(ENCODING_AES_KEY, plain, APP_ID), check: back });
    enc.push({ name: 'floor: raw node:crypto', kind: 'floor', main: true, fn: () => rawEncrypt(k, plain), check: back });
    out.push({ group: 'crypto', id: `encrypt-${size === 'short' ? 'short' : '4k'}`, title: `encrypt: ${size} (${Buffer.byteLength(plain)} B)`, impls: enc });
  }
  return out;
}
