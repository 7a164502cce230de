// createTokenServer over real node:http on 127.0.0.1, against the stateful fake platform: the
// HTTP contract, caller auth, compare-before-invalidate, single-flight, tickets, rate limits,
// the fallback to the previous token, and no secret in any answer or log line.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTokenServer, type TokenServer, type TokenServerOptions } from '../../src/central/token-server.js';
import { MemoryTokenCache } from '../../src/client/memory.js';
import { WxmpError } from '../../src/errors.js';
import { createFakeWeChatApi } from '../../src/testing/fake-api/index.js';
import { APP_ID, assertNoSecret, BIZ_KEY, captureLog, OTHER_APP_ID, OTHER_KEY, SECRET, serveHandler, withKey, type Served } from './_kit.js';

const OTHER_SECRET = 'other_app_secret_0123456789abcd';

function setup(over: Partial<TokenServerOptions> = {}) {
  const clock = { t: 1_700_000_000 };
  const api = createFakeWeChatApi({ appId: APP_ID, appSecret: SECRET, now: () => clock.t });
  const log = captureLog();
  const server = createTokenServer({
    accounts: [
      { appId: APP_ID, appSecret: SECRET },
      { appId: OTHER_APP_ID, appSecret: OTHER_SECRET },
    ],
    clients: [
      { name: 'biz', key: BIZ_KEY, appIds: [APP_ID] },
      { key: OTHER_KEY, appIds: '*' },
    ],
    fetch: api.fetch,
    now: () => clock.t,
    activeRefresh: false,
    logger: log,
    ...over,
  });
  const fetches = (): number => api.callsTo('/cgi-bin/stable_token').filter((c) => (c.body as { appid?: string }).appid === APP_ID).length;
  return { api, clock, log, server, fetches };
}

