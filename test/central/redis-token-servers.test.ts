// Two `wxmp token-server` processes (the CLI, spawned) on one real redis-server: they share the
// token cache, the refresh lock and the rate limits, so both starting at once costs one token
// fetch; killing one (SIGKILL) leaves the other serving, and business clients that know both
// URLs fail over.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { remoteTokenProvider } from '../../src/central/remote-provider.js';
import { connect, startRedis, until, type Connected, type RedisServer } from '../redis/_redis.js';
import { startCli, type RunningCli } from './_cli.js';
import { APP_ID, assertNoSecret, BIZ_KEY, OTHER_KEY, SECRET, servePlatform, withKey } from './_kit.js';

let redis: RedisServer;
let probe: Connected;
let platform: Awaited<ReturnType<typeof servePlatform>>;
let servers: RunningCli[] = [];

before(async () => {
  redis = await startRedis();
  probe = await connect('node-redis', redis.port);
  platform = await servePlatform();
  platform.api.setLatency(150, '/cgi-bin/stable_token'); // a slow fetch: both servers are inside the race
  const env = {
    REDIS_URL: redis.url,
    WECHAT_BASE_URL: platform.url,
    WECHAT_APP_ID: APP_ID,
    WECHAT_APP_SECRET: SECRET,
    WXMP_CLIENT_KEYS: `${BIZ_KEY},${OTHER_KEY}`,
  };
  servers = await Promise.all([
    startCli(['token-server', '--port', '0'], { ...env, WXMP_REDIS_CLIENT: 'redis' }),
    startCli(['token-server', '--port', '0'], { ...env, WXMP_REDIS_CLIENT: 'ioredis' }),
  ]);
});

after(async () => {
  await Promise.all(servers.map((s) => s.stop('SIGKILL')));
  await probe?.close();
  await platform?.close();
  await redis?.stop();
});

const token = async (url: string, key = BIZ_KEY): Promise<{ status: number; token: string }> => {
  const r = await fetch(`${url}/token?appid=${APP_ID}`, withKey(key));
  const body = (await r.json()) as { access_token?: string };
  return { status: r.status, token: body.access_token ?? '' };
};

test('two token servers on one Redis (node-redis and ioredis): both warm up at start → exactly 1 token fetch', { timeout: 60_000 }, async () => {
  for (const s of servers) assert.match(s.output(), /Redis: redis:\/\/127\.0\.0\.1:\d+ \((redis|ioredis)\)/);
  assert.ok(await until(async () => (await probe.raw('EXISTS', `wxmp:token:{wxmp:access_token:${APP_ID}:stable}`)) === 1), 'the token is in Redis');
  const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => token((servers[i % 2] as RunningCli).url)));
  assert.ok(answers.every((a) => a.status === 200));
  assert.equal(new Set(answers.map((a) => a.token)).size, 1);
  assert.equal(platform.tokenFetches(), 1, 'one fetch for both instances');
});

test('SIGKILL one: the other keeps serving (also a rejection → one refresh); a provider with both URLs fails over', { timeout: 60_000 }, async () => {
  const [victim, survivor] = servers as [RunningCli, RunningCli];
  const before = (await token(survivor.url)).token;
  assert.equal(await victim.stop('SIGKILL'), 'SIGKILL');
  assert.equal((await token(survivor.url)).token, before);
  const provider = remoteTokenProvider({ url: [victim.url, survivor.url], key: OTHER_KEY, timeoutMs: 2000 });
  const got = await provider({ appId: APP_ID, forceRefresh: false });
  assert.equal(typeof got === 'object' && got.accessToken, before);
  platform.api.tokens.revokeAll();
  const fresh = await provider({ appId: APP_ID, forceRefresh: false, rejectedToken: before });
  assert.ok(typeof fresh === 'object' && fresh.accessToken !== before);
  assert.equal(platform.tokenFetches(), 2, 'exactly one refresh, by the survivor');
  assertNoSecret([survivor.output(), victim.output()], [SECRET, BIZ_KEY, OTHER_KEY, before]);
  assert.equal(await survivor.stop('SIGTERM'), 0, 'SIGTERM stops it cleanly');
  assert.match(survivor.output(), /wxmp token-server: stopped/);
});
