// Compile-time proof that the real client types of node-redis (current and v4, client and
// cluster) and ioredis (Redis and Cluster) are accepted as `client` without a cast, and that other
// objects are not. `tsc --noEmit` fails if one of them stops compiling or a `@ts-expect-error`
// becomes unused. The runtime part only builds adapters on stand-ins of those shapes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Cluster as IoCluster, Redis as IoRedis } from 'ioredis';
import type { RedisClientType, RedisClusterType } from 'redis';
import type { RedisClientType as RedisClientType4, RedisClusterType as RedisClusterType4 } from 'redis4';
import { RedisDedupeStore, RedisLock, RedisTokenCache, type RedisAdapterOptions } from '../../src/redis/index.js';

type Client = RedisAdapterOptions['client'];

export function accepts(a: RedisClientType, b: RedisClusterType, c: RedisClientType4, d: RedisClusterType4, e: IoRedis, f: IoCluster): Client[] {
  return [a, b, c, d, e, f];
}

export function rejects(): void {
  // @ts-expect-error — a URL is not a client
  void new RedisLock({ client: 'redis://127.0.0.1:6379' });
  // @ts-expect-error — an object without the methods wxmp calls
  void new RedisTokenCache({ client: { get: () => null } });
}

test('adapters build on stand-ins of each accepted shape', () => {
  const shapes: Client[] = [
    { isReady: true, sendCommand: async () => null },
    { isOpen: true, masters: [], sendCommand: async () => null },
    { status: 'ready', call: async () => null },
  ];
  for (const client of shapes) {
    assert.ok(new RedisTokenCache({ client }) && new RedisLock({ client }) && new RedisDedupeStore({ client }));
  }
});
