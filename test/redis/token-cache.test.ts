// RedisTokenCache against a real redis-server, with node-redis (current and v4) and ioredis.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WeChatClient } from '../../src/client/client.js';
import { RedisTokenCache } from '../../src/redis/index.js';
import { DELETE_IF_TOKEN } from '../../src/redis/token-cache.js';
import { rejectsCode } from '../helpers.js';
import { forEachClient } from './_each.js';
import { startPlatform } from './_platform.js';

const A = { accessToken: 'TOKEN_AAAAAAAAAAAA', expiresAt: 1_900_000_000 };
const B = { accessToken: 'TOKEN_BBBBBBBBBBBB', expiresAt: 1_900_000_100 };
const KEY = 'wxmp:access_token:wx123:stable';
const REDIS_KEY = `wxmp:token:{${KEY}}`;

forEachClient('RedisTokenCache', (ctx) => {
  const cache = (o: { prefix?: string } = {}): RedisTokenCache => new RedisTokenCache({ client: ctx.conn.client, ...o });

  test('a missing key is null; set → get round-trips the entry as JSON under <prefix>token:{key}, with its TTL', async () => {
    const c = cache();
    assert.equal(await c.get(KEY), null);
    await c.set(KEY, A, 6900);
    assert.deepEqual(await c.get(KEY), A);
    assert.deepEqual(JSON.parse(String(await ctx.conn.raw('GET', REDIS_KEY))), A);
    const pttl = Number(await ctx.conn.raw('PTTL', REDIS_KEY));
    assert.ok(pttl > 6_890_000 && pttl <= 6_900_000, `PTTL ${pttl}`);
  });

  test('TTL boundary: fractions of a second are kept in ms; 0.0005 s is 1 ms; 0 and negatives are INVALID_ARGUMENT', async () => {
    const c = cache();
    await c.set(KEY, A, 1.5);
    const pttl = Number(await ctx.conn.raw('PTTL', REDIS_KEY));
    assert.ok(pttl > 1400 && pttl <= 1500, `PTTL ${pttl}`);
    await c.set('tiny', A, 0.0005);
    for (const ttl of [0, -1, Number.NaN]) await rejectsCode(c.set(KEY, A, ttl), 'INVALID_ARGUMENT');
  });

  test('compare-and-delete removes the entry only while it holds the expected token', async () => {
    const c = cache();
    await c.set(KEY, B, 60);
    await c.delete(KEY, A.accessToken); // a process that saw 40001 on the old token A
    assert.deepEqual(await c.get(KEY), B, 'the newer token survives');
    await c.delete(KEY, B.accessToken);
    assert.equal(await c.get(KEY), null);
    await c.delete(KEY, B.accessToken); // already gone: no error
  });

  test('foreign or corrupt values read as misses and are left alone by delete; a wrong type is REDIS_COMMAND_FAILED', async () => {
    const c = cache();
    for (const raw of ['not json', '[1,2]', '"TOKEN_AAAAAAAAAAAA"', 'null', '{"accessToken":1,"expiresAt":2}', '{"accessToken":"TOKEN_CCCCCCCCCCCC"}']) {
      await ctx.conn.raw('SET', REDIS_KEY, raw);
      assert.equal(await c.get(KEY), null, raw);
      await c.delete(KEY, A.accessToken);
      assert.equal(await ctx.conn.raw('GET', REDIS_KEY), raw, `${raw} left alone`);
    }
    await ctx.conn.raw('DEL', REDIS_KEY);
    await ctx.conn.raw('HSET', REDIS_KEY, 'accessToken', A.accessToken);
    await rejectsCode(c.get(KEY), 'REDIS_COMMAND_FAILED');
  });

  test('after SCRIPT FLUSH (a restarted or new node) delete falls back to EVAL and the script is cached again', async () => {
    const c = cache();
    await c.set(KEY, A, 60);
    await ctx.conn.raw('SCRIPT', 'FLUSH');
    await c.delete(KEY, A.accessToken);
    assert.equal(await c.get(KEY), null);
    const cached = (await ctx.conn.raw('SCRIPT', 'EXISTS', DELETE_IF_TOKEN.sha)) as unknown[];
    assert.deepEqual(cached.map(Number), [1]);
  });

  test('a custom prefix namespaces every key', async () => {
    await cache({ prefix: 'shop-a:' }).set(KEY, A, 60);
    assert.deepEqual(await ctx.conn.raw('KEYS', '*'), [`shop-a:token:{${KEY}}`]);
    assert.equal(await cache().get(KEY), null, 'another prefix does not see it');
  });

  test('two WeChatClients share one token through Redis: one fetch', async () => {
    const platform = await startPlatform({ tokenDelayMs: 0 });
    try {
      const make = (): WeChatClient =>
        new WeChatClient({ appId: 'wx_shared', appSecret: 'fake_app_secret_0123456789abcdef', baseUrl: platform.url, tokenCache: cache() });
      const t1 = await make().getAccessToken();
      const t2 = await make().getAccessToken();
      assert.equal(t1, t2);
      assert.equal(platform.fetches.length, 1);
      const entry = await cache().get('wxmp:access_token:wx_shared:stable');
      assert.equal(entry?.accessToken, t1);
      assert.ok((entry?.expiresAt ?? 0) > Date.now() / 1000 + 7000, 'expiresAt as announced (7200 s)');
    } finally {
      await platform.close();
    }
  });
});
