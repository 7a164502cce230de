// The command runner: client recognition by shape, readiness, per-command timeout and the
// fail-fast period after it, EVALSHA → EVAL on NOSCRIPT, and secrets scrubbed from client errors.
// Shapes that a real server cannot produce on demand (a client that never answers, a sync throw)
// use small fakes; the rest runs against a real redis-server with real node-redis and ioredis.
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { WxmpError } from '../../src/errors.js';
import { RedisDedupeStore, RedisLock, RedisTokenCache } from '../../src/redis/index.js';
import { CommandRunner, Script } from '../../src/redis/runner.js';
import { rejectsCode, throwsCode } from '../helpers.js';
import { connect, startRedis, type Connected, type RedisServer } from './_redis.js';

/** A node-redis-shaped fake whose answers the test decides. */
function fakeNodeRedis(answer: (args: string[]) => Promise<unknown> | unknown) {
  const sent: string[][] = [];
  const client = {
    isReady: true,
    sendCommand: (args: string[]) => {
      sent.push(args);
      return answer(args) as Promise<unknown>;
    },
  };
  return { client, sent };
}

const never = (): Promise<unknown> => new Promise(() => {});
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('client recognition', () => {
  test('ioredis is driven through call(), even though it also has a sendCommand()', async () => {
    const calls: unknown[][] = [];
    const io = {
      status: 'ready',
      call: async (...a: unknown[]) => {
        calls.push(a);
        return 'OK';
      },
      sendCommand: () => assert.fail('ioredis sendCommand takes a Command object'),
    };
    assert.equal(await new CommandRunner(io, 1000).run(['SET', 'k', 'v'], 'k'), 'OK');
    assert.deepEqual(calls, [['SET', 'k', 'v']]);
  });

  test('a node-redis cluster gets the key as its routing argument', async () => {
    const calls: unknown[][] = [];
    const cluster = {
      isOpen: true,
      isReady: true,
      masters: [],
      sendCommand: async (...a: unknown[]) => {
        calls.push(a);
        return null;
      },
    };
    assert.equal(await new CommandRunner(cluster, 1000).run(['GET', 'the-key'], 'the-key'), null);
    assert.deepEqual(calls, [['the-key', false, ['GET', 'the-key']]]);
    cluster.isReady = false;
    await rejectsCode(new CommandRunner(cluster, 1000).run(['GET', 'k'], 'k'), 'REDIS_UNAVAILABLE');
    const v4 = { isOpen: true, masters: [], sendCommand: async () => null }; // node-redis 4 clusters have no isReady
    assert.equal(await new CommandRunner(v4, 1000).run(['GET', 'k'], 'k'), null);
    v4.isOpen = false;
    await rejectsCode(new CommandRunner(v4, 1000).run(['GET', 'k'], 'k'), 'REDIS_UNAVAILABLE');
  });

  test('anything else is INVALID_CONFIG', () => {
    for (const c of [undefined, null, 42, 'redis://x', {}, { sendCommand: () => {} }, { call: () => {} }, { isReady: true }, { status: 'ready', call: 1 }]) {
      throwsCode(() => new RedisTokenCache({ client: c as never }), 'INVALID_CONFIG');
    }
    throwsCode(() => new RedisLock(undefined as never), 'INVALID_CONFIG');
  });

  test('options: prefix up to 128 characters without braces; commandTimeoutMs in (0, 60000]', () => {
    const { client } = fakeNodeRedis(() => 'OK');
    assert.ok(new RedisDedupeStore({ client, prefix: 'p'.repeat(128) }));
    throwsCode(() => new RedisDedupeStore({ client, prefix: 'p'.repeat(129) }), 'INVALID_CONFIG');
    for (const prefix of ['a{b', 'a}', 42]) throwsCode(() => new RedisDedupeStore({ client, prefix: prefix as string }), 'INVALID_CONFIG');
    assert.ok(new RedisLock({ client, commandTimeoutMs: 60_000 }));
    assert.ok(new RedisLock({ client, commandTimeoutMs: 0.5 }));
    for (const t of [0, -1, 60_001, Number.NaN, Infinity, '100']) throwsCode(() => new RedisLock({ client, commandTimeoutMs: t as number }), 'INVALID_CONFIG');
  });

  test('an empty or non-string key is INVALID_ARGUMENT, before any command', async () => {
    const { client, sent } = fakeNodeRedis(() => 'OK');
    await rejectsCode(new RedisTokenCache({ client }).get(''), 'INVALID_ARGUMENT');
    await rejectsCode(new RedisLock({ client }).acquire(7 as never, 100), 'INVALID_ARGUMENT');
    assert.equal(sent.length, 0);
  });
});

