// RedisLock against a real redis-server, with node-redis (current and v4) and ioredis.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RedisLock } from '../../src/redis/index.js';
import { RELEASE_IF_OWNER } from '../../src/redis/lock.js';
import { rejectsCode } from '../helpers.js';
import { forEachClient } from './_each.js';
import { until } from './_redis.js';

const KEY = 'wxmp:lock:access_token:wx123:stable';
const REDIS_KEY = `wxmp:lock:{${KEY}}`;

forEachClient('RedisLock', (ctx) => {
  const lock = (): RedisLock => new RedisLock({ client: ctx.conn.client });

  test('acquire → a 128-bit owner token with PX = ttlMs; held → null; the owner releases', async () => {
    const l = lock();
    const owner = await l.acquire(KEY, 15_000);
    assert.match(owner ?? '', /^[A-Za-z0-9_-]{22}$/);
    assert.equal(await ctx.conn.raw('GET', REDIS_KEY), owner);
    const pttl = Number(await ctx.conn.raw('PTTL', REDIS_KEY));
    assert.ok(pttl > 14_000 && pttl <= 15_000, `PTTL ${pttl}`);
    assert.equal(await lock().acquire(KEY, 15_000), null, 'another instance cannot take it');
    await l.release(KEY, owner as string);
    assert.equal(await ctx.conn.raw('EXISTS', REDIS_KEY), 0);
    assert.ok(await lock().acquire(KEY, 15_000));
  });

  test('a release with any other owner token leaves the lock alone', async () => {
    const owner = await lock().acquire(KEY, 15_000);
    for (const other of ['', 'x', 'not-the-owner-token-00', `${owner}x`]) await lock().release(KEY, other);
    assert.equal(await ctx.conn.raw('GET', REDIS_KEY), owner);
  });

  test('an expired holder cannot free the lock the next holder took', async () => {
    const first = await lock().acquire(KEY, 60);
    assert.ok(first);
    let second: string | null = null;
    assert.ok(await until(async () => (second = await lock().acquire(KEY, 15_000)) !== null, 5000), 'free again after its TTL');
    await lock().release(KEY, first);
    assert.equal(await ctx.conn.raw('GET', REDIS_KEY), second);
  });

  test('owner tokens are unique', async () => {
    const owners = await Promise.all(Array.from({ length: 200 }, (_, i) => lock().acquire(`k${i}`, 5000)));
    assert.equal(new Set(owners).size, 200);
  });

  test('TTL boundary: 0.2 ms rounds up to 1 ms; 0, negatives and NaN are INVALID_ARGUMENT', async () => {
    assert.ok(await lock().acquire('tiny', 0.2));
    for (const t of [0, -5, Number.NaN, Infinity]) await rejectsCode(lock().acquire(KEY, t), 'INVALID_ARGUMENT');
    assert.equal(await ctx.conn.raw('EXISTS', REDIS_KEY), 0);
  });

  test('release falls back to EVAL after SCRIPT FLUSH', async () => {
    const owner = await lock().acquire(KEY, 15_000);
    await ctx.conn.raw('SCRIPT', 'FLUSH');
    await lock().release(KEY, owner as string);
    assert.equal(await ctx.conn.raw('EXISTS', REDIS_KEY), 0);
    assert.deepEqual(((await ctx.conn.raw('SCRIPT', 'EXISTS', RELEASE_IF_OWNER.sha)) as unknown[]).map(Number), [1]);
  });
});
