// Stage 3: the body of an authenticated push → the message XML and its record.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MessageCrypto } from '../../src/crypto/index.js';
import { decodePush } from '../../src/server/decode.js';
import { parseWebhookQuery } from '../../src/server/query.js';
import { xmlConfig } from '../../src/xml/parse.js';
import { createSimulator } from '../../src/testing/simulator.js';
import { throwsCode } from '../helpers.js';
import { keys, now, token } from './_kit.js';

const queryOf = (url: string) => parseWebhookQuery(new URL(url).search.slice(1));

test('plaintext: strict UTF-8 bytes (or a string a framework read) parsed as the message', () => {
  const push = createSimulator({ token, now }).text('你好');
  for (const body of [new TextEncoder().encode(push.body), push.body]) {
    const out = decodePush(body, queryOf(push.url), undefined, xmlConfig());
    assert.equal(out.xml, push.xml);
    assert.equal(out.record.Content, '你好');
  }
  throwsCode(() => decodePush(new Uint8Array([0x3c, 0xff]), queryOf(push.url), undefined, xmlConfig()), 'WEBHOOK_INVALID_UTF8');
  throwsCode(() => decodePush('<xml><a>', queryOf(push.url), undefined, xmlConfig()), 'XML_SYNTAX');
});

test('encrypted: <Encrypt> taken, msg_signature verified before decryption, then the inner message parsed', () => {
  const mc = new MessageCrypto(keys);
  const push = createSimulator({ ...keys, now }).text('secret');
  const out = decodePush(push.body, queryOf(push.url), mc, xmlConfig());
  assert.equal(out.xml, push.xml);
  assert.equal(out.record.Content, 'secret');
  const forged = new URL(push.url);
  forged.searchParams.set('msg_signature', '0'.repeat(40));
  throwsCode(() => decodePush(push.body, queryOf(forged.href), mc, xmlConfig()), 'CRYPTO_SIGNATURE_INVALID');
});
