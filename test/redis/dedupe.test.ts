// RedisDedupeStore against a real redis-server, with node-redis (current and v4) and ioredis:
// the store contract, and a webhook in this process on it (retries, round trips per push).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WxmpError } from '../../src/errors.js';
import { RedisDedupeStore } from '../../src/redis/index.js';
import { createWebhook } from '../../src/server/webhook.js';
import { createSimulator } from '../../src/testing/simulator.js';
import { rejectsCode } from '../helpers.js';
import { keys } from '../server/_kit.js';
import { forEachClient } from './_each.js';
import { until } from './_redis.js';

const KEY = 'gh_0123456789ab|23456789012345678';
const REDIS_KEY = `wxmp:dedupe:{${KEY}}`;

forEachClient('RedisDedupeStore', (ctx) => {
  const store = (): RedisDedupeStore => new RedisDedupeStore({ client: ctx.conn.client });

  test('claim is set-if-absent with the in-flight TTL; getReply is null while the first copy runs', async () => {
    const s = store();
    assert.equal(await s.claim(KEY, 8), 'new');
    assert.equal(await store().claim(KEY, 8), 'duplicate');
    assert.equal(await s.getReply(KEY), null);
    const pttl = Number(await ctx.conn.raw('PTTL', REDIS_KEY));
    assert.ok(pttl > 7000 && pttl <= 8000, `PTTL ${pttl}`);
    assert.equal(await store().getReply('never-claimed'), null);
  });

  test('putReply stores the body byte for byte and gives the key the long replay TTL', async () => {
    const bodies = ['', 'success', '<xml><Content><![CDATA[你好 👋 "quotes" & <tags>]]></Content></xml>', '1', '0'];
    for (const [i, body] of bodies.entries()) {
      const key = `${KEY}:${i}`;
      assert.equal(await store().claim(key, 8), 'new');
      await store().putReply(key, body, 300);
      assert.equal(await store().getReply(key), body);
      assert.equal(await store().claim(key, 8), 'duplicate');
      const pttl = Number(await ctx.conn.raw('PTTL', `wxmp:dedupe:{${key}}`));
      assert.ok(pttl > 290_000 && pttl <= 300_000, `PTTL ${pttl}`);
    }
  });

  test('a claim whose process died expires after its TTL, and a later retry can claim again', async () => {
    assert.equal(await store().claim(KEY, 0.08), 'new');
    assert.equal(await store().claim(KEY, 0.08), 'duplicate');
    assert.ok(await until(async () => (await store().claim(KEY, 8)) === 'new', 5000));
  });

  test('a Redis error is REDIS_COMMAND_FAILED (the webhook reports it as the cause of WEBHOOK_STORE_FAILED); bad arguments are INVALID_ARGUMENT', async () => {
    await ctx.conn.raw('RPUSH', REDIS_KEY, 'x');
    const e = await rejectsCode(store().getReply(KEY), 'REDIS_COMMAND_FAILED');
    assert.match(e.message, /WRONGTYPE/);
    const reported: WxmpError[] = [];
    const webhook = createWebhook({ ...keys, dedupe: store(), onError: (err) => void reported.push(err), handler: () => 'success' });
    await ctx.conn.raw('CONFIG', 'SET', 'maxmemory', '1');
    await ctx.conn.raw('CONFIG', 'SET', 'maxmemory-policy', 'noeviction');
    try {
      assert.equal(await (await webhook(createSimulator(keys).text('oom').request())).text(), 'success', 'failed open');
    } finally {
      await ctx.conn.raw('CONFIG', 'SET', 'maxmemory', '0');
    }
    const failed = reported.find((r) => r.code === 'WEBHOOK_STORE_FAILED');
    assert.ok(failed?.cause instanceof WxmpError && failed.cause.code === 'REDIS_COMMAND_FAILED', reported.map((r) => r.message).join('\n'));
    await rejectsCode(store().claim('other', 0), 'INVALID_ARGUMENT');
    await rejectsCode(store().putReply('other', 42 as unknown as string, 10), 'INVALID_ARGUMENT');
  });

  test('a webhook on it: a retry gets the identical bytes, the handler runs once, 2 Redis round trips per push', async () => {
    const sim = createSimulator(keys);
    let runs = 0;
    const webhook = createWebhook({
      ...keys,
      dedupe: store(),
      handler: (m) => {
        runs++;
        return m.msgType === 'text' ? { msgType: 'text', content: `echo ${m.content} ${Math.random()}` } : 'success';
      },
    });
    const push = sim.text('hi');
    const first = await (await webhook(push.request())).text();
    const retry = await (await webhook(push.request())).text();
    assert.equal(retry, first);
    assert.equal(runs, 1);
    const r = await sim.readReply(new Response(retry), push);
    assert.ok(r.kind === 'reply' && r.reply.msgType === 'text' && r.reply.content.startsWith('echo hi'));
    // Happy path: count the commands Redis executed for 20 fresh pushes.
    await ctx.conn.raw('CONFIG', 'RESETSTAT');
    for (let i = 0; i < 20; i++) await (await webhook(sim.text(`n${i}`).request())).text();
    await new Promise((r) => setTimeout(r, 50)); // putReply is not awaited by the webhook
    const stats = String(await ctx.conn.raw('INFO', 'commandstats'));
    const calls = [...stats.matchAll(/^cmdstat_(\w+):calls=(\d+)/gm)].filter(([, name]) => name !== 'info' && name !== 'config');
    const total = calls.reduce((n, [, , c]) => n + Number(c), 0);
    assert.equal(total / 20, 2, `round trips per push: ${stats}`);
  });
});
