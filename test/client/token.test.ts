import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { WeChatClient } from '../../src/client/client.js';
import { WxmpError } from '../../src/errors.js';
import { MemoryLock, MemoryTokenCache } from '../../src/client/memory.js';
import type { TokenCache, TokenCacheEntry } from '../../src/client/types.js';
import { createFakeWeChatApi } from '../../src/testing/fake-api/index.js';
import { rejectsCode } from '../helpers.js';
import { SECRET, kit } from './_kit.js';

test('1000 concurrent getAccessToken() → exactly one upstream token request', async () => {
  const { api, client } = kit();
  const tokens = await Promise.all(Array.from({ length: 1000 }, () => client.getAccessToken()));
  assert.equal(api.callsTo('/cgi-bin/stable_token').length, 1);
  assert.equal(new Set(tokens).size, 1);
  // cached afterwards
  await client.getAccessToken();
  assert.equal(api.calls.length, 1);
});

test('classic mode: 1000 concurrent → one /cgi-bin/token, secret only in the query of that call', async () => {
  const { api, client } = kit({ tokenMode: 'classic' });
  await Promise.all(Array.from({ length: 1000 }, () => client.getAccessToken()));
  const calls = api.callsTo('/cgi-bin/token');
  assert.equal(calls.length, 1);
  assert.equal(calls[0]?.method, 'GET');
  assert.equal(calls[0]?.query['grant_type'], 'client_credential');
  assert.equal(api.callsTo('/cgi-bin/stable_token').length, 0);
});

test('stable_token request shape: POST JSON, normal mode, no token in the URL', async () => {
  const { api, client } = kit();
  await client.getAccessToken();
  const [c] = api.callsTo('/cgi-bin/stable_token');
  assert.equal(c?.method, 'POST');
  assert.deepEqual(c?.body, { grant_type: 'client_credential', appid: api.appId, secret: SECRET });
  assert.deepEqual(c?.query, {});
  assert.match(c?.headers['content-type'] ?? '', /application\/json/);
});

test('refreshes ≥ 300 s before expiry, not earlier', async () => {
  const { api, client, clock } = kit({ tokenMode: 'classic' });
  const t1 = await client.getAccessToken();
  clock.t += 7200 - 301;
  assert.equal(await client.getAccessToken(), t1);
  clock.t += 1; // now exactly 300 s before expiry → stale
  const t2 = await client.getAccessToken();
  assert.notEqual(t2, t1);
  assert.equal(api.callsTo('/cgi-bin/token').length, 2);
});

test('forceRefresh sends force_refresh in stable mode and bypasses the cache', async () => {
  const { api, client } = kit();
  const t1 = await client.getAccessToken();
  const t2 = await client.getAccessToken({ forceRefresh: true });
  assert.notEqual(t1, t2);
  assert.equal((api.callsTo('/cgi-bin/stable_token')[1]?.body as Record<string, unknown> | undefined)?.['force_refresh'], true);
  assert.equal(await client.getAccessToken(), t2);
});

test('concurrent 40001 failures on the same old token → one refresh, each call retried once', async () => {
  const { api, client, clock } = kit({ tokenMode: 'classic' });
  const old = await client.getAccessToken();
  // another process refreshes; after the overlap our token is "not latest"
  api.issueToken('classic');
  clock.t += 301;
  const results = await Promise.all(Array.from({ length: 50 }, (_, i) => client.request('/cgi-bin/user/get', { query: { i } })));
  assert.equal(results.length, 50);
  assert.equal(api.callsTo('/cgi-bin/token').length, 2, 'exactly one refresh');
  const userCalls = api.callsTo('/cgi-bin/user/get');
  assert.equal(userCalls.length, 100, 'each call sent twice: once with the old token, once with the new');
  assert.equal(userCalls.filter((c) => c.query['access_token'] === old).length, 50);
  for (let i = 0; i < 50; i++) assert.equal(userCalls.filter((c) => c.query['i'] === String(i)).length, 2);
});