describe('token server: HTTP contract over node:http', () => {
  let k: ReturnType<typeof setup>;
  let srv: Served;
  const bodies: string[] = [];
  const call = async (path: string, init: RequestInit = {}): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> => {
    const res = await fetch(`${srv.url}${path}`, init);
    const text = await res.text();
    bodies.push(text);
    return { status: res.status, body: JSON.parse(text) as Record<string, unknown>, headers: res.headers };
  };
  const invalidate = (rejected: unknown, appid: unknown = APP_ID, key = BIZ_KEY) =>
    call('/token/invalidate', withKey(key, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ appid, rejected }) }));

  before(async () => {
    k = setup();
    srv = await serveHandler(k.server);
  });
  after(async () => {
    await srv.close();
    k.server.close();
  });

  it('GET /token with a key → {access_token, expires_at}, no-store; many calls → one fetch', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => call(`/token?appid=${APP_ID}`, withKey(BIZ_KEY))));
    for (const a of answers) {
      assert.equal(a.status, 200);
      assert.deepEqual(Object.keys(a.body).sort(), ['access_token', 'expires_at']);
      assert.equal(a.headers.get('cache-control'), 'no-store');
    }
    assert.equal(new Set(answers.map((a) => a.body['access_token'])).size, 1);
    assert.equal(answers[0]?.body['expires_at'], k.clock.t + 7200);
    assert.equal(k.fetches(), 1);
    assert.equal(answers[0]?.body['access_token'], k.api.tokens.stable?.value);
  });

  it('401 without or with a wrong key (WWW-Authenticate: Bearer), 403 for an appid the key may not use or that is unknown', async () => {
    for (const init of [
      {},
      withKey('not-the-key-0123456789'),
      withKey(`${BIZ_KEY}x`),
      withKey(BIZ_KEY.slice(0, -1)),
      { headers: { authorization: BIZ_KEY } },
      { headers: { authorization: `Basic ${BIZ_KEY}` } },
    ]) {
      const r = await call(`/token?appid=${APP_ID}`, init);
      assert.equal(r.status, 401);
      assert.equal(r.body['error'], 'CENTRAL_UNAUTHORIZED');
      assert.equal(r.headers.get('www-authenticate'), 'Bearer');
    }
    const lower = await call(`/token?appid=${APP_ID}`, { headers: { authorization: `bearer  ${BIZ_KEY}` } });
    assert.equal(lower.status, 200, 'the scheme is case-insensitive');
    for (const appid of [OTHER_APP_ID, 'wxunknown']) {
      const r = await call(`/token?appid=${appid}`, withKey(BIZ_KEY));
      assert.equal(r.status, 403);
      assert.equal(r.body['error'], 'CENTRAL_FORBIDDEN');
    }
    const refusedUpstream = await call(`/token?appid=${OTHER_APP_ID}`, withKey(OTHER_KEY));
    assert.equal(refusedUpstream.status, 503, 'the key may use the account; the fake platform does not know it (40013)');
    assert.equal(refusedUpstream.body['upstream'], 'API_TOKEN_CONFIG');
    assert.equal((await call(`/token?appid=wxunknown`, withKey(OTHER_KEY))).status, 403, "'*' means the configured accounts");
  });

  it('400 for a missing or malformed appid; 404 unknown route; 405 with Allow', async () => {
    for (const q of ['', '?appid=', '?appid=wx%20x', `?appid=${'a'.repeat(65)}`]) {
      const r = await call(`/token${q}`, withKey(BIZ_KEY));
      assert.equal(r.status, 400, q);
      assert.equal(r.body['error'], 'CENTRAL_BAD_REQUEST');
    }
    assert.equal((await call(`/token?appid=${'a'.repeat(64)}`, withKey(OTHER_KEY))).status, 403, '64 characters is a well-formed appid');
    const nf = await call('/tokens', withKey(BIZ_KEY));
    assert.equal(nf.status, 404);
    assert.equal(nf.body['error'], 'CENTRAL_NOT_FOUND');
    assert.equal((await call('/', {})).status, 404);
    const m = await call('/token/invalidate', withKey(BIZ_KEY));
    assert.equal(m.status, 405);
    assert.equal(m.headers.get('allow'), 'POST');
    assert.equal((await call(`/token?appid=${APP_ID}`, withKey(BIZ_KEY, { method: 'POST' }))).status, 405);
  });

  it('GET /healthz needs no key and says nothing about the accounts', async () => {
    const r = await call('/healthz');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { status: 'ok' });
  });

  it('POST /token/invalidate: a stale report returns the current token without a fetch; the current one → exactly one refresh', async () => {
    const current = (await call(`/token?appid=${APP_ID}`, withKey(BIZ_KEY))).body['access_token'] as string;
    const before = k.fetches();
    const stale = await invalidate('FAKE_STABLE_TOKEN_0_oldoldold');
    assert.equal(stale.status, 200);
    assert.equal(stale.body['access_token'], current);
    assert.equal(k.fetches(), before, 'a stale invalidate causes no fetch');

    k.api.tokens.revokeAll(); // the platform now rejects `current` (40001)
    const reports = await Promise.all(Array.from({ length: 10 }, () => invalidate(current)));
    const fresh = new Set(reports.map((r) => r.body['access_token']));
    assert.equal(fresh.size, 1);
    assert.ok(!fresh.has(current));
    assert.ok(reports.every((r) => r.status === 200));
    assert.equal(k.fetches(), before + 1, '10 concurrent reports of the same token → one refresh (single-flight)');
    assert.equal((await call(`/token?appid=${APP_ID}`, withKey(BIZ_KEY))).body['access_token'], [...fresh][0]);
    // a late report of the token already replaced costs nothing either
    assert.equal((await invalidate(current)).body['access_token'], [...fresh][0]);
    assert.equal(k.fetches(), before + 1);
  });

  it('POST /token/invalidate refusals: 403 for a foreign appid (nothing invalidated), 400 for a bad body, 413 over 4 KiB', async () => {
    const current = (await call(`/token?appid=${APP_ID}`, withKey(BIZ_KEY))).body['access_token'] as string;
    const before = k.fetches();
    assert.equal((await invalidate(current, OTHER_APP_ID)).status, 403);
    for (const body of [
      'not json',
      '[]',
      'null',
      JSON.stringify({ appid: APP_ID }),
      JSON.stringify({ appid: APP_ID, rejected: '' }),
      JSON.stringify({ appid: APP_ID, rejected: 'x'.repeat(2049) }),
    ]) {
      const r = await call('/token/invalidate', withKey(BIZ_KEY, { method: 'POST', body }));
      assert.equal(r.status, 400, body.slice(0, 30));
    }
    const big = JSON.stringify({ appid: APP_ID, rejected: 'x'.repeat(4096) });
    assert.equal((await call('/token/invalidate', withKey(BIZ_KEY, { method: 'POST', body: big }))).status, 413);
    assert.equal(k.fetches(), before);
    assert.equal((await call(`/token?appid=${APP_ID}`, withKey(BIZ_KEY))).body['access_token'], current, 'the token survived every refused report');
  });

  it('GET /ticket: jsapi and wx_card tickets with expires_at; 400 for another type', async () => {
    const jsapi = await call(`/ticket?appid=${APP_ID}&type=jsapi`, withKey(BIZ_KEY));
    assert.equal(jsapi.status, 200);
    assert.match(jsapi.body['ticket'] as string, /^FAKE_JSAPI_TICKET_/);
    assert.equal(jsapi.body['expires_at'], k.clock.t + 7200);
    assert.match((await call(`/ticket?appid=${APP_ID}`, withKey(BIZ_KEY))).body['ticket'] as string, /^FAKE_JSAPI_TICKET_/, 'jsapi by default');
    assert.match((await call(`/ticket?appid=${APP_ID}&type=wx_card`, withKey(BIZ_KEY))).body['ticket'] as string, /^FAKE_WX_CARD_TICKET_/);
    assert.equal((await call(`/ticket?appid=${APP_ID}&type=card`, withKey(BIZ_KEY))).status, 400);
    assert.equal((await call(`/ticket?appid=${OTHER_APP_ID}`, withKey(BIZ_KEY))).status, 403);
    assert.equal(k.api.callsTo('/cgi-bin/ticket/getticket').length, 2, 'one fetch per type, then cached');
  });

  it('no answer and no log line carries an AppSecret, a key or (in logs) a token', () => {
    const tokens = [...k.api.tokens.tokens.keys()];
    assertNoSecret(bodies, [SECRET, OTHER_SECRET, BIZ_KEY, OTHER_KEY]);
    assertNoSecret(k.log.lines, [SECRET, OTHER_SECRET, BIZ_KEY, OTHER_KEY, ...tokens]);
    assert.ok(
      k.log.lines.some((l) => l.includes('401')),
      'refusals are logged',
    );
  });
});

