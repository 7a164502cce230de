// Property tests of RedisTokenCache's compare-and-delete and RedisLock under interleavings:
// 2–3 actors, each on its own connection (node-redis, node-redis 4 and ioredis mixed), run
// random operation sequences concurrently against a real redis-server with random yields between
// operations; every history must be linearizable against the sequential model. The same
// properties catch the non-atomic versions (GET, then DEL), so they can fail.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { TokenCache, Lock } from '../../src/client/types.js';
import { RedisLock, RedisTokenCache } from '../../src/redis/index.js';
import { clock, linearizable, type HistoryOp } from './_linearizable.js';
import { CLIENT_KINDS, connect, startRedis, type Connected, type RedisServer } from './_redis.js';

let redis: RedisServer;
let conns: Connected[] = [];
before(async () => {
  redis = await startRedis();
  conns = await Promise.all(CLIENT_KINDS.map((k) => connect(k, redis.port)));
});
after(async () => {
  await Promise.all(conns.map((c) => c.close()));
  await redis?.stop();
});

const TOKENS = ['TOKEN_A_00000000', 'TOKEN_B_00000000', 'TOKEN_C_00000000'] as const;
const KEY = 'wxmp:access_token:wx_prop:stable';
const REDIS_TOKEN_KEY = `wxmp:token:{${KEY}}`;
const LOCK = 'wxmp:lock:access_token:wx_prop:stable';
const REDIS_LOCK_KEY = `wxmp:lock:{${LOCK}}`;

/** 0: none, 1: a microtask, 2: a macrotask, 3: a 1 ms timer — different ways to let others run. */
function yieldFor(kind: number): Promise<void> | undefined {
  if (kind === 0) return undefined;
  if (kind === 1) return Promise.resolve();
  return new Promise((r) => (kind === 2 ? setImmediate(r) : setTimeout(r, 1)));
}

const step = <K extends string>(kinds: readonly K[]) =>
  fc.record({ kind: fc.constantFrom(...kinds), t: fc.integer({ min: 0, max: 2 }), pause: fc.integer({ min: 0, max: 3 }) });
