// The webhook end to end over node:http on 127.0.0.1: wxmp's toNodeListener (in-memory, no and
// Redis de-duplication) vs the node-webot `wechat` middleware, all answering a safe-mode text push
// with an encrypted echo. The Redis rows use a throw-away local redis-server (scripts/redis-server.mjs).
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { startRedis } from '../../scripts/redis-server.mjs';
import { median } from '../lib/harness.mjs';
import { assertEchoReply, makePool } from '../lib/push.mjs';
import { percentile, runLoad } from '../lib/load.mjs';

const CONCURRENCY = 32;

function start(impl, wxmpUrl, extra) {
  const worker = new Worker(new URL('../lib/webhook-server.mjs', import.meta.url), { workerData: { impl, wxmpUrl, ...extra } });
  return new Promise((resolve, reject) => {
    worker.once('message', ({ port }) => resolve({ worker, port }));
    worker.once('error', reject);
  });
}

export default async function webhookCase({ wxmpUrl, peers }, { quick }) {
  const description =
    `Each server runs in its own worker thread; the load generator (raw keep-alive sockets, ${CONCURRENCY} requests in flight) runs on the main thread. ` +
    'Every request is a unique safe-mode text push (fresh MsgId, nonce and timestamp, built with raw node:crypto before the round); every reply is checked for status 200, ' +
    'and one in 200 is fully verified (msg_signature, decryption, echoed text). wxmp runs with its defaults (de-duplication on, timestamp window on); ' +
    'node-webot gets `req.query` from URLSearchParams, the cheapest equivalent of Express. The floor is node:http running the raw in-process floor pipeline (no validation, no limits): the ceiling any node:http webhook can reach here. Rounds are interleaved; the median round is reported.';
  const servers = [
    { name: 'wxmp toNodeListener(createWebhook(…))', impl: 'wxmp' },
    { name: 'wxmp, same with dedupe: false', impl: 'wxmp-nodedupe' },
    { name: 'wxmp, same with RedisDedupeStore (node-redis)', impl: 'wxmp-redis-node' },
    { name: 'wxmp, same with RedisDedupeStore (ioredis)', impl: 'wxmp-redis-io' },
  ];
  if (peers.webot) servers.push({ name: 'wechat (node-webot) middleware', impl: 'webot' });
  servers.push({ name: 'floor: node:http + raw floor pipeline', impl: 'floor' });
  let redis;
  let redisError;
  try {
    redis = await startRedis();
  } catch (error) {
    redisError = `no local redis-server: ${String(error?.message ?? error).split('\n')[0]}`.slice(0, 160);
  }
  for (const s of servers) {
    try {
      if (s.impl.startsWith('wxmp-redis') && !redis) throw new Error(redisError);
      Object.assign(s, await start(s.impl, wxmpUrl, { redisPort: redis?.port }));
    } catch (error) {
      s.error = String(error?.message ?? error).slice(0, 160);
    }
  }
  const live = servers.filter((s) => !s.error);
  const seconds = quick ? 1.5 : 3;
  const rounds = quick ? 2 : 3; // 3 s × 3 rounds × 6 servers ≈ 60 s
  let pool = [];
  const need = (n) => {
    if (pool.length < n) pool = pool.concat(makePool(n - pool.length));
  };
  const next = () => (pool.length ? pool.pop() : makePool(1)[0]);
  const validate = (status, body, i) => {
    if (status !== 200) return false;
    if (i % 200 === 0) {
      try {
        assertEchoReply(body, `echo #${i}`);
      } catch {
        return false;
      }
    }
    return true;
  };
  const rate = new Map();
  console.log(`\nwebhook over HTTP: ${live.map((s) => s.name).join(' vs ')} — ${rounds} rounds × ${seconds} s, ${CONCURRENCY} in flight`);
  for (const s of live) {
    // warm-up (not recorded)
    need(20000);
    const r = await runLoad({ port: s.port, ms: 1000, concurrency: CONCURRENCY, next, validate });
    rate.set(s, r.done / r.seconds);
    s.rounds = [];
  }
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < live.length; k++) {
      const s = live[(k + round) % live.length];
      need(Math.ceil(rate.get(s) * seconds * 1.5) + 1000);
      const elu0 = performance.eventLoopUtilization();
      const selu0 = s.worker.performance.eventLoopUtilization();
      const r = await runLoad({ port: s.port, ms: seconds * 1000, concurrency: CONCURRENCY, next, validate });
      const clientBusy = performance.eventLoopUtilization(elu0).utilization;
      const serverBusy = s.worker.performance.eventLoopUtilization(selu0).utilization;
      const lat = Float64Array.from(r.latencies).sort();
      const row = { rps: r.done / r.seconds, p50: percentile(lat, 50), p99: percentile(lat, 99), errors: r.errors, requests: r.done, serverBusy, clientBusy };
      rate.set(s, row.rps);
      s.rounds.push(row);
      console.log(
        `  round ${round + 1} ${s.name.padEnd(40)} ${row.rps.toFixed(0).padStart(7)} req/s  p50 ${row.p50.toFixed(2)} ms  p99 ${row.p99.toFixed(2)} ms  errors ${row.errors}  busy: server ${(serverBusy * 100).toFixed(0)}% client ${(clientBusy * 100).toFixed(0)}%`,
      );
    }
  }
  const redisRows = live.filter((s) => s.impl.startsWith('wxmp-redis'));
  const roundTrips = redis && redisRows.length ? await countRoundTrips(redis, redisRows, next, validate) : undefined;
  for (const s of live) {
    s.rps = median(s.rounds.map((r) => r.rps));
    s.p50 = median(s.rounds.map((r) => r.p50));
    s.p99 = median(s.rounds.map((r) => r.p99));
    s.errors = s.rounds.reduce((a, r) => a + r.errors, 0);
    s.worker.postMessage('close');
    delete s.worker;
  }
  pool = [];
  await redis?.stop();
  const byImpl = Object.fromEntries(live.map((s) => [s.impl, s]));
  if (byImpl.wxmp) {
    for (const s of redisRows)
      console.log(
        `  ${s.name}: ${s.rps.toFixed(0)} req/s (p99 ${s.p99.toFixed(2)} ms) = ${(s.rps / byImpl.wxmp.rps).toFixed(2)}× the in-memory store; ${roundTrips?.perPush[s.impl]?.toFixed(2)} Redis round trips per push`,
      );
  }
  if (byImpl.wxmp && byImpl.webot) {
    console.log(
      `  median: wxmp ${byImpl.wxmp.rps.toFixed(0)} req/s (p99 ${byImpl.wxmp.p99.toFixed(2)} ms) vs node-webot ${byImpl.webot.rps.toFixed(0)} req/s (p99 ${byImpl.webot.p99.toFixed(2)} ms): ${(byImpl.wxmp.rps / byImpl.webot.rps).toFixed(2)}×`,
    );
  }
  if (byImpl.wxmp && byImpl.floor)
    console.log(
      `  wxmp reaches ${(byImpl.wxmp.rps / byImpl.floor.rps).toFixed(2)}× the HTTP floor${byImpl.webot ? `; the floor itself is ${(byImpl.floor.rps / byImpl.webot.rps).toFixed(2)}× node-webot` : ''}`,
    );
  return { description, concurrency: CONCURRENCY, seconds, rounds, servers, wxmp: byImpl.wxmp, webot: byImpl.webot, floor: byImpl.floor, redis: roundTrips };
}

