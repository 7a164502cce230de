// Every event the simulator documents is a push the default webhook accepts and types, in every mode.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EventType, Message } from '../../src/messages/index.js';
import { createWebhook } from '../../src/server/webhook.js';
import { EVENT_FIELDS, eventName, SIMULATED_EVENTS } from '../../src/testing/events.js';
import { createSimulator } from '../../src/testing/simulator.js';
import { parseXml } from '../../src/xml/index.js';
import { fixtureText } from '../helpers.js';
import { keys, now, token } from '../server/_kit.js';

const NAMES = SIMULATED_EVENTS.map((e) => e.name);

test('the catalogue lists each event the SDK types exactly once, each with default fields', () => {
  assert.deepEqual([...NAMES].sort(), (Object.keys(EVENT_FIELDS) as EventType[]).sort());
  assert.equal(new Set(NAMES).size, NAMES.length);
  assert.equal(eventName('scan'), 'SCAN');
  assert.equal(eventName('TemplateSendJobFinish'), 'TEMPLATESENDJOBFINISH');
  assert.equal(eventName('no_such_event'), undefined);
});

for (const mode of ['plaintext', 'compatible', 'safe'] as const) {
  test(`every documented event is accepted and typed by a default webhook (${mode})`, async () => {
    const seen: Message[] = [];
    const errors: string[] = [];
    const config = mode === 'plaintext' ? { token } : { ...keys, mode };
    const webhook = createWebhook({ ...config, now, handler: (m) => void seen.push(m), onError: (e) => void errors.push(e.message) });
    const sim = createSimulator({ ...config, now });
    for (const name of NAMES) {
      const push = sim.event(name);
      const res = await webhook(push.request());
      assert.equal(res.status, 200, `${name}: ${errors.at(-1) ?? ''}`);
      assert.deepEqual(await sim.readReply(res, push), { kind: 'success' });
    }
    assert.deepEqual(errors, []);
    assert.deepEqual(
      seen.map((m) => (m.msgType === 'event' ? m.event : m.msgType)),
      NAMES,
      'none arrives as an unknown message',
    );
  });
}

test('defaults have the shapes of the documented samples and are typed on arrival', async () => {
  const seen: Message[] = [];
  const webhook = createWebhook({ token, now, handler: (m) => void seen.push(m) });
  const sim = createSimulator({ token, now });
  for (const name of [
    'scancode_push',
    'pic_weixin',
    'location_select',
    'MASSSENDJOBFINISH',
    'PUBLISHJOBFINISH',
    'subscribe_msg_popup_event',
    'TEMPLATESENDJOBFINISH',
  ] as const) {
    await webhook(sim.event(name).request());
  }
  // biome-ignore lint/suspicious/noExplicitAny: reads nested sample fields of several event types in one table
  const [scan, pics, loc, mass, publish, popup, template] = seen as unknown as Record<string, any>[];
  assert.deepEqual(Object.keys(scan?.scanCodeInfo ?? {}), ['scanType', 'scanResult']);
  assert.equal(pics?.sendPicsInfo.count, 1);
  assert.match(pics?.sendPicsInfo.picList[0].picMd5Sum, /^\d{32}$/);
  assert.equal(typeof loc?.sendLocationInfo.locationX, 'number');
  assert.deepEqual(
    [mass?.status, mass?.totalCount, mass?.articleUrlResult.resultList.length, mass?.copyrightCheckResult.resultList],
    ['send success', 3, 1, []],
  );
  assert.equal(publish?.publishEventInfo.publishStatus, 0);
  assert.equal(publish?.publishEventInfo.articleDetail.item.length, 1);
  assert.equal(popup?.subscribeMsgPopupEvent.list[0].subscribeStatusString, 'accept');
  assert.match(template?.msgID, /^\d{10}$/);
  // the element names are those of the documented samples (test/fixtures/messages)
  for (const [name, fixture] of [
    ['scancode_push', 'event-scancode_push.xml'],
    ['location_select', 'event-location_select.xml'],
    ['subscribe_msg_sent_event', 'event-subscribe_msg_sent_event.xml'],
  ] as const) {
    assert.deepEqual(Object.keys(parseXml(sim.event(name).xml)), Object.keys(parseXml(fixtureText(`messages/${fixture}`))), name);
  }
});

test('fields override the defaults; undefined removes one; scene still fills EventKey and Ticket', () => {
  const sim = createSimulator({ token, now });
  const f = parseXml(sim.event('scancode_push', { ScanCodeInfo: { ScanType: 'barcode', ScanResult: 'EAN_13,1' }, EventKey: 'K' }).xml);
  assert.deepEqual([f.EventKey, { ...(f.ScanCodeInfo as object) }], ['K', { ScanType: 'barcode', ScanResult: 'EAN_13,1' }]);
  assert.equal(parseXml(sim.event('CLICK', { EventKey: undefined }).xml).EventKey, undefined);
  const scan = parseXml(sim.event('SCAN', { scene: '42' }).xml);
  assert.equal(scan.EventKey, '42');
  assert.match(String(scan.Ticket), /^gQ\d{24}$/);
  assert.equal(parseXml(sim.event('scan').xml).EventKey, '123', 'defaults are found whatever the case');
  assert.equal(parseXml(sim.event('custom_event', { Foo: 'x' }).xml).Foo, 'x', 'an event the SDK does not know is sent as given');
});
