// "Two different pushes never share a dedupe key; a retry always does" — over generated events, and
// end to end through the webhook with the official TEMPLATESENDJOBFINISH sample.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { buildXml, parseXml, type XmlBuildRecord } from '../../src/xml/index.js';
import { dedupeKey } from '../../src/server/dedupe.js';
import { createWebhook } from '../../src/server/webhook.js';
import { createSimulator } from '../../src/testing/simulator.js';
import { keys, now } from './_kit.js';

// test/fixtures/messages/event-templatesendjobfinish.xml: the 模板消息 (template message) docs' sample
const TEMPLATE_FINISH = readFileSync(new URL('../fixtures/messages/event-templatesendjobfinish.xml', import.meta.url), 'utf8');

const text = fc.string({ maxLength: 12 }).map((s) => s.replace(/[^\u0020-\u007e\u4e00-\u9fff]/g, ''));
const event = fc.record(
  {
    ToUserName: fc.constantFrom('gh_123456789abc', 'gh_0123456789ab'),
    FromUserName: fc.constantFrom('oUser_1', 'oUser_2'),
    CreateTime: fc.constantFrom('1348831860', '1348831861'),
    MsgType: fc.constant('event'),
    Event: fc.constantFrom('TEMPLATESENDJOBFINISH', 'MASSSENDJOBFINISH', 'subscribe_msg_sent_event', 'CLICK', 'PUBLISHJOBFINISH'),
    MsgID: fc.option(fc.bigInt({ min: 1n, max: 2n ** 63n }).map(String), { nil: undefined }),
    Status: fc.option(fc.constantFrom('success', 'failed:user block', 'failed: system failed'), { nil: undefined }),
    EventKey: fc.option(text, { nil: undefined }),
  },
  { requiredKeys: ['ToUserName', 'FromUserName', 'CreateTime', 'MsgType', 'Event'] },
);

const xmlOf = (r: Record<string, string | undefined>): string =>
  buildXml(Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as XmlBuildRecord);

test('property: two events share a key exactly when they are byte-identical (retries), never otherwise', () => {
  fc.assert(
    fc.property(event, event, (a, b) => {
      const [xa, xb] = [xmlOf(a), xmlOf(b)];
      assert.equal(dedupeKey(xa) === dedupeKey(xb), xa === xb);
      assert.equal(dedupeKey(xa), dedupeKey(String(xa)), 'a retry (the same bytes) always shares the key');
    }),
    { numRuns: 2000 },
  );
});

test('property: two same-second events of one user differing in one field are both handled; their retries are not', async () => {
  await fc.assert(
    fc.asyncProperty(
      event,
      fc.constantFrom('MsgID', 'Status', 'EventKey', 'Event'),
      fc.string({ minLength: 1, maxLength: 8 }).filter((s) => /^[A-Za-z0-9]+$/.test(s)),
      async (base, field, value) => {
        const other = { ...base, [field]: `${base[field as keyof typeof base] ?? ''}${value}` };
        let calls = 0;
        // generated events may lack fields their type requires: delivered as 'unknown' (a warning each)
        const webhook = createWebhook({
          ...keys,
          now,
          onError: () => {},
          handler: () => {
            calls++;
          },
        });
        const sim = createSimulator({ ...keys, now });
        const pushes = [base, other].map((r) => sim.push(Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as XmlBuildRecord));
        for (const p of [...pushes, ...pushes, ...pushes]) assert.equal((await webhook(p.request())).status, 200);
        assert.equal(calls, 2);
      },
    ),
    { numRuns: 40 },
  );
});

test('two TEMPLATESENDJOBFINISH events for one user in one second (different MsgID) both reach the handler', async () => {
  const record = parseXml(TEMPLATE_FINISH);
  const seen: string[] = [];
  const webhook = createWebhook({
    ...keys,
    now,
    handler: (m) => {
      if (m.msgType === 'event' && m.event === 'TEMPLATESENDJOBFINISH') seen.push(m.msgID);
    },
  });
  const sim = createSimulator({ ...keys, now });
  const first = sim.push({ ...(record as Record<string, string>) });
  const second = sim.push({ ...(record as Record<string, string>), MsgID: '200163840' });
  for (const p of [first, second, first, second]) assert.equal((await webhook(p.request())).status, 200);
  assert.deepEqual(seen, ['200163836', '200163840']);
});
