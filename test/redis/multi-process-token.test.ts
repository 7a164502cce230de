// The token side across real processes: forked workers, each with its own WeChatClient on
// RedisTokenCache + RedisLock (node-redis and ioredis mixed), a real redis-server and a fake
// platform that counts token fetches.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { spawnWorker, eventsOf, type Worker } from './_fork.js';
import { startPlatform, type FakePlatform } from './_platform.js';
import { connect, startRedis, type Connected, type RedisServer } from './_redis.js';

type Settled = { values: string[]; errors: string[] };

let redis: RedisServer;
let platform: FakePlatform;
let probe: Connected;
let workers: Worker[] = [];

before(async () => {
  redis = await startRedis();
  platform = await startPlatform();
  probe = await connect('node-redis', redis.port);
  const env = { redisPort: redis.port, platformUrl: platform.url };
  workers = await Promise.all((['node-redis', 'ioredis', 'node-redis', 'ioredis'] as const).map((k) => spawnWorker(k, env)));
});

after(async () => {
  await Promise.all(workers.map((w) => w.kill()));
  await probe?.close();
  await platform?.close();
  await redis?.stop();
});

test('4 processes × 250 concurrent getAccessToken → exactly 1 token fetch, 1 000 equal tokens', async () => {
  const appId = 'wx_cold_start';
  const results = await Promise.all(workers.map((w) => w.request<Settled>({ op: 'tokens', appId, n: 250 })));
  assert.deepEqual(
    results.flatMap((r) => r.errors),
    [],
  );
  const tokens = results.flatMap((r) => r.values);
  assert.equal(tokens.length, 1000);
  assert.equal(new Set(tokens).size, 1, 'every process got the same token');
  assert.equal(platform.fetchesFor(appId).length, 1, 'exactly one fetch at the platform');
  assert.equal(tokens[0], platform.fetchesFor(appId)[0]?.token);
});

test('a 40001 storm across 4 processes → exactly 1 refresh, every call succeeds', async () => {
  const appId = 'wx_storm';
  await Promise.all(workers.map((w) => w.request({ op: 'tokens', appId, n: 1 })));
  assert.equal(platform.fetchesFor(appId).length, 1);
  platform.revokeAll(); // the cached token is now rejected with 40001 everywhere
  const rejectedBefore = platform.calls.rejected;
  const results = await Promise.all(workers.map((w) => w.request<Settled>({ op: 'api', appId, n: 100 })));
  assert.deepEqual(
    results.flatMap((r) => r.errors),
    [],
  );
  assert.equal(results.flatMap((r) => r.values).length, 400, 'all 400 calls succeeded');
  assert.ok(platform.calls.rejected - rejectedBefore >= 4, 'the storm happened in every process');
  assert.equal(platform.fetchesFor(appId).length, 2, 'exactly one refresh after the storm');
});

test('a lock holder killed with SIGKILL → another process refreshes once the lock TTL has passed', async () => {
  const appId = 'wx_killed_holder';
  const lockTtlMs = 2000;
  const victim = await spawnWorker('ioredis', { redisPort: redis.port, platformUrl: platform.url });
  const held = platform.holdNextTokenRequest();
  victim.fire({ op: 'tokens', appId, n: 5, lockTtlMs });
  await held; // the victim holds the refresh lock and waits for the platform
  await victim.kill('SIGKILL');
  const sentAt = Date.now();
  const left = Number(await probe.raw('PTTL', `wxmp:lock:{wxmp:lock:access_token:${appId}:stable}`));
  assert.ok(left > 0 && left <= lockTtlMs, `the dead holder's lock is still there (PTTL ${left})`);
  const r = await workers[1]!.request<Settled>({ op: 'tokens', appId, n: 50, lockTtlMs });
  assert.deepEqual(r.errors, []);
  assert.equal(new Set(r.values).size, 1);
  const fetches = platform.fetchesFor(appId);
  assert.equal(fetches.length, 2, 'the held fetch and one refresh by the survivor');
  assert.equal(r.values[0], fetches[1]?.token);
  // The survivor could only take the lock after it expired (5 ms for Redis's expiry granularity).
  assert.ok((fetches[1]?.at ?? 0) >= sentAt + left - 5, `refreshed ${(fetches[1]?.at ?? 0) - sentAt} ms after the kill; lock had ${left} ms left`);
});

test('no unhandled rejection in any worker', () => {
  assert.deepEqual(eventsOf(workers, 'unhandled'), []);
});