const actors = <K extends string>(kinds: readonly K[]) => fc.array(fc.array(step(kinds), { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 3 });

type Cad = (cache: TokenCache, conn: Connected, expected: string) => Promise<void>;
const atomicCad: Cad = (cache, _conn, expected) => Promise.resolve(cache.delete(KEY, expected));
/** The classic bug: read, compare in the client, then delete — another write can land in between. */
const naiveCad: Cad = async (cache, conn, expected) => {
  const v = await cache.get(KEY);
  await new Promise((r) => setImmediate(r));
  if (v?.accessToken === expected) await conn.raw('DEL', REDIS_TOKEN_KEY);
};

function tokenProperty(cad: Cad) {
  return fc.asyncProperty(
    fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
    actors(['set', 'delete', 'get'] as const),
    async (initial, programs) => {
      const probe = conns[0] as Connected;
      await probe.raw('DEL', REDIS_TOKEN_KEY);
      if (initial !== undefined) await new RedisTokenCache({ client: probe.client }).set(KEY, { accessToken: TOKENS[initial] as string, expiresAt: 1 }, 60);
      const tick = clock();
      const history: HistoryOp<string | null>[] = [];
      await Promise.all(
        programs.map(async (program, a) => {
          const conn = conns[a % conns.length] as Connected;
          const cache = new RedisTokenCache({ client: conn.client });
          for (const s of program) {
            await yieldFor(s.pause);
            const t = TOKENS[s.t] as string;
            const inv = tick();
            if (s.kind === 'set') {
              await cache.set(KEY, { accessToken: t, expiresAt: 1 }, 60);
              history.push({ inv, res: tick(), label: `set ${t}`, apply: () => ({ state: t, ok: true }) });
            } else if (s.kind === 'delete') {
              await cad(cache, conn, t);
              history.push({ inv, res: tick(), label: `delete ${t}`, apply: (st) => ({ state: st === t ? null : st, ok: true }) });
            } else {
              const seen = (await cache.get(KEY))?.accessToken ?? null;
              history.push({ inv, res: tick(), label: `get → ${seen}`, apply: (st) => ({ state: st, ok: st === seen }) });
            }
          }
        }),
      );
      const final = (await new RedisTokenCache({ client: probe.client }).get(KEY))?.accessToken ?? null;
      const t = tick();
      history.push({ inv: t, res: t, label: `final → ${final}`, apply: (st) => ({ state: st, ok: st === final }) });
      const init = initial === undefined ? null : (TOKENS[initial] as string);
      return linearizable(history, init, (s) => String(s));
    },
  );
}

type Release = (lock: Lock, conn: Connected, owner: string) => Promise<void>;
const atomicRelease: Release = (lock, _conn, owner) => Promise.resolve(lock.release(LOCK, owner));
/** The classic bug: DEL without checking the owner. */
const blindRelease: Release = async (_lock, conn) => void (await conn.raw('DEL', REDIS_LOCK_KEY));

function lockProperty(release: Release) {
  return fc.asyncProperty(actors(['acquire', 'release', 'release-stale', 'peek'] as const), async (programs) => {
    const probe = conns[0] as Connected;
    await probe.raw('DEL', REDIS_LOCK_KEY);
    const tick = clock();
    const ownerOf = new Map<string, number>(); // owner token → the acquire that returned it
    const history: HistoryOp<number | null>[] = [];
    let nextAcquire = 0;
    await Promise.all(
      programs.map(async (program, a) => {
        const conn = conns[a % conns.length] as Connected;
        const lock = new RedisLock({ client: conn.client });
        let mine = 'never-acquired-owner-00';
        for (const s of program) {
          await yieldFor(s.pause);
          const inv = tick();
          if (s.kind === 'acquire') {
            const id = nextAcquire++;
            const owner = await lock.acquire(LOCK, 60_000);
            if (owner) {
              ownerOf.set(owner, id);
              mine = owner;
            }
            history.push({
              inv,
              res: tick(),
              label: `acquire#${id} → ${owner ? 'granted' : 'busy'}`,
              apply: (h) => (h === null ? { state: owner ? id : null, ok: owner !== null } : { state: h, ok: owner === null }),
            });
          } else if (s.kind === 'peek') {
            const v = (await conn.raw('GET', REDIS_LOCK_KEY)) as string | null;
            history.push({ inv, res: tick(), label: `peek → ${v}`, apply: (h) => ({ state: h, ok: v === null ? h === null : ownerOf.get(v) === h }) });
          } else {
            const owner = s.kind === 'release' ? mine : `stale-owner-token-${s.t}000`;
            await release(lock, conn, owner);
            history.push({ inv, res: tick(), label: `${s.kind}`, apply: (h) => ({ state: h !== null && ownerOf.get(owner) === h ? null : h, ok: true }) });
          }
        }
      }),
    );
    const v = (await probe.raw('GET', REDIS_LOCK_KEY)) as string | null;
    const t = tick();
    history.push({ inv: t, res: t, label: `final → ${v}`, apply: (h) => ({ state: h, ok: v === null ? h === null : ownerOf.get(v) === h }) });
    return linearizable(history, null, (s) => String(s));
  });
}

describe('linearizable under interleavings (real redis-server, mixed clients)', () => {
  test('RedisTokenCache: set / compare-and-delete / get', async () => {
    await fc.assert(tokenProperty(atomicCad), { numRuns: 150 });
  });

  test('RedisLock: acquire / release by the owner / release with a stale owner / peek', async () => {
    await fc.assert(lockProperty(atomicRelease), { numRuns: 150 });
  });

  test('the same properties catch a non-atomic compare-and-delete and an owner-blind release', async () => {
    const naive = await fc.check(tokenProperty(naiveCad), { numRuns: 300, endOnFailure: true });
    assert.equal(naive.failed, true, 'GET-then-DEL must be caught');
    const blind = await fc.check(lockProperty(blindRelease), { numRuns: 300, endOnFailure: true });
    assert.equal(blind.failed, true, 'a release that does not compare the owner must be caught');
  });
});