test('a second token rejection surfaces the error (no loop)', async () => {
  const { api, client } = kit();
  await client.getAccessToken();
  api.script('/cgi-bin/menu/get', 40001, 40001, 40001);
  const e = await rejectsCode(client.request('/cgi-bin/menu/get'), 'API_ERROR');
  assert.equal(e.errcode, 40001);
  assert.equal(api.callsTo('/cgi-bin/menu/get').length, 2);
});

test('42001 and 40014 also trigger one refresh + retry; a POST send is retried after 40001 (it was not delivered)', async () => {
  for (const code of [42001, 40014, 40001]) {
    const { api, client } = kit();
    await client.getAccessToken();
    api.script('/cgi-bin/message/custom/send', code);
    await client.request('/cgi-bin/message/custom/send', { body: { touser: 'o1', msgtype: 'text', text: { content: '你好' } } });
    assert.equal(api.callsTo('/cgi-bin/message/custom/send').length, 2, `errcode ${code}`);
  }
});

test('compare-and-invalidate does not delete a newer token', async () => {
  const cache = new MemoryTokenCache();
  const entry: TokenCacheEntry = { accessToken: 'NEWER_TOKEN_123456', expiresAt: 9_999_999_999 };
  cache.set('k', entry, 100);
  cache.delete('k', 'OLD_TOKEN_12345678');
  assert.deepEqual(cache.get('k'), entry);
  cache.delete('k', 'NEWER_TOKEN_123456');
  assert.equal(cache.get('k'), null);

  // end to end: a slow 40001 on an old token arrives after another client stored a newer one
  const clock = { t: 1_700_000_000 };
  const api = createFakeWeChatApi({ now: () => clock.t, appSecret: SECRET });
  const shared = new MemoryTokenCache({ now: () => clock.t });
  const mk = (): WeChatClient =>
    new WeChatClient({ appId: api.appId, appSecret: SECRET, fetch: api.fetch, tokenMode: 'classic', tokenCache: shared, now: () => clock.t });
  const a = mk();
  const b = mk();
  const old = await a.getAccessToken();
  const newer = await b.getAccessToken({ forceRefresh: true });
  assert.notEqual(old, newer);
  clock.t += 301; // `old` is now "not latest"
  api.script('/cgi-bin/user/get', (call) => (call.query['access_token'] === old ? 40001 : { total: 0 }));
  await a.request('/cgi-bin/user/get');
  // the invalidation compared against `old` and left `newer` in place: no third token fetch
  assert.equal(api.callsTo('/cgi-bin/token').length, 2);
  assert.equal(shared.get(`wxmp:access_token:${api.appId}:classic`)?.accessToken, newer);
});

test('two clients sharing one cache and a lock: double-check after acquiring → one upstream fetch', async () => {
  const clock = { t: 1_700_000_000 };
  const api = createFakeWeChatApi({ now: () => clock.t, appSecret: SECRET, latencyMs: 5 });
  const cache = new MemoryTokenCache({ now: () => clock.t });
  const lock = new MemoryLock({ now: () => clock.t });
  const mk = (): WeChatClient =>
    new WeChatClient({
      appId: api.appId,
      appSecret: SECRET,
      fetch: api.fetch,
      tokenMode: 'classic',
      tokenCache: cache,
      lock,
      now: () => clock.t,
      sleep: () => new Promise((r) => setTimeout(r, 1)),
    });
  const [a, b] = [mk(), mk()];
  const [ta, tb] = await Promise.all([a.getAccessToken(), b.getAccessToken()]);
  assert.equal(ta, tb);
  assert.equal(api.callsTo('/cgi-bin/token').length, 1);
});

