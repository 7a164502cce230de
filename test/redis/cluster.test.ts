// The adapters on a real 3-node Redis Cluster, through node-redis (current and v4) createCluster
// and ioredis Cluster: every command and script touches one key (its own hash tag), so keys spread
// over the nodes and scripts run wherever their key lives, also after SCRIPT FLUSH.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { RedisDedupeStore, RedisLock, RedisTokenCache } from '../../src/redis/index.js';
import type { RedisClientLike } from '../../src/redis/types.js';
import { createWebhook } from '../../src/server/webhook.js';
import { createSimulator } from '../../src/testing/simulator.js';
import { keys } from '../server/_kit.js';
import { CLIENT_KINDS, connect, connectCluster, startRedisCluster, type Connected, type RedisClusterServer } from './_redis.js';

let cluster: RedisClusterServer;
let nodes: Connected[] = [];
before(async () => {
  cluster = await startRedisCluster();
  nodes = await Promise.all(cluster.ports.map((p) => connect('node-redis', p)));
});
after(async () => {
  await Promise.all(nodes.map((n) => n.close()));
  await cluster?.stop();
});

const keysPerNode = async (): Promise<number[]> => Promise.all(nodes.map(async (n) => Number(await n.raw('DBSIZE'))));

for (const kind of CLIENT_KINDS) {
  describe(`on a Redis Cluster (${kind})`, () => {
    let client: RedisClientLike;
    let close: () => Promise<void>;
    before(async () => {
      ({ client, close } = await connectCluster(kind, cluster.ports));
      await Promise.all(nodes.map((n) => n.raw('FLUSHALL')));
    });
    after(async () => close?.());

    test('token cache, lock and dedupe store work for keys on every node, scripts also after SCRIPT FLUSH', async () => {
      const cache = new RedisTokenCache({ client });
      const lock = new RedisLock({ client });
      const dedupe = new RedisDedupeStore({ client });
      await Promise.all(nodes.map((n) => n.raw('SCRIPT', 'FLUSH')));
      for (let i = 0; i < 30; i++) {
        const k = `wxmp:access_token:wx${i}:stable`;
        await cache.set(k, { accessToken: `TOKEN_${i}_AAAAAAAA`, expiresAt: 1 }, 60);
        await cache.delete(k, 'TOKEN_OTHER_AAAAAAAA');
        assert.equal((await cache.get(k))?.accessToken, `TOKEN_${i}_AAAAAAAA`);
        const owner = await lock.acquire(`lock${i}`, 10_000);
        assert.ok(owner);
        assert.equal(await lock.acquire(`lock${i}`, 10_000), null);
        await lock.release(`lock${i}`, owner);
        assert.ok(await lock.acquire(`lock${i}`, 10_000), 'released');
        assert.equal(await dedupe.claim(`gh_1|${i}`, 5), 'new');
        assert.equal(await dedupe.claim(`gh_1|${i}`, 5), 'duplicate');
        await dedupe.putReply(`gh_1|${i}`, `<xml>${i}</xml>`, 60);
        assert.equal(await dedupe.getReply(`gh_1|${i}`), `<xml>${i}</xml>`);
      }
      const spread = await keysPerNode();
      assert.equal(
        spread.reduce((a, b) => a + b, 0),
        90,
        `30 token + 30 lock + 30 dedupe keys: ${spread}`,
      );
      assert.ok(
        spread.every((n) => n > 0),
        `keys on every node: ${spread}`,
      );
      await Promise.all(Array.from({ length: 30 }, (_, i) => cache.delete(`wxmp:access_token:wx${i}:stable`, `TOKEN_${i}_AAAAAAAA`)));
      assert.equal(
        (await keysPerNode()).reduce((a, b) => a + b, 0),
        60,
        'compare-and-delete ran on the right node for every key',
      );
    });

    test('a webhook on it: a retry gets the identical reply, the handler runs once', async () => {
      const sim = createSimulator(keys);
      let runs = 0;
      const webhook = createWebhook({ ...keys, dedupe: new RedisDedupeStore({ client }), handler: () => ({ msgType: 'text', content: `run ${++runs}` }) });
      const push = sim.text('hello cluster');
      const first = await (await webhook(push.request())).text();
      assert.equal(await (await webhook(push.request())).text(), first);
      assert.equal(runs, 1);
    });
  });
}
