// Open Platform tokens across real processes: forked workers, each with its own ComponentClient on
// RedisTokenCache + RedisLock (node-redis and ioredis mixed) and one shared refresh-token store; a
// real redis-server; the fake platform over HTTP, which logs every token request.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { RedisLock, RedisTokenCache } from '../../src/redis/index.js';
import { ComponentClient } from '../../src/open-platform/client.js';
import { createFakeWeChatApi, type FakeWeChatApi } from '../../src/testing/fake-api/index.js';
import { serveFetch } from '../open-platform/_kit.js';
import { eventsOf, spawnWorker, type Worker } from './_fork.js';
import { open, redisAuthorizerStore } from './_open.js';
import { connect, startRedis, type Connected, type RedisServer } from './_redis.js';

type Settled = { values: unknown[]; errors: string[] };

let redis: RedisServer;
let probe: Connected;
let api: FakeWeChatApi;
let server: { url: string; close: () => Promise<void> };
let workers: Worker[] = [];
const tokenKey = (name: string): string => `wxmp:token:{wxmp:${name}}`;

before(async () => {
  redis = await startRedis();
  probe = await connect('node-redis', redis.port);
  api = createFakeWeChatApi({ component: { appId: open.componentAppId, appSecret: open.componentAppSecret }, latencyMs: 40 });
  server = await serveFetch((url, init) => api.fetch(url, init));
  // the instance that received the ticket push and the authorization (same Redis, same store)
  const first = new ComponentClient({
    ...open,
    baseUrl: server.url,
    tokenCache: new RedisTokenCache({ client: probe.client }),
    lock: new RedisLock({ client: probe.client }),
    authorizerStore: redisAuthorizerStore(probe.raw),
  });
  await first.saveVerifyTicket(api.component.issueTicket());
  const url = await first.preAuthUrl({ redirectUri: 'https://saas.example.com/authorized' });
  await first.queryAuth(api.component.authorize(url, { authorizerAppId: open.authorizerAppId }).authorizationCode);
  const env = { redisPort: redis.port, platformUrl: server.url };
  workers = await Promise.all((['node-redis', 'ioredis', 'node-redis', 'ioredis'] as const).map((k) => spawnWorker(k, env)));
});

after(async () => {
  await Promise.all(workers.map((w) => w.kill()));
  await probe?.close();
  await server?.close();
  await redis?.stop();
});

const run = async (op: 'component-token' | 'authorizer-api', n: number): Promise<Settled[]> => Promise.all(workers.map((w) => w.request<Settled>({ op, n })));

test('4 processes × 100 concurrent authorizer calls on a cold cache → exactly 1 api_authorizer_token', async () => {
  await probe.raw('DEL', tokenKey(`authorizer_access_token:${open.componentAppId}:${open.authorizerAppId}`));
  const before = api.callsTo('/cgi-bin/component/api_authorizer_token').length;
  const results = await run('authorizer-api', 100);
  assert.deepEqual(
    results.flatMap((r) => r.errors),
    [],
  );
  assert.equal(results.flatMap((r) => r.values).length, 400);
  assert.equal(api.callsTo('/cgi-bin/component/api_authorizer_token').length - before, 1);
});

test('the authorizer token expires at the platform → 4 × 100 calls, exactly 1 refresh, every call succeeds', async () => {
  await run('authorizer-api', 1); // every process has used the current token
  const before = api.callsTo('/cgi-bin/component/api_authorizer_token').length;
  api.component.expireAuthorizerTokens(open.authorizerAppId); // 42001 from now on
  const results = await run('authorizer-api', 100);
  assert.deepEqual(
    results.flatMap((r) => r.errors),
    [],
  );
  assert.equal(results.flatMap((r) => r.values).length, 400);
  assert.equal(api.callsTo('/cgi-bin/component/api_authorizer_token').length - before, 1, 'exactly one refresh after the expiry');
});

test('4 processes × 50 concurrent getComponentAccessToken on a cold cache → exactly 1 api_component_token, one token', async () => {
  await probe.raw('DEL', tokenKey(`component_access_token:${open.componentAppId}`));
  const before = api.callsTo('/cgi-bin/component/api_component_token').length;
  const results = await run('component-token', 50);
  assert.deepEqual(
    results.flatMap((r) => r.errors),
    [],
  );
  assert.equal(new Set(results.flatMap((r) => r.values)).size, 1);
  assert.equal(api.callsTo('/cgi-bin/component/api_component_token').length - before, 1);
});

test('revoked everywhere: the store entry deleted → every process answers OPEN_NOT_AUTHORIZED, no refresh attempted', async () => {
  await redisAuthorizerStore(probe.raw).delete(open.authorizerAppId);
  await probe.raw('DEL', tokenKey(`authorizer_access_token:${open.componentAppId}:${open.authorizerAppId}`));
  const before = api.callsTo('/cgi-bin/component/api_authorizer_token').length;
  const results = await run('authorizer-api', 10);
  assert.deepEqual([...new Set(results.flatMap((r) => r.errors))], ['OPEN_NOT_AUTHORIZED']);
  assert.equal(api.callsTo('/cgi-bin/component/api_authorizer_token').length, before);
});

test('no unhandled rejection in any worker', () => {
  assert.deepEqual(eventsOf(workers, 'unhandled'), []);
});