test('lock held elsewhere and no token appears → TOKEN_LOCK_TIMEOUT; an old token still inside its overlap is used instead', async () => {
  const { api, client, clock, sleeps } = kit({ tokenMode: 'classic', lock: { acquire: () => null, release: () => {} }, lockWaitMs: 1000 });
  await rejectsCode(client.getAccessToken(), 'TOKEN_LOCK_TIMEOUT');
  assert.ok(sleeps.length > 1 && sleeps.reduce((a, b) => a + b, 0) >= 1000, 'polled with backoff up to the bound');
  assert.equal(api.calls.length, 0);

  // with a previously known token that is stale (inside skew) but still valid
  let held = false;
  const k2 = kit({ tokenMode: 'classic', lock: { acquire: () => (held ? null : 'owner'), release: () => {} }, lockWaitMs: 200 });
  const t1 = await k2.client.getAccessToken();
  held = true;
  k2.clock.t += 7200 - 100; // stale (within 300 s) but valid for 100 s more
  assert.equal(await k2.client.getAccessToken(), t1);
  k2.clock.t += 100; // now expired
  await rejectsCode(k2.client.getAccessToken(), 'TOKEN_LOCK_TIMEOUT');
  void clock;
});

test('a lock holder that stores a token while we poll: we pick it up without fetching', async () => {
  const cache = new MemoryTokenCache();
  const clock = { t: 1_700_000_000 };
  const api = createFakeWeChatApi({ now: () => clock.t, appSecret: SECRET });
  let polls = 0;
  const client = new WeChatClient({
    appId: api.appId,
    appSecret: SECRET,
    fetch: api.fetch,
    tokenCache: cache,
    now: () => clock.t,
    lock: { acquire: () => null, release: () => {} },
    sleep: async () => {
      if (++polls === 3) cache.set(`wxmp:access_token:${api.appId}:stable`, { accessToken: 'TOKEN_FROM_OTHER_PROCESS', expiresAt: clock.t + 7200 }, 6900);
    },
  });
  assert.equal(await client.getAccessToken(), 'TOKEN_FROM_OTHER_PROCESS');
  assert.equal(api.calls.length, 0);
  assert.equal(polls, 3);
});

test('lock acquire throwing → TOKEN_LOCK_FAILED, no token fetched; release throwing is ignored', async () => {
  const { api, client } = kit({
    lock: {
      acquire: () => {
        throw new Error('redis down');
      },
      release: () => {},
    },
  });
  await rejectsCode(client.getAccessToken(), 'TOKEN_LOCK_FAILED');
  assert.equal(api.calls.length, 0, 'no blind fetch');
  const warnings: string[] = [];
  const k = kit({ lock: { acquire: () => 'me', release: () => Promise.reject(new Error('gone')) }, logger: { warn: (m) => warnings.push(m) } });
  assert.ok(await k.client.getAccessToken());
  assert.ok(warnings.some((w) => w.includes('release')));
});

test('configuration errors on token fetch → API_TOKEN_CONFIG, no retry, negative-cached', async () => {
  for (const code of [40013, 40125, 40164, 41002, 41004, 40002, 40243]) {
    const { api, client, clock } = kit();
    api.script('/cgi-bin/stable_token', code);
    const e = await rejectsCode(client.getAccessToken(), 'API_TOKEN_CONFIG');
    assert.equal(e.errcode, code);
    assert.equal(api.calls.length, 1, 'no retry');
    // second call within the window throws without a fetch
    const again = await rejectsCode(client.request('/cgi-bin/menu/get'), 'API_TOKEN_CONFIG');
    assert.equal(again.errcode, code);
    assert.equal(api.calls.length, 1);
    clock.t += 10;
    await client.getAccessToken();
    assert.equal(api.calls.length, 2, 'window over: fetched again');
  }
});

test('wrong secret against the fake → API_TOKEN_CONFIG 40125', async () => {
  const api = createFakeWeChatApi();
  const client = new WeChatClient({ appId: api.appId, appSecret: 'wrong_secret_value', fetch: api.fetch });
  assert.equal((await rejectsCode(client.getAccessToken(), 'API_TOKEN_CONFIG')).errcode, 40125);
});

test('45009 (daily quota) on token fetch: no retry and negative-cached; on a business call: no retry', async () => {
  const { api, client } = kit();
  api.script('/cgi-bin/stable_token', 45009);
  assert.equal((await rejectsCode(client.getAccessToken(), 'API_ERROR')).errcode, 45009);
  await rejectsCode(client.getAccessToken(), 'API_ERROR');
  assert.equal(api.calls.length, 1);

  const k = kit();
  k.api.script('/cgi-bin/user/get', 45009);
  assert.equal((await rejectsCode(k.client.request('/cgi-bin/user/get'), 'API_ERROR')).errcode, 45009);
  assert.equal(k.api.callsTo('/cgi-bin/user/get').length, 1);
});

