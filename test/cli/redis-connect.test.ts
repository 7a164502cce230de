// `wxmp token-server --config` with a redisUrl: the user's own library, connected and closed, on a
// real redis-server; a missing library is a usage error that says what to install.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connectRedis } from '../../src/cli/redis-connect.js';
import { type RedisServer, startRedis } from '../redis/_redis.js';

describe('connectRedis on a real redis-server', { timeout: 120_000 }, () => {
  let redis: RedisServer;
  before(async () => {
    redis = await startRedis();
  });
  after(() => redis.stop());

  for (const library of ['redis', 'ioredis'] as const) {
    it(`${library}: connects, answers a command, closes (twice without throwing)`, async () => {
      const warnings: string[] = [];
      const c = await connectRedis(redis.url, library, (m) => void warnings.push(m), 10_000);
      assert.equal(c.library, library);
      const client = c.client as unknown as { sendCommand?: (a: string[]) => Promise<unknown>; call?: (...a: string[]) => Promise<unknown> };
      const pong = library === 'redis' ? await client.sendCommand?.(['PING']) : await client.call?.('PING');
      assert.equal(pong, 'PONG');
      await c.close();
      await c.close(); // the connection is gone: closing again falls back to destroy/disconnect
      assert.deepEqual(warnings, []);
    });
  }

  it('the first installed library is used when none is preferred', async () => {
    const c = await connectRedis(redis.url, undefined, () => {}, 10_000);
    assert.equal(c.library, 'redis');
    await c.close();
  });

  it('a library that is not installed is a usage error naming what to install', async () => {
    await assert.rejects(
      connectRedis(redis.url, 'no-such-redis-lib' as never, () => {}, 1000),
      /neither no-such-redis-lib is installed: npm install no-such-redis-lib/,
    );
  });
});
