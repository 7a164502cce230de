// The architecture across real processes: four forked business servers, each a WeChatClient with
// remoteTokenProvider (no AppSecret), one token server on node:http, the stateful fake platform
// over HTTP. Many concurrent calls cost one token fetch; a rejected token costs one refresh.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { createTokenServer, type TokenServer } from '../../src/central/token-server.js';
import { forkWorker, eventsOf, type Worker } from '../redis/_fork.js';
import { APP_ID, assertNoSecret, BIZ_KEY, captureLog, SECRET, serveHandler, servePlatform, type Served } from './_kit.js';

type Result = { ok: number; errors: string[]; token: string };
const BUSINESS = fileURLToPath(new URL('./_business.js', import.meta.url));

let platform: Awaited<ReturnType<typeof servePlatform>>;
let server: TokenServer;
let srv: Served;
let workers: Worker[] = [];
const log = captureLog();

before(async () => {
  platform = await servePlatform({ latencyMs: 50 });
  // passive only: the first business call triggers the one fetch
  server = createTokenServer({
    accounts: [{ appId: APP_ID, appSecret: SECRET }],
    clients: [{ key: BIZ_KEY, appIds: [APP_ID] }],
    baseUrl: platform.url,
    activeRefresh: false,
    logger: log,
  });
  srv = await serveHandler(server);
  const env = { WXMP_APP_ID: APP_ID, WXMP_PLATFORM_URL: platform.url, WXMP_TOKEN_URLS: srv.url, WXMP_KEY: BIZ_KEY };
  workers = await Promise.all([1, 2, 3, 4].map((i) => forkWorker(BUSINESS, `business-${i}`, env)));
});

after(async () => {
  await Promise.all(workers.map((w) => w.kill()));
  server?.close();
  await srv?.close();
  await platform?.close();
});

test('4 business processes × 100 concurrent API calls → exactly 1 token fetch, every call succeeds with the same token', { timeout: 60_000 }, async () => {
  const results = await Promise.all(workers.map((w) => w.request<Result>({ op: 'calls', n: 100 })));
  assert.deepEqual(
    results.flatMap((r) => r.errors),
    [],
  );
  assert.equal(
    results.reduce((n, r) => n + r.ok, 0),
    400,
  );
  assert.equal(platform.tokenFetches(), 1, 'one fetch at the platform for all four processes');
  assert.equal(new Set(results.map((r) => r.token)).size, 1);
  assert.equal(results[0]?.token, platform.api.tokens.stable?.value);
});

test('the platform rejects the token (40001 everywhere) → exactly 1 refresh, all 400 calls succeed', { timeout: 60_000 }, async () => {
  const before = platform.tokenFetches();
  const old = platform.api.tokens.stable?.value;
  platform.api.tokens.revokeAll();
  const rejectedBefore = platform.api.calls.filter((c) => c.path === '/cgi-bin/user/get').length;
  const results = await Promise.all(workers.map((w) => w.request<Result>({ op: 'calls', n: 100 })));
  assert.deepEqual(
    results.flatMap((r) => r.errors),
    [],
  );
  assert.equal(
    results.reduce((n, r) => n + r.ok, 0),
    400,
  );
  assert.equal(platform.tokenFetches(), before + 1, 'one refresh for the whole storm');
  assert.ok(platform.api.calls.filter((c) => c.path === '/cgi-bin/user/get').length - rejectedBefore > 400, 'the storm happened (rejected calls were retried)');
  assert.equal(new Set(results.map((r) => r.token)).size, 1);
  assert.notEqual(results[0]?.token, old);
});

test('no unhandled rejection in any process; no secret in the token server log', () => {
  assert.deepEqual(eventsOf(workers, 'unhandled'), []);
  assertNoSecret(log.lines, [SECRET, BIZ_KEY, ...platform.api.tokens.tokens.keys()]);
});
