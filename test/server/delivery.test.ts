// Retries, de-duplication across copies and processes, the reply deadline and late results.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createWebhook } from '../../src/server/webhook.js';
import type { HandlerResult, WebhookOptions } from '../../src/server/types.js';
import { dedupeKey, MemoryDedupeStore, type DedupeStore } from '../../src/server/dedupe.js';
import { createSimulator } from '../../src/testing/simulator.js';
import type { Message } from '../../src/messages/index.js';
import { collector, gate, keys, now, tick, token } from './_kit.js';

function counting(result: (m: Message) => HandlerResult | Promise<HandlerResult>) {
  let calls = 0;
  const handler: WebhookOptions['handler'] = (m) => {
    calls++;
    return result(m);
  };
  return { handler, calls: () => calls };
}

test('three sequential deliveries of one push: the handler runs once, three identical replies', async () => {
  const h = counting((m) => ({ msgType: 'text', content: `n=${m.msgType}` }));
  const webhook = createWebhook({ ...keys, now, handler: h.handler });
  const sim = createSimulator({ ...keys, now });
  const push = sim.text('hi');
  const bodies: string[] = [];
  for (let i = 0; i < 3; i++) {
    const res = await webhook(push.request());
    assert.equal(res.headers.get('content-type'), 'application/xml; charset=utf-8');
    bodies.push(await res.text());
  }
  assert.equal(h.calls(), 1);
  assert.equal(bodies[0], bodies[1]);
  assert.equal(bodies[1], bodies[2]);
  const out = await sim.readReply(new Response(bodies[2]), push);
  assert.ok(out.kind === 'reply' && out.reply.msgType === 'text' && out.reply.content === 'n=text');
});

test('three concurrent deliveries: the copies wait for the first and get its exact reply', async () => {
  const g = gate();
  const h = counting(async () => {
    await g.promise;
    return { msgType: 'text', content: 'slow but on time' };
  });
  const webhook = createWebhook({ ...keys, now, handler: h.handler });
  const sim = createSimulator({ ...keys, now });
  const push = sim.click('MENU_1');
  const pending = [webhook(push.request()), webhook(push.request()), webhook(push.request())];
  await tick();
  g.open();
  const bodies = await Promise.all(pending.map(async (p) => (await p).text()));
  assert.equal(h.calls(), 1);
  assert.equal(new Set(bodies).size, 1);
  assert.ok(bodies[0]?.includes('<Encrypt>'));
});

test('distinct pushes are not confused: other MsgId, other CreateTime of an event', async () => {
  const h = counting(() => undefined);
  const webhook = createWebhook({ token, now, handler: h.handler });
  const sim = createSimulator({ token, now });
  await webhook(sim.text('a').request());
  await webhook(sim.text('a').request());
  await webhook(sim.subscribe(undefined, { createTime: 1 }).request());
  await webhook(sim.subscribe(undefined, { createTime: 2 }).request());
  await webhook(sim.subscribe(undefined, { createTime: 2 }).request());
  assert.equal(h.calls(), 4);
});

test('dedupe: false runs the handler for every copy', async () => {
  const h = counting(() => undefined);
  const webhook = createWebhook({ token, now, handler: h.handler, dedupe: false });
  const push = createSimulator({ token, now }).text('a');
  await webhook(push.request());
  await webhook(push.request());
  assert.equal(h.calls(), 2);
});

test('across processes (shared store): a retry polls for the stored reply', async () => {
  const store = new MemoryDedupeStore();
  const g = gate();
  const first = counting(async () => {
    await g.promise;
    return { msgType: 'text', content: 'from A' };
  });
  const second = counting(() => ({ msgType: 'text', content: 'from B' }));
  const a = createWebhook({ ...keys, now, handler: first.handler, dedupe: store });
  const b = createWebhook({ ...keys, now, handler: second.handler, dedupe: store, deadlineMs: 3000 });
  const sim = createSimulator({ ...keys, now });
  const push = sim.text('x');
  const pa = a(push.request());
  await tick();
  const pb = b(push.request());
  await tick(20);
  g.open();
  const [ra, rb] = await Promise.all([pa, pb]);
  const [ta, tb] = [await ra.text(), await rb.text()];
  assert.equal(ta, tb);
  assert.equal(first.calls(), 1);
  assert.equal(second.calls(), 0);
});

test('across processes: when no reply appears before the deadline, the retry answers success', async () => {
  const store = new MemoryDedupeStore({ now });
  const push = createSimulator({ token, now }).text('x', { msgId: '1234567890123456789' });
  store.claim(dedupeKey(push.xml), 300); // another process holds the claim and never stores a reply
  const h = counting(() => ({ msgType: 'text', content: 'never' }));
  const log = collector();
  const webhook = createWebhook({ token, now, handler: h.handler, dedupe: store, deadlineMs: 30, onError: log.onError });
  assert.equal(await (await webhook(push.request())).text(), 'success');
  assert.equal(h.calls(), 0);
  assert.deepEqual(log.codes(), ['WEBHOOK_DUPLICATE_UNANSWERED']);
});