describe('failing fast instead of hanging', () => {
  test('a client that lost its connection fails at once with REDIS_UNAVAILABLE and is sent nothing', async () => {
    const { client, sent } = fakeNodeRedis(() => 'v');
    const r = new CommandRunner(client, 1000);
    assert.equal(await r.run(['GET', 'k'], 'k'), 'v');
    client.isReady = false;
    await rejectsCode(r.run(['GET', 'k'], 'k'), 'REDIS_UNAVAILABLE');
    assert.equal(sent.length, 1);
    const io = { status: 'ready', call: async () => 'v' };
    const ri = new CommandRunner(io, 1000);
    await ri.run(['GET', 'k'], 'k');
    io.status = 'reconnecting';
    await rejectsCode(ri.run(['GET', 'k'], 'k'), 'REDIS_UNAVAILABLE');
  });

  test('a client that was never ready yet (cold start) gets the command, bounded by the timeout', async () => {
    const { client, sent } = fakeNodeRedis(never);
    client.isReady = false;
    const r = new CommandRunner(client, 30);
    await rejectsCode(r.run(['GET', 'k'], 'k'), 'REDIS_TIMEOUT');
    assert.equal(sent.length, 1);
    await rejectsCode(r.run(['GET', 'k'], 'k'), 'REDIS_UNAVAILABLE'); // then the fail-fast period
    assert.equal(sent.length, 1);
  });

  test('no answer → REDIS_TIMEOUT; then fail fast; one probe per period; an answer closes it', async () => {
    let answer: (args: string[]) => Promise<unknown> = never;
    const { client, sent } = fakeNodeRedis((a) => answer(a));
    const r = new CommandRunner(client, 40);
    await rejectsCode(r.run(['GET', 'a'], 'a'), 'REDIS_TIMEOUT');
    await rejectsCode(r.run(['GET', 'b'], 'b'), 'REDIS_UNAVAILABLE');
    assert.equal(sent.length, 1, 'nothing more was queued on the hung client');
    await sleep(60);
    const probe = r.run(['GET', 'c'], 'c'); // the period is over: one probe goes out …
    await rejectsCode(r.run(['GET', 'd'], 'd'), 'REDIS_UNAVAILABLE'); // … and only one
    await rejectsCode(probe, 'REDIS_TIMEOUT');
    assert.equal(sent.length, 2);
    await sleep(60);
    answer = async () => 'v';
    assert.equal(await r.run(['GET', 'e'], 'e'), 'v');
    assert.equal(await r.run(['GET', 'f'], 'f'), 'v', 'healthy again');
  });

  test('a late answer to a timed-out command ends the fail-fast period at once', async () => {
    let release: (v: unknown) => void = () => {};
    let answer: () => Promise<unknown> = () => new Promise((resolve) => (release = resolve));
    const { client } = fakeNodeRedis(() => answer());
    const r = new CommandRunner(client, 30);
    await rejectsCode(r.run(['GET', 'a'], 'a'), 'REDIS_TIMEOUT');
    release('late');
    await sleep(0);
    answer = async () => 'now';
    assert.equal(await r.run(['GET', 'b'], 'b'), 'now');
  });

  test('a late rejection of a timed-out command is not an unhandled rejection', async () => {
    const seen: unknown[] = [];
    const onUnhandled = (e: unknown): void => void seen.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      let fail: (e: unknown) => void = () => {};
      const { client } = fakeNodeRedis(() => new Promise((_, reject) => (fail = reject)));
      await rejectsCode(new CommandRunner(client, 20).run(['GET', 'a'], 'a'), 'REDIS_TIMEOUT');
      fail(new Error('Socket closed unexpectedly'));
      await sleep(20);
      assert.deepEqual(seen, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  test('errors the client raises itself (closed, socket) are REDIS_UNAVAILABLE; errors Redis answered are REDIS_COMMAND_FAILED', async () => {
    const cases: [unknown, string][] = [
      [new TypeError('The client is closed'), 'REDIS_UNAVAILABLE'],
      [new Error('Connection is closed.'), 'REDIS_UNAVAILABLE'],
      [Object.assign(new Error('ECONNRESET'), { errno: -104 }), 'REDIS_UNAVAILABLE'],
      ['a string', 'REDIS_UNAVAILABLE'],
      [new Error('WRONGTYPE Operation against a key holding the wrong kind of value'), 'REDIS_COMMAND_FAILED'],
      [Object.assign(new Error('anything'), { name: 'ReplyError' }), 'REDIS_COMMAND_FAILED'],
    ];
    for (const [error, code] of cases) {
      const { client } = fakeNodeRedis(() => Promise.reject(error));
      await rejectsCode(new CommandRunner(client, 1000).run(['GET', 'k'], 'k'), code as 'REDIS_UNAVAILABLE');
    }
    const sync = fakeNodeRedis(() => {
      throw new TypeError('The client is closed');
    });
    const e = await rejectsCode(new CommandRunner(sync.client, 1000).run(['GET', 'k'], 'k'), 'REDIS_UNAVAILABLE');
    assert.match(e.message, /client is closed/);
  });
});

describe('replies of an unexpected type', () => {
  test('are REDIS_COMMAND_FAILED, never misread', async () => {
    const { client } = fakeNodeRedis(() => 42);
    const d = new RedisDedupeStore({ client });
    const t = new RedisTokenCache({ client });
    for (const call of [
      () => new RedisLock({ client }).acquire('k', 100),
      () => t.get('k'),
      () => t.set('k', { accessToken: 'TOKEN_AAAAAAAA', expiresAt: 1 }, 10),
      () => d.claim('k', 5),
      () => d.putReply('k', 'x', 5),
      () => d.getReply('k'),
    ]) {
      const e = await rejectsCode(call(), 'REDIS_COMMAND_FAILED');
      assert.match(e.message, /unexpected reply to Redis (SET|GET)/);
    }
  });
});

describe('scripts and secrets', () => {
  test('EVALSHA first; EVAL only on NOSCRIPT; other errors are not retried', async () => {
    const script = new Script('return 1');
    assert.match(script.sha, /^[0-9a-f]{40}$/);
    const { client, sent } = fakeNodeRedis((a) => (a[0] === 'EVALSHA' ? Promise.reject(new Error('NOSCRIPT No matching script. Please use EVAL.')) : 1));
    assert.equal(await new CommandRunner(client, 1000).script(script, 'k', ['x']), 1);
    assert.deepEqual(sent, [
      ['EVALSHA', script.sha, '1', 'k', 'x'],
      ['EVAL', 'return 1', '1', 'k', 'x'],
    ]);
    const other = fakeNodeRedis(() => Promise.reject(new Error('BUSY Redis is busy running a script')));
    await rejectsCode(new CommandRunner(other.client, 1000).script(script, 'k', []), 'REDIS_COMMAND_FAILED');
    assert.equal(other.sent.length, 1);
    const hung = fakeNodeRedis(never);
    await rejectsCode(new CommandRunner(hung.client, 20).script(script, 'k', []), 'REDIS_TIMEOUT');
    assert.equal(hung.sent.length, 1);
  });

  test('client errors lose the command values, URL credentials and token parameters', async () => {
    const token = 'ACCESS_TOKEN_VALUE_0123456789';
    const reply = '<xml><Content>private reply</Content></xml>';
    const { client } = fakeNodeRedis((a) => {
      const e = new Error(`ERR near ${a.slice(2).join(' ')} via redis://app:hunter2-password@10.0.0.1:6379 access_token=${token}`);
      Object.assign(e, { command: { name: a[0], args: a.slice(1) } }); // as ioredis attaches
      return Promise.reject(e);
    });
    const errors: unknown[] = [];
    errors.push(await new RedisTokenCache({ client }).set('k', { accessToken: token, expiresAt: 1 }, 60).catch((e: unknown) => e));
    errors.push(await new RedisTokenCache({ client }).delete('k', token).catch((e: unknown) => e));
    errors.push(await new RedisDedupeStore({ client }).putReply('k', reply, 60).catch((e: unknown) => e));
    for (const e of errors) {
      assert.ok(e instanceof WxmpError);
      const all = [
        e.message,
        e.stack,
        JSON.stringify(e),
        inspect(e, { depth: 5 }),
        inspect((e as { cause?: unknown }).cause, { depth: 5 }),
        String(((e as { cause?: { cause?: unknown } }).cause?.cause as Error | undefined)?.stack),
      ].join('\n');
      for (const secret of [token, 'hunter2-password', 'private reply']) assert.ok(!all.includes(secret), `${secret} leaked: ${all}`);
      assert.match(all, /ERR near/, 'the useful part stays');
    }
  });
});

describe('against a real redis-server', () => {
  let redis: RedisServer;
  let conns: Connected[] = [];
  before(async () => {
    redis = await startRedis();
    conns = await Promise.all((['node-redis', 'ioredis'] as const).map((k) => connect(k, redis.port)));
  });
  after(async () => {
    await Promise.all(conns.map((c) => c.close()));
    await redis?.stop();
  });

  test('cold start: a client used right after it was created (not ready yet) answers the first command', async () => {
    const { createRequire } = await import('node:module');
    const require = createRequire(import.meta.url);
    const Redis = require('ioredis') as new (
      o: object,
    ) => { status: string; call(...a: string[]): Promise<unknown>; on(e: string, f: () => void): void; disconnect(): void };
    const io = new Redis({ host: '127.0.0.1', port: redis.port });
    io.on('error', () => {});
    const { createClient } = require('redis') as {
      createClient(o: object): {
        isReady: boolean;
        sendCommand(a: string[]): Promise<unknown>;
        connect(): Promise<unknown>;
        on(e: string, f: () => void): unknown;
        quit(): Promise<unknown>;
      };
    };
    const nr = createClient({ url: redis.url });
    nr.on('error', () => {});
    const connecting = nr.connect(); // not awaited, as in a serverless cold start
    try {
      assert.notEqual(io.status, 'ready');
      assert.equal(nr.isReady, false);
      assert.equal(await new RedisDedupeStore({ client: io }).claim('cold-io', 5), 'new');
      assert.equal(await new RedisDedupeStore({ client: nr }).claim('cold-nr', 5), 'new');
    } finally {
      io.disconnect();
      await connecting;
      await nr.quit();
    }
  });

  test("a Redis error inside a script carries neither the token nor the client's command args", async () => {
    const token = 'TOKEN_IN_ARGV_abcdefghijkl';
    for (const c of conns) {
      await c.raw('DEL', 'wxmp:token:{wrongtype}');
      await c.raw('RPUSH', 'wxmp:token:{wrongtype}', 'x'); // GET inside the script → WRONGTYPE
      const e = await rejectsCode(new RedisTokenCache({ client: c.client }).delete('wrongtype', token), 'REDIS_COMMAND_FAILED');
      assert.match(e.message, /WRONGTYPE/);
      const cause = (e as { cause?: unknown }).cause as Record<string, unknown>;
      assert.equal(cause.command, undefined, `${c.kind}: the client's command (with ARGV) is not kept`);
      assert.ok(!`${e.message}${e.stack}${inspect(e, { depth: 5 })}`.includes(token), c.kind);
    }
  });
});
