// Stage 7: the handler's result as the answer — no reply, a rendered reply, an encrypted one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MessageCrypto } from '../../src/crypto/index.js';
import type { Message } from '../../src/messages/index.js';
import { parseReply } from '../../src/replies/index.js';
import { resolveWebhookOptions } from '../../src/server/options.js';
import { renderAnswer } from '../../src/server/reply.js';
import type { WebhookContext, WebhookIncoming } from '../../src/server/types.js';
import { collector, keys, now, token } from './_kit.js';

const message = { msgType: 'text', toUserName: 'gh_1', fromUserName: 'o_user', createTime: 1, msgId: '1', content: 'hi' } as Message;
const incoming = { request: () => new Request('http://h/') } as unknown as WebhookIncoming;
const ctx = (encrypted: boolean) => ({ encrypted }) as WebhookContext;

test('no reply is success or an empty body; a reply is rendered to the sender', () => {
  const log = collector();
  const rt = resolveWebhookOptions({ token, now, handler: () => undefined, onError: log.onError }).runtime;
  for (const none of [undefined, null, 'success'] as const)
    assert.deepEqual(renderAnswer(rt, none, message, ctx(false), incoming), { status: 200, body: 'success', xml: false });
  assert.deepEqual(renderAnswer(rt, '', message, ctx(false), incoming), { status: 200, body: '', xml: false });
  const out = renderAnswer(rt, { msgType: 'text', content: 'yes' }, message, ctx(false), incoming);
  assert.equal(out.xml, true);
  const r = parseReply(out.body);
  assert.deepEqual([r.toUserName, r.fromUserName, r.createTime, r.msgType === 'text' && r.content], ['o_user', 'gh_1', now(), 'yes']);
  assert.deepEqual(log.codes(), []);
});

test('a reply that cannot be rendered is reported with its REPLY_* code and answered with the fallback', () => {
  const log = collector();
  const rt = resolveWebhookOptions({ token, now, handler: () => undefined, onError: log.onError, fallbackReply: '' }).runtime;
  assert.deepEqual(renderAnswer(rt, 'hello' as never, message, ctx(false), incoming), { status: 200, body: '', xml: false });
  assert.deepEqual(renderAnswer(rt, { msgType: 'text', content: ' ' }, message, ctx(false), incoming), { status: 200, body: '', xml: false });
  assert.deepEqual(log.codes(), ['REPLY_INVALID', 'REPLY_EMPTY_CONTENT']);
});

test('for an encrypted push the reply is encrypted (and signed) with the webhook keys', () => {
  const rt = resolveWebhookOptions({ ...keys, now, handler: () => undefined }).runtime;
  const out = renderAnswer(rt, { msgType: 'text', content: 'sealed' }, message, ctx(true), incoming);
  assert.match(out.body, /^<xml><Encrypt><!\[CDATA\[/);
  const m = /<MsgSignature><!\[CDATA\[(\w+)\]\]><\/MsgSignature><TimeStamp>(\d+)<\/TimeStamp><Nonce><!\[CDATA\[(\d+)\]\]>/.exec(out.body);
  assert.ok(m);
  const inner = new MessageCrypto(keys).decryptMessage(out.body, { msgSignature: m[1] as string, timestamp: m[2] as string, nonce: m[3] as string });
  const r = parseReply(inner);
  assert.equal(r.msgType === 'text' && r.content, 'sealed');
});