describe('token server: failures, fallback and limits', () => {
  const token = async (server: TokenServer, key = BIZ_KEY, appid = APP_ID): Promise<Response> =>
    server(new Request(`http://ts/token?appid=${appid}`, withKey(key)));

  it('the platform down: the previous token is served while valid, then 502/503 with the upstream code (no body of the platform)', async () => {
    const k = setup({ refreshSkewSeconds: 300 });
    const first = (await (await token(k.server)).json()) as { access_token: string; expires_at: number };
    k.api.route('/cgi-bin/stable_token', () => new Response('upstream says access_token=LEAK', { status: 500 }));
    k.clock.t = first.expires_at - 200; // inside the refresh window, still valid
    const during = await token(k.server);
    assert.equal(during.status, 200);
    assert.deepEqual(await during.json(), first, 'the old token, with its real expiry');
    assert.ok(k.log.lines.some((l) => /serving the previous token/.test(l)));
    k.clock.t = first.expires_at + 1;
    const afterExpiry = await token(k.server);
    assert.equal(afterExpiry.status, 502);
    const body = (await afterExpiry.json()) as Record<string, unknown>;
    assert.equal(body['error'], 'CENTRAL_UPSTREAM_FAILED');
    assert.equal(body['upstream'], 'HTTP_STATUS');
    assert.ok(!JSON.stringify(body).includes('LEAK'));
  });

  it('a wrong AppSecret → 503 API_TOKEN_CONFIG with the errcode, never the secret', async () => {
    const k = setup({ accounts: [{ appId: APP_ID, appSecret: 'wrong_secret_0123456789abcdef' }] });
    const r = await token(k.server);
    assert.equal(r.status, 503);
    const body = (await r.json()) as Record<string, unknown>;
    assert.equal(body['upstream'], 'API_TOKEN_CONFIG');
    assert.equal(body['errcode'], 40125);
    assertNoSecret([JSON.stringify(body), ...k.log.lines], ['wrong_secret_0123456789abcdef', BIZ_KEY]);
  });

  it('an invalidate the platform answers with the same token again → 503, never the rejected token as new', async () => {
    const k = setup();
    const t = ((await (await token(k.server)).json()) as { access_token: string }).access_token;
    const r = await k.server(
      new Request('http://ts/token/invalidate', withKey(BIZ_KEY, { method: 'POST', body: JSON.stringify({ appid: APP_ID, rejected: t }) })),
    );
    assert.equal(r.status, 503);
    assert.equal(((await r.json()) as Record<string, unknown>)['upstream'], 'TOKEN_INVALID_RESPONSE');
  });

  it('ratePerMinute: a burst, then 429 with Retry-After; other keys are not affected; the bucket refills', async () => {
    const k = setup({
      clients: [
        { key: BIZ_KEY, appIds: [APP_ID], ratePerMinute: 6, burst: 3 },
        { key: OTHER_KEY, appIds: '*' },
      ],
    });
    for (let i = 0; i < 3; i++) assert.equal((await token(k.server)).status, 200);
    const limited = await token(k.server);
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '10');
    assert.equal(((await limited.json()) as Record<string, unknown>)['error'], 'CENTRAL_RATE_LIMITED');
    assert.equal((await token(k.server, OTHER_KEY)).status, 200);
    k.clock.t += 10;
    assert.equal((await token(k.server)).status, 200);
    assert.equal((await token(k.server)).status, 429);
  });

  it('a failing rate limiter lets calls through and logs it', async () => {
    const k = setup({
      clients: [{ key: BIZ_KEY, appIds: [APP_ID], ratePerMinute: 1 }],
      rateLimiter: { take: () => Promise.reject(new WxmpError('REDIS_UNAVAILABLE', 'down')) },
    });
    assert.equal((await token(k.server)).status, 200);
    assert.equal((await token(k.server)).status, 200);
    assert.ok(k.log.lines.some((l) => /rate limiter failed; letting the call through \(REDIS_UNAVAILABLE\)/.test(l)));
  });

  it('basePath mounts the routes below it; a throwing logger or an unexpected failure never crashes the handler', async () => {
    const k = setup({
      basePath: '/central',
      logger: {
        warn: () => {
          throw new Error('broken logger');
        },
      },
    });
    assert.equal((await k.server(new Request(`http://ts/central/token?appid=${APP_ID}`, withKey(BIZ_KEY)))).status, 200);
    assert.equal((await k.server(new Request(`http://ts/token?appid=${APP_ID}`, withKey(BIZ_KEY)))).status, 404);
    assert.equal((await k.server(new Request('http://ts/central/healthz'))).status, 200);
    assert.equal((await k.server(new Request('http://ts/central/nope'))).status, 404, 'refusals are logged through the broken logger');
    const weird = await k.server({ url: 'not a url', method: 'GET', headers: new Headers() } as unknown as Request);
    assert.equal(weird.status, 404);
    const broken = await k.server({
      url: `http://ts/central/token?appid=${APP_ID}`,
      method: 'GET',
      get headers(): Headers {
        throw new Error('hostile');
      },
    } as unknown as Request);
    assert.equal(broken.status, 500);
  });

  it('configuration errors are INVALID_CONFIG and never quote a secret or key', () => {
    const base: TokenServerOptions = { accounts: [{ appId: APP_ID, appSecret: SECRET }], clients: [{ key: BIZ_KEY, appIds: [APP_ID] }], activeRefresh: false };
    const bad: Partial<TokenServerOptions>[] = [
      { accounts: [] },
      {
        accounts: [
          { appId: APP_ID, appSecret: SECRET },
          { appId: APP_ID, appSecret: SECRET },
        ],
      },
      { accounts: [{ appId: APP_ID } as never] },
      { accounts: [{ appId: 'bad id', appSecret: SECRET }] },
      { clients: [] },
      { clients: [{ key: 'short-key-01234', appIds: [APP_ID] }] },
      { clients: [{ key: `${BIZ_KEY} with space`, appIds: [APP_ID] }] },
      {
        clients: [
          { key: BIZ_KEY, appIds: [APP_ID] },
          { key: BIZ_KEY, appIds: [APP_ID] },
        ],
      },
      {
        clients: [
          { key: BIZ_KEY, appIds: [APP_ID], name: 'same' },
          { key: OTHER_KEY, appIds: [APP_ID], name: 'same' },
        ],
      },
      { clients: [{ key: BIZ_KEY, appIds: [APP_ID], name: 'bad name' }] },
      { clients: [{ key: BIZ_KEY, appIds: ['wxnotconfigured'] }] },
      { clients: [{ key: BIZ_KEY, appIds: [] }] },
      { clients: [{ key: BIZ_KEY, appIds: [APP_ID], ratePerMinute: 0 }] },
      { clients: [{ key: BIZ_KEY, appIds: [APP_ID], ratePerMinute: 10, burst: 0.5 }] },
      { clients: [{ key: BIZ_KEY, appIds: [APP_ID], burst: 5 }] },
      { basePath: '/central/' },
    ];
    for (const over of bad) {
      assert.throws(
        () => createTokenServer({ ...base, ...over }),
        (e: unknown) => e instanceof WxmpError && e.code === 'INVALID_CONFIG' && !e.message.includes(BIZ_KEY) && !e.message.includes(SECRET),
        JSON.stringify(Object.keys(over)),
      );
    }
    assert.throws(() => createTokenServer(null as never), /INVALID_CONFIG/);
    // boundary pair: a 16-character key passes, 15 fails (above)
    assert.ok(createTokenServer({ ...base, clients: [{ key: 'k'.repeat(16), appIds: '*' }] }));
    assert.ok(createTokenServer({ ...base, clients: [{ key: 'k'.repeat(512), appIds: '*' }] }));
    assert.throws(() => createTokenServer({ ...base, clients: [{ key: 'k'.repeat(513), appIds: '*' }] }), /INVALID_CONFIG/);
  });
});