test('-1 on token fetch is retried (bounded)', async () => {
  const { api, client, sleeps } = kit();
  api.script('/cgi-bin/stable_token', -1, -1);
  assert.ok(await client.getAccessToken());
  assert.equal(api.calls.length, 3);
  assert.equal(sleeps.length, 2);
});

test('token responses are validated before caching', async () => {
  for (const bad of [
    { access_token: '', expires_in: 7200 },
    { access_token: 'has space in it', expires_in: 7200 },
    { access_token: 'GOOD_TOKEN_1234', expires_in: 'x' },
    { access_token: 'GOOD_TOKEN_1234' },
    { access_token: 'GOOD_TOKEN_1234', expires_in: -5 },
    { expires_in: 7200 },
  ]) {
    const { api, client } = kit();
    api.script('/cgi-bin/stable_token', bad);
    await rejectsCode(client.getAccessToken(), 'TOKEN_INVALID_RESPONSE');
  }
  const { api, client } = kit();
  api.script('/cgi-bin/stable_token', { access_token: 'GOOD_TOKEN_1234', expires_in: '7200' });
  assert.equal(await client.getAccessToken(), 'GOOD_TOKEN_1234');
});

test('expires_in is clamped: TTL = clamp(expires_in, 60, 7200) − skew', async () => {
  const sets: number[] = [];
  const mem = new MemoryTokenCache();
  const cache: TokenCache = {
    get: (k) => mem.get(k),
    set: (k, v, ttl) => {
      sets.push(ttl);
      mem.set(k, v, ttl);
    },
    delete: (k, t) => mem.delete(k, t),
  };
  const { api, client } = kit({ tokenCache: cache });
  api.script('/cgi-bin/stable_token', { access_token: 'LONG_LIVED_TOKEN_1', expires_in: 10000 });
  await client.getAccessToken();
  assert.deepEqual(sets, [6900]);
  api.script('/cgi-bin/stable_token', { access_token: 'SHORT_LIVED_TOKEN_1', expires_in: 30 });
  assert.equal(await client.getAccessToken({ forceRefresh: true }), 'SHORT_LIVED_TOKEN_1');
  assert.deepEqual(sets, [6900], 'a token within the skew is used but not cached');
});

test('corrupt cache entries are misses; a throwing cache is TOKEN_CACHE_FAILED unless this process holds a fresh token', async () => {
  for (const junk of [
    { accessToken: 1, expiresAt: 2 },
    'string',
    { accessToken: 'GOOD_TOKEN_1234', expiresAt: 'later' },
    { accessToken: 'x y', expiresAt: 9e9 },
    42,
  ]) {
    const cache: TokenCache = { get: () => junk as unknown as TokenCacheEntry, set: () => {}, delete: () => {} };
    const { api, client } = kit({ tokenCache: cache });
    assert.ok(await client.getAccessToken());
    assert.equal(api.calls.length, 1);
  }
  let broken = false;
  const mem = new MemoryTokenCache();
  const warnings: string[] = [];
  const flaky: TokenCache = {
    get: (k) => {
      if (broken) throw new Error('ECONNRESET');
      return mem.get(k);
    },
    set: (k, v, t) => {
      if (broken) throw new Error('ECONNRESET');
      mem.set(k, v, t);
    },
    delete: (k, t) => {
      if (broken) throw new Error('ECONNRESET');
      mem.delete(k, t);
    },
  };
  const { api, client } = kit({ tokenCache: flaky, logger: { warn: (m) => warnings.push(m) } });
  await rejectsCode(
    new WeChatClient({
      appId: 'wxabc',
      appSecret: SECRET,
      fetch: api.fetch,
      tokenCache: {
        get: () => {
          throw new Error('down');
        },
        set: () => {},
        delete: () => {},
      },
    }).getAccessToken(),
    'TOKEN_CACHE_FAILED',
  );
  const t = await client.getAccessToken();
  broken = true;
  assert.equal(await client.getAccessToken(), t, 'fresh in-process token used while the cache is down');
  assert.ok(warnings.length > 0);
  // set failing: the fetched token is still returned
  const k = kit({
    tokenCache: {
      get: () => null,
      set: () => {
        throw new Error('read-only');
      },
      delete: () => {
        throw new Error('x');
      },
    },
  });
  assert.ok(await k.client.getAccessToken());
  // delete failing during a 40001 retry is tolerated
  k.api.script('/cgi-bin/menu/get', 40001);
  await k.client.request('/cgi-bin/menu/get');
  assert.equal(k.api.callsTo('/cgi-bin/menu/get').length, 2);
});

