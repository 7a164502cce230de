// The webhook side across real processes: three forked workers, each a node:http server with
// createWebhook on RedisDedupeStore (node-redis and ioredis mixed), one real redis-server that
// the tests stop, restart, pause (SIGSTOP) and resume, and a worker killed mid-handler.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createSimulator, type SimulatedPush } from '../../src/testing/simulator.js';
import { encodingAESKey, appId, token } from '../server/_kit.js';
import { eventsOf, spawnWorker, type Worker } from './_fork.js';
import { startRedis, until, type RedisServer } from './_redis.js';

const sim = createSimulator({ token, encodingAESKey, appId });
let redis: RedisServer;
let workers: Worker[] = [];
let ports: number[] = [];

before(async () => {
  redis = await startRedis();
  workers = await Promise.all((['node-redis', 'ioredis', 'node-redis@4'] as const).map((k) => spawnWorker(k, { redisPort: redis.port })));
  ports = await Promise.all(workers.map(async (w) => (await w.request<{ port: number }>({ op: 'webhook' })).port));
});

after(async () => {
  await Promise.all(workers.map((w) => w.kill()));
  await redis?.stop();
});

/** Sends the push (every call is a byte-identical retry) to 127.0.0.1:port. */
async function deliver(port: number, push: SimulatedPush): Promise<{ status: number; body: string; ms: number }> {
  const u = new URL(push.url);
  const t0 = Date.now();
  const res = await fetch(`http://127.0.0.1:${port}${u.pathname}${u.search}`, { method: 'POST', body: push.body, headers: { 'content-type': 'text/xml' } });
  return { status: res.status, body: await res.text(), ms: Date.now() - t0 };
}

const handled = (push: SimulatedPush): number => eventsOf(workers, 'handled').filter((e) => e.msgId === push.fields.MsgId).length;

async function textOf(body: string, push: SimulatedPush): Promise<string> {
  const r = await sim.readReply(new Response(body), push);
  assert.equal(r.kind, 'reply');
  return r.kind === 'reply' && r.reply.msgType === 'text' ? r.reply.content : '';
}

/** One push to all three processes at once: the handler runs once, all three replies are equal. */
async function assertOnceAcrossProcesses(content: string): Promise<void> {
  const push = sim.text(content);
  const answers = await Promise.all(ports.map((p) => deliver(p, push)));
  assert.deepEqual(
    answers.map((a) => a.status),
    [200, 200, 200],
  );
  assert.equal(new Set(answers.map((a) => a.body)).size, 1, 'three byte-identical replies');
  assert.match(await textOf(answers[0]!.body, push), new RegExp(`^${content} answered by \\d+`));
  await new Promise((r) => setTimeout(r, 50)); // let a second run's IPC report arrive, if there were one
  assert.equal(handled(push), 1, 'the handler ran once across the three processes');
}

async function allReady(): Promise<boolean> {
  const r = await Promise.all(workers.map((w) => w.request<{ ready: boolean }>({ op: 'ready' })));
  return r.every((x) => x.ready);
}

test('one push delivered to 3 processes at once → handler once, 3 identical replies (×12)', async () => {
  for (let i = 0; i < 12; i++) await assertOnceAcrossProcesses(i % 2 ? 'slow:150' : 'fast');
});

test('Redis stopped → pushes still answered < 5 s (fail open, WEBHOOK_STORE_FAILED); restarted → de-duplication works again', async () => {
  await redis.stop();
  const errorsBefore = eventsOf(workers, 'error').length;
  const push = sim.text('while down');
  const answers = await Promise.all(ports.map((p) => deliver(p, push)));
  for (const a of answers) {
    assert.equal(a.status, 200);
    assert.ok(a.ms < 5000, `answered in ${a.ms} ms`);
    assert.match(await textOf(a.body, push), /^while down answered by/, 'the handler ran (fail open)');
  }
  const errors = eventsOf(workers, 'error').slice(errorsBefore);
  assert.ok(errors.length >= 3 && errors.every((e) => e.code === 'WEBHOOK_STORE_FAILED' && e.cause === 'REDIS_UNAVAILABLE'), JSON.stringify(errors));
  await redis.restart(); // same port, empty
  assert.ok(await until(allReady, 15_000), 'every client reconnected by itself');
  await assertOnceAcrossProcesses('after restart');
});

test('Redis hanging (SIGSTOP) → pushes answered < 5 s; after SIGCONT de-duplication works again', async () => {
  redis.pause();
  try {
    const errorsBefore = eventsOf(workers, 'error').length;
    const push = sim.text('while hung');
    const answers = await Promise.all(ports.map((p) => deliver(p, push)));
    for (const a of answers) {
      assert.ok(a.ms < 5000, `answered in ${a.ms} ms`);
      assert.match(await textOf(a.body, push), /^while hung answered by/);
    }
    const errors = eventsOf(workers, 'error').slice(errorsBefore);
    assert.ok(
      errors.some((e) => e.code === 'WEBHOOK_STORE_FAILED' && e.cause === 'REDIS_TIMEOUT'),
      JSON.stringify(errors),
    );
  } finally {
    redis.resume();
  }
  assert.ok(await until(allReady, 15_000));
  await assertOnceAcrossProcesses('after resume');
});

test('the claim of a process killed mid-handler expires: a later retry runs the handler (at-least-once on a crash)', async () => {
  const victim = await spawnWorker('ioredis', { redisPort: redis.port, victim: true });
  const short = { op: 'webhook', deadlineMs: 1000 } as const; // in-flight claim TTL: 1 s + 3 s
  const victimPort = (await victim.request<{ port: number }>(short)).port;
  const survivorPort = (await workers[0]!.request<{ port: number }>(short)).port;
  const push = sim.text('hang');
  void deliver(victimPort, push).catch(() => {}); // never answered: the victim is killed
  assert.ok(await until(() => victim.events.some((e) => e.event === 'handled')), 'the victim claimed the push and started the handler');
  await victim.kill('SIGKILL');
  const during = await deliver(survivorPort, push); // a retry while the dead claim lives
  assert.equal(during.body, 'success', 'no stored reply: the waiter answers success at its deadline');
  assert.equal(handled(push), 0);
  // WeChat's later retries: one of them finds the claim gone and runs the handler.
  let later = during;
  for (let i = 0; i < 10 && later.body === 'success'; i++) later = await deliver(survivorPort, push);
  assert.match(await textOf(later.body, push), /^hang answered by/);
  assert.equal(handled(push), 1, 'the survivor ran the handler');
  assert.ok(eventsOf(workers, 'error').some((e) => e.code === 'WEBHOOK_DUPLICATE_UNANSWERED'));
});

test('no unhandled rejection in any worker', () => {
  assert.deepEqual(eventsOf(workers, 'unhandled'), []);
});
