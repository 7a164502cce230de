// The token side when Redis fails, per client kind, against a real redis-server that the tests
// stop, restart, pause (SIGSTOP) and resume: typed errors fast, no fetch without the shared
// state, no unhandled rejection, recovery without any action.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { WeChatClient } from '../../src/client/client.js';
import { WxmpError } from '../../src/errors.js';
import { RedisLock, RedisTokenCache } from '../../src/redis/index.js';
import { rejectsCode } from '../helpers.js';
import { startPlatform, type FakePlatform } from './_platform.js';
import { CLIENT_KINDS, connect, startRedis, until, type Connected, type RedisServer } from './_redis.js';

const unhandled: unknown[] = [];
const onUnhandled = (e: unknown): void => void unhandled.push(e);
process.on('unhandledRejection', onUnhandled);
after(() => process.off('unhandledRejection', onUnhandled));

const causeCode = (e: WxmpError): string | undefined => (e.cause instanceof WxmpError ? e.cause.code : undefined);

for (const kind of CLIENT_KINDS) {
  describe(`Redis failures (${kind})`, () => {
    let redis: RedisServer;
    let conn: Connected;
    let platform: FakePlatform;
    let app = 0;
    before(async () => {
      redis = await startRedis();
      conn = await connect(kind, redis.port);
      platform = await startPlatform({ tokenDelayMs: 0 });
    });
    after(async () => {
      await conn?.close();
      await platform?.close();
      await redis?.stop();
    });
    const client = (o: { commandTimeoutMs?: number; lock?: RedisLock } = {}): { c: WeChatClient; appId: string } => {
      const appId = `wx_failure_${++app}`;
      const c = new WeChatClient({
        appId,
        appSecret: 'fake_app_secret_0123456789abcdef',
        baseUrl: platform.url,
        tokenCache: new RedisTokenCache({ client: conn.client, ...o }),
        lock: o.lock ?? new RedisLock({ client: conn.client, ...o }),
      });
      return { c, appId };
    };

    test('Redis stopped → getAccessToken fails fast with TOKEN_CACHE_FAILED and fetches nothing; restarted → works by itself', async () => {
      const { c, appId } = client();
      await redis.stop();
      try {
        assert.ok(await until(() => !conn.ready()), 'the client noticed');
        const t0 = Date.now();
        const e = await rejectsCode(c.getAccessToken(), 'TOKEN_CACHE_FAILED');
        assert.ok(Date.now() - t0 < 1000, `failed in ${Date.now() - t0} ms`);
        assert.equal(causeCode(e), 'REDIS_UNAVAILABLE');
        assert.equal(platform.fetchesFor(appId).length, 0, 'no blind fetch without the shared cache');
      } finally {
        await redis.restart();
      }
      assert.ok(await until(() => conn.ready(), 15_000));
      assert.ok(await c.getAccessToken());
      assert.equal(platform.fetchesFor(appId).length, 1);
    });

    test('a process holding a fresh token keeps using it while Redis is down', async () => {
      const { c, appId } = client();
      const token = await c.getAccessToken();
      await redis.stop();
      try {
        assert.equal(await c.getAccessToken(), token);
        assert.equal(platform.fetchesFor(appId).length, 1);
      } finally {
        await redis.restart();
        assert.ok(await until(() => conn.ready(), 15_000));
      }
    });

    test('Redis hanging (SIGSTOP) → REDIS_TIMEOUT after commandTimeoutMs, then fail fast; after SIGCONT it works again', async () => {
      const { c } = client({ commandTimeoutMs: 300 });
      redis.pause();
      try {
        let t0 = Date.now();
        const first = await rejectsCode(c.getAccessToken(), 'TOKEN_CACHE_FAILED');
        const waited = Date.now() - t0;
        assert.equal(causeCode(first), 'REDIS_TIMEOUT');
        assert.ok(waited >= 290 && waited < 5000, `first call waited ${waited} ms`);
        t0 = Date.now();
        const second = await rejectsCode(c.getAccessToken(), 'TOKEN_CACHE_FAILED');
        assert.equal(causeCode(second), 'REDIS_UNAVAILABLE');
        assert.ok(Date.now() - t0 < 250, `the next call failed fast (${Date.now() - t0} ms)`);
      } finally {
        redis.resume();
      }
      assert.ok(
        await until(
          async () =>
            await c.getAccessToken().then(
              () => true,
              () => false,
            ),
          5000,
        ),
        'recovered by itself',
      );
    });

    test('the lock down while the cache works → TOKEN_LOCK_FAILED, no fetch', async () => {
      const dead = await connect(kind, redis.port);
      await dead.close();
      const { c, appId } = client({ lock: new RedisLock({ client: dead.client }) });
      const e = await rejectsCode(c.getAccessToken(), 'TOKEN_LOCK_FAILED');
      assert.equal(causeCode(e), 'REDIS_UNAVAILABLE');
      assert.equal(platform.fetchesFor(appId).length, 0);
    });
  });
}

test('no unhandled rejection', async () => {
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(unhandled, []);
});