test('async caches (Promise-returning) work the same', async () => {
  const mem = new MemoryTokenCache();
  const cache: TokenCache = { get: async (k) => mem.get(k), set: async (k, v, t) => mem.set(k, v, t), delete: async (k, t) => mem.delete(k, t) };
  const { api, client } = kit({ tokenCache: cache });
  await Promise.all(Array.from({ length: 100 }, () => client.getAccessToken()));
  assert.equal(api.calls.length, 1);
});

test('a hung cache cannot block callers forever: the refresh has its own timeout', async () => {
  let hang = false;
  const mem = new MemoryTokenCache();
  const { client } = kit({
    refreshTimeoutMs: 20,
    tokenCache: { get: (k) => mem.get(k), set: () => (hang ? new Promise(() => {}) : undefined), delete: () => {} },
  });
  hang = true;
  await rejectsCode(client.getAccessToken(), 'HTTP_TIMEOUT');
  hang = false;
  assert.ok(await client.getAccessToken(), 'the next call starts a new refresh');
});

test('tokenProvider (中控): wxmp never calls the token endpoints; on 40001 the provider is asked again once with the rejected token', async () => {
  const api = createFakeWeChatApi();
  const seen: { forceRefresh: boolean; rejectedToken?: string }[] = [];
  const provider = async (ctx: { forceRefresh: boolean; rejectedToken?: string }): Promise<string> => {
    seen.push(ctx);
    return api.issueToken('classic').value;
  };
  const client = new WeChatClient({ appId: api.appId, fetch: api.fetch, tokenProvider: provider });
  api.script('/cgi-bin/user/get', 40001);
  await client.request('/cgi-bin/user/get');
  assert.equal(api.callsTo('/cgi-bin/stable_token').length + api.callsTo('/cgi-bin/token').length, 0);
  assert.equal(seen.length, 2);
  assert.equal(seen[1]?.rejectedToken, api.callsTo('/cgi-bin/user/get')[0]?.query['access_token']);
  // string results are not memoised: the provider is the cache
  await client.getAccessToken();
  assert.equal(seen.length, 3);
  await client.getAccessToken({ forceRefresh: true });
  assert.equal(seen[3]?.forceRefresh, true);
});

test('tokenProvider object results are reused until expiresAt − skew; bad results are TOKEN_INVALID_RESPONSE', async () => {
  const clock = { t: 1_700_000_000 };
  let n = 0;
  const client = new WeChatClient({
    appId: 'wxprov',
    now: () => clock.t,
    fetch: async () => new Response('{}'),
    tokenProvider: async () => ({ accessToken: `PROVIDED_TOKEN_${++n}`, expiresAt: clock.t + 3600 }),
  });
  assert.equal(await client.getAccessToken(), 'PROVIDED_TOKEN_1');
  assert.equal(await client.getAccessToken(), 'PROVIDED_TOKEN_1');
  clock.t += 3301;
  assert.equal(await client.getAccessToken(), 'PROVIDED_TOKEN_2');
  for (const bad of [async () => '', async () => ({ accessToken: 'x' }), async () => null]) {
    const c = new WeChatClient({ appId: 'wxprov', tokenProvider: bad as never });
    await rejectsCode(c.getAccessToken(), 'TOKEN_INVALID_RESPONSE');
  }
  const failing = new WeChatClient({
    appId: 'wxprov',
    tokenProvider: async () => {
      throw new Error('central down');
    },
  });
  await rejectsCode(failing.getAccessToken(), 'TOKEN_PROVIDER_FAILED');
  const passthrough = new WeChatClient({
    appId: 'wxprov',
    tokenProvider: async () => {
      throw new WxmpError('HTTP_NETWORK', 'central down');
    },
  });
  await rejectsCode(passthrough.getAccessToken(), 'HTTP_NETWORK');
  const expired = new WeChatClient({
    appId: 'wxprov',
    now: () => clock.t,
    tokenProvider: async () => ({ accessToken: 'EXPIRED_TOKEN_1', expiresAt: clock.t - 1 }),
  });
  assert.equal(await expired.getAccessToken(), 'EXPIRED_TOKEN_1');
});

