// Schema drift: an authenticated push is never refused for its schema; it is delivered and warned about.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { MessageCrypto } from '../../src/crypto.js';
import { parseMessage, type Message } from '../../src/messages.js';
import { computeSignature } from '../../src/signature.js';
import { parseXml } from '../../src/xml.js';
import { toPushMessage } from '../../src/server/push.js';
import { createWebhook } from '../../src/server/webhook.js';
import { createSimulator } from '../../src/testing/simulator.js';
import { collector, keys, NOW, now, token } from './_kit.js';
import { throwsCode } from '../helpers.js';

const dir = new URL('../fixtures/pushes/', import.meta.url);
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.xml')).sort().map((f) => [f, readFileSync(new URL(f, dir), 'utf8')] as const);

test('toPushMessage: a push the typed conversion refuses becomes the unknown variant plus a MESSAGE_INVALID warning', () => {
  assert.equal(fixtures.length, 4);
  for (const [name, xml] of fixtures) {
    throwsCode(() => parseMessage(xml), 'MESSAGE_INVALID');
    const { message, warning } = toPushMessage(parseXml(xml));
    assert.equal(message.msgType, 'unknown', name);
    assert.equal(warning?.code, 'MESSAGE_INVALID', name);
    assert.match(warning?.message ?? '', /delivered as msgType 'unknown'/);
    const m = message as Extract<Message, { msgType: 'unknown' }>;
    assert.equal(m.rawMsgType, parseXml(xml).MsgType, name);
    assert.equal(m.fromUserName, 'oTestUser000000000000000000');
    assert.equal(m.createTime, '1700000000' as never, 'fields are kept as sent');
  }
  const complete = toPushMessage(parseXml(fixtures.find(([f]) => f === 'drift-text-no-msgid.xml')?.[1].replace('<Content>', '<MsgId>1</MsgId><Content>') ?? ''));
  assert.deepEqual([complete.message.msgType, complete.warning], ['text', undefined], 'the boundary: a complete text is typed, no warning');
});

test('toPushMessage keeps the fields when nesting is deeper than the converter allows', () => {
  let deep = '<x>v</x>';
  for (let i = 0; i < 40; i++) deep = `<n>${deep}</n>`;
  const record = parseXml(`<xml><MsgType>text</MsgType><Content>c</Content>${deep}</xml>`, { maxDepth: 64 });
  const { message, warning } = toPushMessage(record);
  assert.equal(message.msgType, 'unknown');
  assert.equal(warning?.code, 'MESSAGE_INVALID');
  assert.equal((message as Record<string, unknown>).Content, 'c');
});

test('webhook: every drifted push is answered 200 and reaches the handler, in plaintext and safe mode', async () => {
  const mc = new MessageCrypto(keys);
  for (const mode of ['plaintext', 'safe'] as const) {
    const log = collector();
    const seen: Message[] = [];
    const webhook = createWebhook({ ...(mode === 'safe' ? keys : { token }), now, onError: log.onError, handler: (m) => { seen.push(m); return { msgType: 'text', content: 'got it' }; } });
    for (const [name, xml] of fixtures) {
      const ts = String(NOW);
      const nonce = '12345';
      const q = new URLSearchParams({ signature: computeSignature(token, ts, nonce), timestamp: ts, nonce });
      let body = xml;
      if (mode === 'safe') {
        const encrypt = mc.encrypt(xml);
        q.set('encrypt_type', 'aes');
        q.set('msg_signature', computeSignature(token, ts, nonce, encrypt));
        body = `<xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
      }
      const res = await webhook(new Request(`http://127.0.0.1/wechat?${q}`, { method: 'POST', body }));
      assert.equal(res.status, 200, `${mode} ${name}`);
      const out = await createSimulator({ ...(mode === 'safe' ? keys : { token }), now }).readReply(res);
      assert.ok(out.kind === 'reply' && out.reply.msgType === 'text', `${mode} ${name}: the reply is rendered`);
    }
    assert.deepEqual(seen.map((m) => m.msgType), Array(fixtures.length).fill('unknown'));
    assert.deepEqual(log.codes(), Array(fixtures.length).fill('MESSAGE_INVALID'));
    assert.ok(log.contexts.every((c) => c.status === 200 && c.message !== undefined));
  }
});
