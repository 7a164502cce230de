// Real-world pushes reach the handler with 200; what is not a push is refused (field hardening). The
// bodies are the field samples in test/fixtures/field/, sent as WeChat would: signed query, and in
// safe mode encrypted with msg_signature.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MessageCrypto } from '../../src/crypto/index.js';
import type { Message } from '../../src/messages/index.js';
import { createWebhook } from '../../src/server/webhook.js';
import type { WebhookOptions } from '../../src/server/types.js';
import { computeSignature } from '../../src/signature.js';
import { fixtureText } from '../helpers.js';
import { NOW, appId, collector, encodingAESKey, now, token } from './_kit.js';

type Mode = 'plaintext' | 'safe';

/** A POST of `xml` as WeChat sends it in `mode`. */
function pushRequest(xml: string | Uint8Array, mode: Mode): Request {
  const timestamp = String(NOW);
  const nonce = '1234567890';
  const q = new URLSearchParams({ signature: computeSignature(token, timestamp, nonce), timestamp, nonce, openid: 'oUser' });
  let body: string | Uint8Array = xml;
  if (mode === 'safe') {
    const mc = new MessageCrypto({ token, encodingAESKey, appId });
    const envelope = mc.encryptMessage(typeof xml === 'string' ? xml : new TextDecoder().decode(xml), { timestamp, nonce });
    const encrypt = /<Encrypt><!\[CDATA\[([^\]]+)\]\]><\/Encrypt>/.exec(envelope)?.[1] ?? '';
    q.set('encrypt_type', 'aes');
    q.set('msg_signature', computeSignature(token, timestamp, nonce, encrypt));
    body = `<xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
  }
  return new Request(`http://127.0.0.1/wechat?${q}`, { method: 'POST', body });
}

function setup(mode: Mode, extra: Partial<WebhookOptions> = {}) {
  const log = collector();
  const seen: Message[] = [];
  const webhook = createWebhook({
    token,
    ...(mode === 'safe' ? { encodingAESKey, appId } : {}),
    now,
    dedupe: false,
    onError: log.onError,
    handler: (m) => {
      seen.push(m);
      return m.msgType === 'text' ? { msgType: 'text', content: `echo:${m.content}` } : 'success';
    },
    ...extra,
  });
  return { webhook, log, seen };
}

for (const mode of ['plaintext', 'safe'] as const) {
  test(`${mode}: WeRoBot#420 (U+001D in Content) reaches the handler and gets its reply`, async () => {
    const { webhook, log, seen } = setup(mode);
    const res = await webhook(pushRequest(fixtureText('field/werobot-420-control-char.xml'), mode));
    assert.equal(res.status, 200);
    assert.equal(seen.length, 1);
    assert.ok(seen[0]?.msgType === 'text');
    assert.equal(seen[0].content, ' c');
    assert.deepEqual(log.codes(), []);
    if (mode === 'plaintext') assert.match(await res.text(), /echo: c/);
  });

  test(`${mode}: CDATA with whitespace (WeChat's card-event samples) reaches the handler with clean values`, async () => {
    const { webhook, log, seen } = setup(mode);
    const res = await webhook(pushRequest(fixtureText('field/card-user_get_card-cdata-whitespace.xml'), mode));
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'success');
    const m = seen[0];
    assert.ok(m?.msgType === 'unknown');
    assert.deepEqual(
      [m.rawMsgType, m.event, m.fromUserName, m.cardId],
      ['event', 'user_get_card', 'oZI8Fj040-be6rlDohc6gkoPOQTQ', 'pZI8Fjwsy5fVPRBeD78J4RmqVvBc'],
    );
    assert.deepEqual(log.codes(), []);
  });

  test(`${mode}: a push that lacks a required field gets 200, the handler, and an onError warning`, async () => {
    for (const file of ['field/wego-text-msgid-variant.xml', 'field/wego-image-case-variants.xml']) {
      const { webhook, log, seen } = setup(mode);
      const res = await webhook(pushRequest(fixtureText(file), mode));
      assert.equal(res.status, 200, file);
      assert.equal(await res.text(), 'success');
      assert.equal(seen.length, 1, file);
      assert.equal(seen[0]?.msgType, 'unknown');
      assert.deepEqual(log.codes(), ['MESSAGE_SCHEMA_DRIFT']);
      assert.equal(log.contexts[0]?.status, 200);
      assert.equal(log.contexts[0]?.message, seen[0]);
    }
  });

  test(`${mode}: what is not a push is refused — root, version, BOM, case variant of <xml>`, async () => {
    const good =
      '<xml><ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>subscribe</Event></xml>';
    const { webhook: ok } = setup(mode);
    assert.equal((await ok(pushRequest(good, mode))).status, 200);
    const bad: [string, string][] = [
      [good.replace(/^<xml>/, '<XML>').replace(/<\/xml>$/, '</XML>'), 'XML_INVALID_ROOT'],
      [good.replace(/^<xml>/, '<root>').replace(/<\/xml>$/, '</root>'), 'XML_INVALID_ROOT'],
      [`<?xml version="1.1"?>${good}`, 'XML_SYNTAX'],
      [`<?xml version="1.0"?>\ufeff${good}`, 'XML_INVALID_CHAR'],
      [good.replace('<ToUserName>', '\ufeff<ToUserName>'), 'XML_INVALID_CHAR'],
    ];
    for (const [body, code] of bad) {
      const { webhook, log, seen } = setup(mode);
      const res = await webhook(pushRequest(body, mode));
      assert.equal(res.status, 400, code);
      assert.deepEqual(log.codes(), [code]);
      assert.equal(seen.length, 0);
    }
  });
}

test('bytes: one UTF-8 BOM is accepted, a second one is refused', async () => {
  const body = new TextEncoder().encode(fixtureText('field/werobot-420-control-char.xml'));
  const bom = [0xef, 0xbb, 0xbf];
  const one = setup('plaintext');
  assert.equal((await one.webhook(pushRequest(new Uint8Array([...bom, ...body]), 'plaintext'))).status, 200);
  assert.equal(one.seen.length, 1);
  const two = setup('plaintext');
  assert.equal((await two.webhook(pushRequest(new Uint8Array([...bom, ...bom, ...body]), 'plaintext'))).status, 400);
  assert.deepEqual(two.log.codes(), ['XML_INVALID_CHAR']);
  assert.equal(two.seen.length, 0);
});

test('xmlLimits.invalidChars is a typed webhook option: reject refuses the WeRoBot#420 push', async () => {
  const { webhook, log, seen } = setup('plaintext', { xmlLimits: { invalidChars: 'reject' } });
  const res = await webhook(pushRequest(fixtureText('field/werobot-420-control-char.xml'), 'plaintext'));
  assert.equal(res.status, 400);
  assert.deepEqual(log.codes(), ['XML_INVALID_CHAR']);
  assert.equal(seen.length, 0);
});
