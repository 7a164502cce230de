// Replay closed: a captured push never runs twice while its timestamp is accepted, whichever way
// the server clock is skewed (the de-duplication entry lives until timestamp + window on it).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { createWebhook } from '../../src/server/webhook.js';
import { MemoryDedupeStore, type DedupeStore } from '../../src/server/dedupe.js';
import { createSimulator } from '../../src/testing/simulator.js';
import { keys, NOW } from './_kit.js';

/** A webhook whose server clock is `skew` seconds off WeChat's and can be moved; counts handler runs. */
function skewed(skew: number, options: { dedupe?: DedupeStore } = {}) {
  let t = NOW + skew;
  let calls = 0;
  const webhook = createWebhook({
    ...keys,
    now: () => t,
    handler: () => {
      calls++;
      return { msgType: 'text', content: 'once' };
    },
    onError: () => {},
    ...options,
  });
  const push = createSimulator({ ...keys, now: () => NOW }).text('captured'); // signed at WeChat's NOW
  return {
    push,
    at: async (dt: number) => {
      t = NOW + skew + dt;
      return (await webhook(push.request())).status;
    },
    calls: () => calls,
  };
}

test('server clock 100 s behind WeChat: the replay at +350 s is still accepted and does not run again', async () => {
  const s = skewed(-100);
  assert.equal(await s.at(0), 200);
  assert.equal(await s.at(350), 200, 'the timestamp is still inside the window (250 s)');
  assert.equal(s.calls(), 1, 'with a TTL of 300 s from arrival it would have run twice');
  assert.equal(await s.at(400), 200, 'the last accepted second');
  assert.equal(await s.at(401), 403, 'then the window refuses it');
  assert.equal(s.calls(), 1);
});

test('server clock 100 s ahead: accepted for 200 s only, kept at least dedupeTtlSeconds', async () => {
  const s = skewed(100);
  assert.equal(await s.at(0), 200);
  assert.equal(await s.at(200), 200);
  assert.equal(await s.at(201), 403);
  assert.equal(s.calls(), 1);
});

test('property: for any skew inside the window and any replay times, the handler runs exactly once', async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: -300, max: 300 }), fc.array(fc.integer({ min: 0, max: 700 }), { minLength: 1, maxLength: 12 }), async (skew, times) => {
      const s = skewed(skew);
      assert.equal(await s.at(0), 200);
      for (const dt of times.sort((a, b) => a - b)) {
        const status = await s.at(dt);
        assert.equal(status, Math.abs(skew + dt) <= 300 ? 200 : 403, `skew ${skew}, +${dt} s`);
      }
      assert.equal(s.calls(), 1);
    }),
    { numRuns: 60 },
  );
});

test('the store sees a short claim TTL and the replay TTL (timestamp + window on the server clock, at least 300 s)', async () => {
  const calls: string[] = [];
  const inner = new MemoryDedupeStore({ now: () => NOW });
  const spy: DedupeStore = {
    claim: (k, ttl) => {
      calls.push(`claim ${ttl}`);
      return inner.claim(k, ttl);
    },
    putReply: (k, r, ttl) => {
      calls.push(`putReply ${ttl}`);
      return inner.putReply(k, r, ttl);
    },
    getReply: (k) => inner.getReply(k),
  };
  for (const skew of [-250, 0, 250]) {
    const s = skewed(skew, { dedupe: spy });
    await s.at(0);
  }
  // deadline 4 s → claim TTL ceil(4) + 3; lagging 250 s → 300 + 250 + 1; otherwise the 300-s floor
  assert.deepEqual(calls, ['claim 7', 'putReply 551', 'claim 7', 'putReply 301', 'claim 7', 'putReply 300']);
});

test('with timestampWindowSeconds: false the entry lives dedupeTtlSeconds', async () => {
  let t = NOW;
  let calls = 0;
  const webhook = createWebhook({
    ...keys,
    now: () => t,
    timestampWindowSeconds: false,
    dedupeTtlSeconds: 60,
    handler: () => {
      calls++;
    },
  });
  const push = createSimulator({ ...keys, now: () => NOW }).text('x');
  await webhook(push.request());
  t = NOW + 59;
  await webhook(push.request());
  assert.equal(calls, 1);
  t = NOW + 61;
  await webhook(push.request());
  assert.equal(calls, 2, 'documented: without a window only dedupeTtlSeconds bounds replay protection');
});
