import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRouter } from '../../src/server/router.js';
import { createWebhook } from '../../src/server/webhook.js';
import type { WebhookContext } from '../../src/server/types.js';
import { createSimulator } from '../../src/testing/simulator.js';
import { toMessage, type Message } from '../../src/messages/index.js';
import { parseXml } from '../../src/xml/index.js';
import { now, token } from './_kit.js';
import { throwsCode } from '../helpers.js';

const sim = createSimulator({ token, now });
const msg = (p: { xml: string }): Message => toMessage(parseXml(p.xml));
const ctx = {} as WebhookContext;
const text = (content: string) => ({ msgType: 'text' as const, content });

test('routes by keyword (trimmed), RegExp (with the match), msgType, event and menu key; first match wins', async () => {
  const router = createRouter()
    .text('help', (m) => text(`help for ${m.fromUserName}`))
    .text(/^order (\d+)$/g, (m, _c, match) => text(`order ${match[1]} (${m.content.length})`))
    .text((m) => text(`any: ${m.content}`))
    .on('image', (m) => ({ msgType: 'image', mediaId: m.mediaId }))
    .on('voice', (m) => text(m.recognition ?? 'no recognition'))
    .event('subscribe', (m) => text(m.scene ? `scene ${m.scene}` : 'thanks'))
    .event('SCAN', (m) => text(`scan ${m.scene}`))
    .click('K1', (m) => text(`clicked ${m.eventKey}`))
    .event('CLICK', () => text('other click'))
    .fallback((m) => text(`fallback ${m.msgType}`));
  assert.deepEqual(await router(msg(sim.text('  help \n')), ctx), text('help for oTestUser000000000000000000'));
  assert.deepEqual(await router(msg(sim.text('order 42')), ctx), text('order 42 (8)'));
  assert.deepEqual(await router(msg(sim.text('order 43')), ctx), text('order 43 (8)'), 'a /g pattern keeps no state');
  assert.deepEqual(await router(msg(sim.text('hello')), ctx), text('any: hello'));
  const image = msg(sim.image());
  assert.deepEqual(await router(image, ctx), { msgType: 'image', mediaId: image.msgType === 'image' ? image.mediaId : '' });
  assert.deepEqual(await router(msg(sim.voice({ recognition: '你好' })), ctx), text('你好'));
  assert.deepEqual(await router(msg(sim.subscribe('123')), ctx), text('scene 123'));
  assert.deepEqual(await router(msg(sim.subscribe()), ctx), text('thanks'));
  assert.deepEqual(await router(msg(sim.scan('77')), ctx), text('scan 77'));
  assert.deepEqual(await router(msg(sim.click('K1')), ctx), text('clicked K1'));
  assert.deepEqual(await router(msg(sim.click('K2')), ctx), text('other click'));
  assert.deepEqual(await router(msg(sim.location()), ctx), text('fallback location'));
  assert.deepEqual(await router(msg(sim.event('something_new')), ctx), text('fallback unknown'));
});

test('without a fallback, unmatched messages get no reply', () => {
  const router = createRouter().text('a', () => text('A'));
  assert.equal(router(msg(sim.text('b')), ctx), undefined);
  assert.equal(router(msg(sim.click('x')), ctx), undefined);
});

test('a router is a webhook handler', async () => {
  const webhook = createWebhook({ token, now, handler: createRouter().text('ping', () => text('pong')) });
  const push = sim.text('ping');
  const out = await sim.readReply(await webhook(push.request()), push);
  assert.ok(out.kind === 'reply' && out.reply.msgType === 'text' && out.reply.content === 'pong');
});

test('bad routes are rejected when added', () => {
  throwsCode(() => createRouter().text('', () => undefined), 'INVALID_ARGUMENT');
  throwsCode(() => createRouter().text('x', 'nope' as never), 'INVALID_ARGUMENT');
  throwsCode(() => createRouter().text(42 as never, () => undefined), 'INVALID_ARGUMENT');
  throwsCode(() => createRouter().on('image', null as never), 'INVALID_ARGUMENT');
  throwsCode(() => createRouter().event('subscribe', null as never), 'INVALID_ARGUMENT');
  throwsCode(() => createRouter().click('k', null as never), 'INVALID_ARGUMENT');
  throwsCode(() => createRouter().fallback(null as never), 'INVALID_ARGUMENT');
});