test('race (fc.scheduler): any interleaving of getAccessToken and 40001 retries → one refresh per rejection, every call succeeds', async () => {
  await fc.assert(
    fc.asyncProperty(fc.scheduler(), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 6 }), async (s, gets, requests) => {
      const clock = { t: 1_700_000_000 };
      const api = createFakeWeChatApi({ now: () => clock.t, appSecret: SECRET });
      const cache = new MemoryTokenCache({ now: () => clock.t });
      const scheduledCache: TokenCache = {
        get: s.scheduleFunction(async (k: string) => cache.get(k)),
        set: s.scheduleFunction(async (k: string, v: TokenCacheEntry, t: number) => cache.set(k, v, t)),
        delete: s.scheduleFunction(async (k: string, t: string) => cache.delete(k, t)),
      };
      const fetch = s.scheduleFunction(async (u: string, i: RequestInit) => api.fetch(u, i));
      const client = new WeChatClient({ appId: api.appId, appSecret: SECRET, fetch, tokenCache: scheduledCache, now: () => clock.t, tokenMode: 'classic' });
      const old = await s.waitFor(client.getAccessToken());
      api.issueToken('classic'); // someone else refreshed: `old` dies after the overlap
      clock.t += 301;
      const all = [
        ...Array.from({ length: gets }, () => client.getAccessToken()),
        ...Array.from({ length: requests }, () => client.request('/cgi-bin/user/get')),
      ];
      await s.waitFor(Promise.all(all));
      const tokenFetches = api.callsTo('/cgi-bin/token').length;
      // first fetch + at most one refresh for the rejection (getAccessToken alone still sees `old` as fresh)
      assert.ok(tokenFetches <= 2, `token fetched ${tokenFetches} times`);
      if (requests > 0) assert.equal(tokenFetches, 2);
      assert.ok(api.callsTo('/cgi-bin/user/get').length <= requests * 2);
      void old;
    }),
    { numRuns: 60 },
  );
});

test('double-check after acquiring: a client that gets the lock after another one refreshed re-reads the cache and does not fetch', async () => {
  const clock = { t: 1_700_000_000 };
  const api = createFakeWeChatApi({ now: () => clock.t, appSecret: SECRET });
  const cache = new MemoryTokenCache({ now: () => clock.t });
  const lock = new MemoryLock({ now: () => clock.t });
  let aDone!: () => void;
  const aFinished = new Promise<void>((r) => (aDone = r));
  const acquiredByB: (string | null)[] = [];
  const common = { appId: api.appId, appSecret: SECRET, fetch: api.fetch, tokenMode: 'classic' as const, tokenCache: cache, now: () => clock.t };
  const a = new WeChatClient({ ...common, lock });
  const b = new WeChatClient({
    ...common,
    // B reaches the lock only after A has fetched, stored and released
    lock: {
      acquire: async (k, ttl) => {
        await aFinished;
        const owner = lock.acquire(k, ttl);
        acquiredByB.push(owner);
        return owner;
      },
      release: (k, o) => lock.release(k, o),
    },
  });
  const pb = b.getAccessToken();
  const ta = await a.getAccessToken();
  aDone();
  assert.equal(await pb, ta);
  assert.equal(acquiredByB.length, 1);
  assert.ok(acquiredByB[0], 'B did acquire the lock');
  assert.equal(api.callsTo('/cgi-bin/token').length, 1, 'B re-read the cache instead of fetching');
});
