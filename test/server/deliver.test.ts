// The DedupeStore protocol as the webhook drives it: time-boxed calls, a retry taking over from a
// copy whose process died, and evictions of live keys reported.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createWebhook } from '../../src/server/webhook.js';
import type { WebhookOptions } from '../../src/server/types.js';
import { dedupeKey, MemoryDedupeStore, type DedupeStore } from '../../src/server/dedupe.js';
import { createSimulator } from '../../src/testing/simulator.js';
import { collector, keys, NOW, now, tick, token } from './_kit.js';

const never = <T>(): Promise<T> => new Promise<T>(() => {});

function counted(extra: Partial<WebhookOptions>) {
  const log = collector();
  let calls = 0;
  const webhook = createWebhook({
    token,
    now,
    onError: log.onError,
    handler: () => {
      calls++;
      return { msgType: 'text', content: 'handled' };
    },
    ...extra,
  });
  return { webhook, log, calls: () => calls };
}

test('a store that never answers cannot hold the response past the deadline (fail open)', { timeout: 30_000 }, async () => {
  const sim = createSimulator({ token, now });
  const hung: DedupeStore = { claim: never, putReply: never, getReply: never };
  const a = counted({ dedupe: hung, deadlineMs: 300 });
  const out = await sim.readReply(await a.webhook(sim.text('x').request()));
  assert.ok(out.kind === 'reply', 'the handler ran and its reply was sent');
  assert.equal(a.calls(), 1);
  assert.deepEqual(a.log.codes(), ['WEBHOOK_STORE_FAILED']);
  assert.match(a.log.errors[0]?.message ?? '', /claim\(\) did not answer within \d+ ms/);
  // a claim that says 'duplicate' but a getReply that hangs: the retry answers at its deadline
  const b = counted({ dedupe: { claim: async () => 'duplicate' as const, putReply: () => {}, getReply: never }, deadlineMs: 300 });
  assert.equal(await (await b.webhook(sim.text('y').request())).text(), 'success');
  assert.equal(b.calls(), 0);
  assert.deepEqual(b.log.codes(), ['WEBHOOK_DUPLICATE_UNANSWERED']);
});

test('a retry takes over when the first copy died: its short claim lapses and the retry runs the handler', async () => {
  let storeTime = NOW;
  const store = new MemoryDedupeStore({ now: () => storeTime });
  const sim = createSimulator({ ...keys, now });
  const push = sim.text('lost?');
  assert.equal(store.claim(dedupeKey(push.xml), 7), 'new'); // process A claimed, then crashed
  const b = counted({ ...keys, dedupe: store, deadlineMs: 3000 });
  const pending = b.webhook(push.request());
  await tick(150); // B waits and polls
  assert.equal(b.calls(), 0, 'while the claim lives, the retry waits');
  storeTime += 8; // A's claim (7 s) has lapsed
  const out = await sim.readReply(await pending, push);
  assert.ok(out.kind === 'reply' && out.reply.msgType === 'text' && out.reply.content === 'handled');
  assert.equal(b.calls(), 1);
  assert.deepEqual(b.log.codes(), []);
  assert.equal(store.claim(dedupeKey(push.xml), 7), 'duplicate', 'B stored its reply with the replay TTL');
});

test('store failures while waiting answer the fallback (the first copy owns the push)', async () => {
  const sim = createSimulator({ token, now });
  let n = 0;
  const flaky: DedupeStore = { claim: () => (n++ === 0 ? 'duplicate' : Promise.reject(new Error('redis down'))), putReply: () => {}, getReply: () => null };
  const a = counted({ dedupe: flaky, deadlineMs: 2000 });
  assert.equal(await (await a.webhook(sim.text('x').request())).text(), 'success');
  assert.equal(a.calls(), 0);
  assert.deepEqual(a.log.codes(), ['WEBHOOK_STORE_FAILED']);
});

test('evicting live keys is reported once a minute, saying how to size the store; re-run retries are covered', async () => {
  let t = NOW;
  const clock = () => t;
  const store = new MemoryDedupeStore({ maxEntries: 16, now: clock });
  const sim = createSimulator({ token, now: clock });
  const a = counted({ now: clock, dedupe: store });
  const first = sim.text('first');
  await a.webhook(first.request());
  for (let i = 0; i < 16; i++) await a.webhook(sim.text(`n${i}`).request());
  assert.deepEqual(a.log.codes(), ['WEBHOOK_DEDUPE_EVICTED']);
  const msg = a.log.errors[0]?.message ?? '';
  assert.match(msg, /evicted 1 keys before they expired \(maxEntries 16\)/);
  assert.match(msg, /runs the handler again/);
  assert.match(msg, /MemoryDedupeStore\(\{ maxEntries \}\)/);
  assert.match(msg, /shared store/);
  assert.equal(a.log.contexts[0]?.status, 200);
  await a.webhook(first.request()); // its key was evicted: the retry runs again — and was reported
  assert.equal(a.calls(), 18);
  for (let i = 0; i < 40; i++) await a.webhook(sim.text(`m${i}`).request());
  assert.equal(a.log.codes().length, 1, 'at most one report per interval');
  t += 60;
  await a.webhook(sim.text('later').request());
  assert.deepEqual(a.log.codes(), ['WEBHOOK_DEDUPE_EVICTED', 'WEBHOOK_DEDUPE_EVICTED']);
  assert.match(a.log.errors[1]?.message ?? '', /evicted 4[0-9] keys/);
});

test('the default store, overrun: a re-run retry is reported (the issue: 10 000 keys, silent)', { timeout: 120_000 }, async () => {
  const sim = createSimulator({ token, now });
  const a = counted({});
  const first = sim.text('first');
  await a.webhook(first.request());
  for (let i = 0; i < 10_000; i++) await a.webhook(sim.text(`u${i}`).request());
  await a.webhook(first.request());
  assert.equal(a.calls(), 10_002, 'the first push was evicted and ran again');
  assert.deepEqual(a.log.codes(), ['WEBHOOK_DEDUPE_EVICTED']);
  assert.match(a.log.errors[0]?.message ?? '', /maxEntries 10000/);
});

test('a store without a liveEvictions counter is simply not watched', async () => {
  const inner = new MemoryDedupeStore({ now, maxEntries: 1 });
  const plain: DedupeStore = { claim: (k, ttl) => inner.claim(k, ttl), putReply: (k, r, ttl) => inner.putReply(k, r, ttl), getReply: (k) => inner.getReply(k) };
  const sim = createSimulator({ token, now });
  const a = counted({ dedupe: plain });
  for (let i = 0; i < 3; i++) await a.webhook(sim.text(`p${i}`).request());
  assert.equal(a.calls(), 3);
  assert.deepEqual(a.log.codes(), []);
});