test('store failures fail open (handler runs) and reach onError as WEBHOOK_STORE_FAILED', async () => {
  const sim = createSimulator({ token, now });
  const cases: [string, DedupeStore][] = [
    [
      'claim throws',
      {
        claim: () => {
          throw new Error('redis down');
        },
        putReply: () => {},
        getReply: () => null,
      },
    ],
    ['claim rejects', { claim: () => Promise.reject(new Error('redis down')), putReply: () => {}, getReply: () => null }],
    ['claim returns garbage', { claim: () => 'maybe' as never, putReply: () => {}, getReply: () => null }],
    ['claim resolves to garbage', { claim: async () => 'maybe' as never, putReply: () => {}, getReply: () => null }],
    [
      'putReply throws',
      {
        claim: () => 'new',
        putReply: () => {
          throw new Error('x');
        },
        getReply: () => null,
      },
    ],
    ['putReply rejects', { claim: async () => 'new' as const, putReply: () => Promise.reject(new Error('x')), getReply: () => null }],
  ];
  for (const [name, store] of cases) {
    const log = collector();
    const h = counting(() => ({ msgType: 'text', content: 'ok' }));
    const webhook = createWebhook({ token, now, handler: h.handler, dedupe: store, onError: log.onError });
    const out = await sim.readReply(await webhook(sim.text('x').request()));
    await tick();
    assert.equal(out.kind, 'reply', name);
    assert.equal(h.calls(), 1, name);
    assert.deepEqual(log.codes(), ['WEBHOOK_STORE_FAILED'], name);
  }
  const log = collector();
  const broken: DedupeStore = { claim: () => 'duplicate', putReply: () => {}, getReply: () => Promise.reject(new Error('x')) };
  const webhook = createWebhook({ token, now, handler: () => undefined, dedupe: broken, onError: log.onError });
  assert.equal(await (await webhook(sim.text('x').request())).text(), 'success');
  assert.deepEqual(log.codes(), ['WEBHOOK_STORE_FAILED']);
  // the stored reply of the first copy, from an async and from a synchronous store
  const stores: DedupeStore[] = [
    { claim: async () => 'duplicate' as const, putReply: () => {}, getReply: async () => '<xml>stored</xml>' },
    { claim: () => 'duplicate', putReply: () => {}, getReply: () => '<xml>stored</xml>' },
  ];
  for (const stored of stores) {
    const w2 = createWebhook({ token, now, handler: () => undefined, dedupe: stored });
    const res = await w2(sim.text('x').request());
    assert.equal(res.headers.get('content-type'), 'application/xml; charset=utf-8');
    assert.equal(await res.text(), '<xml>stored</xml>');
  }
});

test('a slow handler: success before the deadline, the late result reaches onLate', async () => {
  const g = gate();
  const log = collector();
  const late: { result: HandlerResult; message: Message }[] = [];
  const h = counting(async () => {
    await g.promise;
    return { msgType: 'text', content: 'late answer' };
  });
  const waited: Promise<unknown>[] = [];
  const webhook = createWebhook({
    ...keys,
    now,
    handler: h.handler,
    deadlineMs: 40,
    onError: log.onError,
    onLate: (result, message) => late.push({ result, message }),
  });
  const sim = createSimulator({ ...keys, now });
  const push = sim.text('slow');
  const res = await webhook(push.request(), { waitUntil: (p) => waited.push(p) });
  assert.equal(await res.text(), 'success');
  assert.equal(late.length, 0);
  assert.deepEqual(log.codes(), ['WEBHOOK_HANDLER_TIMEOUT']);
  assert.equal(waited.length, 1, 'the platform keeps the handler alive');
  // a retry in the meantime gets the same answer and does not run the handler again
  assert.equal(await (await webhook(push.request())).text(), 'success');
  g.open();
  await waited[0];
  await tick();
  assert.equal(late.length, 1);
  assert.deepEqual(late[0]?.result, { msgType: 'text', content: 'late answer' });
  assert.ok(late[0]?.message.msgType === 'text' && late[0].message.content === 'slow');
  assert.equal(h.calls(), 1);
});

test('late failures and a throwing onLate reach onError', async () => {
  const g = gate();
  const log = collector();
  let n = 0;
  const webhook = createWebhook({
    token,
    now,
    deadlineMs: 20,
    onError: log.onError,
    dedupe: false,
    handler: async () => {
      const k = n++;
      await g.promise;
      if (k === 0) throw new Error('late boom');
      return { msgType: 'text', content: 'x' };
    },
    onLate: () => {
      throw new Error('onLate broke');
    },
  });
  const sim = createSimulator({ token, now });
  assert.equal(await (await webhook(sim.text('a').request())).text(), 'success');
  assert.equal(await (await webhook(sim.text('b').request())).text(), 'success');
  g.open();
  await tick(5);
  assert.deepEqual(log.codes(), ['WEBHOOK_HANDLER_TIMEOUT', 'WEBHOOK_HANDLER_TIMEOUT', 'WEBHOOK_HANDLER_FAILED', 'WEBHOOK_HANDLER_FAILED']);
});

test('ctx.waitUntil forwards to the platform; a rejection reaches onError', async () => {
  const log = collector();
  const waited: Promise<unknown>[] = [];
  const webhook = createWebhook({
    token,
    now,
    onError: log.onError,
    handler: (_m, ctx) => {
      ctx.waitUntil(Promise.reject(new Error('background failed')));
      const { waitUntil, request } = ctx; // destructured, as handlers often do
      waitUntil(Promise.resolve(1));
      assert.equal(request.method, 'POST');
      return undefined;
    },
  });
  const sim = createSimulator({ token, now });
  await webhook(sim.text('x').request(), { waitUntil: (p) => waited.push(p) });
  await Promise.all(waited);
  assert.equal(waited.length, 2);
  assert.deepEqual(log.codes(), ['WEBHOOK_HANDLER_FAILED']);
  // without a platform context it still works
  await webhook(sim.text('y').request());
  await tick();
  assert.equal(log.codes().length, 2);
});