describe('token server: active refresh (主动刷新)', () => {
  it('fetches at start, then refreshes inside the refresh window in the background; callers never wait for it', async () => {
    const tasks: { run: () => void; ms: number }[] = [];
    const k = setup({
      activeRefresh: true,
      schedule: (run, ms) => {
        tasks.push({ run, ms });
        return () => {};
      },
      random: () => 0,
    });
    assert.equal(tasks.length, 2, 'one timer per account');
    assert.deepEqual(
      tasks.map((t) => t.ms),
      [0, 0],
      'warm-up at once',
    );
    for (const t of tasks.splice(0)) t.run();
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(k.fetches(), 1, 'the token of the account the fake knows was fetched at start');
    const warm = tasks.find((t) => t.ms > 60_000);
    assert.ok(warm, 'the next run is due later');
    assert.equal(warm.ms, (7200 - 300) * 1000 + 500, 'at expiry − skew (+ 0.5 s)');
    const old = k.api.tokens.stable?.value;
    k.clock.t += 7200 - 300 + 1;
    for (const t of tasks.splice(0)) t.run();
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(k.fetches(), 2, 'refreshed in the background');
    const r = await k.server(new Request(`http://ts/token?appid=${APP_ID}`, withKey(BIZ_KEY)));
    const fresh = ((await r.json()) as { access_token: string }).access_token;
    assert.notEqual(fresh, old);
    assert.equal(k.fetches(), 2, 'the caller got the refreshed token without a fetch');
    // the other account keeps failing (its secret is wrong for the fake): retried with backoff, logged
    const retry = tasks.find((t) => t.ms === 10_000);
    assert.ok(retry, `backoff after the second failure: ${tasks.map((t) => t.ms).join(', ')}`);
    assert.ok(k.log.lines.some((l) => /active refresh of wxfedcba9876543210 failed \(API_TOKEN_CONFIG\)/.test(l)));
    k.server.close();
  });

  it('close() cancels the timers (the default timers are unreferenced)', async () => {
    let cancelled = 0;
    const k = setup({ activeRefresh: true, schedule: () => () => void cancelled++ });
    k.server.close();
    assert.equal(cancelled, 2);
    const real = setup({ activeRefresh: true, tokenCache: new MemoryTokenCache() });
    real.server.close();
  });
});
