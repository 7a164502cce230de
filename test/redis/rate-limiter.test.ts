// RedisRateLimiter against a real redis-server, with node-redis (current and v4) and ioredis: one
// bucket per caller shared by every instance, refilled on the Redis clock, expiring once full.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RedisRateLimiter } from '../../src/redis/index.js';
import { TAKE_TOKEN } from '../../src/redis/rate-limiter.js';
import { rejectsCode } from '../helpers.js';
import { forEachClient } from './_each.js';
import { until } from './_redis.js';

forEachClient('RedisRateLimiter', (ctx) => {
  const limiter = (): RedisRateLimiter => new RedisRateLimiter({ client: ctx.conn.client });

  test('a burst, then refused with the seconds until one token; two instances spend the same bucket', async () => {
    const limit = { perMinute: 6, burst: 3 };
    const [a, b] = [limiter(), limiter()];
    assert.deepEqual(await a.take('proxy:biz', limit), { allowed: true, retryAfterSeconds: 0 });
    assert.deepEqual(await b.take('proxy:biz', limit), { allowed: true, retryAfterSeconds: 0 });
    assert.deepEqual(await a.take('proxy:biz', limit), { allowed: true, retryAfterSeconds: 0 });
    const refused = await b.take('proxy:biz', limit);
    assert.equal(refused.allowed, false);
    assert.ok(refused.retryAfterSeconds >= 5 && refused.retryAfterSeconds <= 10, `one token per 10 s: ${refused.retryAfterSeconds}`);
    assert.equal((await a.take('proxy:other', limit)).allowed, true, 'buckets are per caller');
  });

  test('concurrent takes never hand out more than the burst (the script is atomic)', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? limiter() : limiter()).take('token:many', { perMinute: 1, burst: 10 })));
    assert.equal(results.filter((r) => r.allowed).length, 10);
  });

  test('the bucket refills at the rate; the key expires once the bucket is full again', async () => {
    const limit = { perMinute: 600, burst: 2 }; // one token per 100 ms
    const l = limiter();
    await l.take('refill', limit);
    await l.take('refill', limit);
    assert.equal((await l.take('refill', limit)).allowed, false);
    assert.ok(await until(async () => (await l.take('refill', limit)).allowed, 2000), 'a token is back after ~100 ms');
    const pttl = Number(await ctx.conn.raw('PTTL', 'wxmp:rate:{refill}'));
    assert.ok(pttl > 0 && pttl <= 1200, `expires once full (PTTL ${pttl})`);
    assert.equal((await ctx.conn.raw('HGET', 'wxmp:rate:{refill}', 'at')) !== null, true);
  });

  test('a bad limit is INVALID_ARGUMENT; a foreign value under the key is a fresh bucket, not an error; NOSCRIPT falls back to EVAL', async () => {
    await rejectsCode(limiter().take('x', { perMinute: 0, burst: 1 }), 'INVALID_ARGUMENT');
    await rejectsCode(limiter().take('x', { perMinute: 1, burst: 0 }), 'INVALID_ARGUMENT');
    await ctx.conn.raw('HSET', 'wxmp:rate:{odd}', 'tokens', 'abc', 'at', 'xyz');
    assert.equal((await limiter().take('odd', { perMinute: 60, burst: 1 })).allowed, true);
    await ctx.conn.raw('SCRIPT', 'FLUSH');
    assert.equal((await limiter().take('after-flush', { perMinute: 60, burst: 1 })).allowed, true);
    assert.equal(await ctx.conn.raw('SCRIPT', 'EXISTS', TAKE_TOKEN.sha).then((r) => (r as number[])[0]), 1, 'EVAL cached the script again');
    await ctx.conn.raw('SET', 'wxmp:rate:{wrongtype}', 'x');
    await rejectsCode(limiter().take('wrongtype', { perMinute: 60, burst: 1 }), 'REDIS_COMMAND_FAILED');
  });
});