/**
 * Redis commands executed per push on the happy path (each is one round trip: nothing is
 * pipelined), from redis-server's own INFO commandstats over 1 s of load on each Redis row.
 */
async function countRoundTrips(redis, rows, next, validate) {
  const { createClient } = createRequire(import.meta.url)('redis');
  const probe = await createClient({ url: redis.url })
    .on('error', () => {})
    .connect();
  const perPush = {};
  try {
    for (const s of rows) {
      await probe.sendCommand(['CONFIG', 'RESETSTAT']);
      const r = await runLoad({ port: s.port, ms: 1000, concurrency: CONCURRENCY, next, validate });
      await new Promise((resolve) => setTimeout(resolve, 200)); // the webhook does not await putReply
      const stats = String(await probe.sendCommand(['INFO', 'commandstats']));
      const calls = [...stats.matchAll(/^cmdstat_(\w+):calls=(\d+)/gm)].filter(([, name]) => name !== 'info' && name !== 'config');
      perPush[s.impl] = calls.reduce((n, [, , c]) => n + Number(c), 0) / r.done;
    }
    const version = /redis_version:(\S+)/.exec(String(await probe.sendCommand(['INFO', 'server'])))?.[1];
    return { version, perPush };
  } finally {
    await probe.quit();
  }
}
