// createApiProxy over real node:http on 127.0.0.1, forwarding through a WeChatClient to the
// stateful fake platform: what is forwarded (query, JSON, multipart, binary answers), what is
// refused without being forwarded, and that no answer or log line carries the access_token.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createApiProxy, type ApiProxyOptions } from '../../src/central/api-proxy.js';
import { WeChatClient } from '../../src/client/client.js';
import { WxmpError } from '../../src/errors.js';
import { createFakeWeChatApi, type FakeWeChatApi } from '../../src/testing/fake-api/index.js';
import { APP_ID, assertNoSecret, BIZ_KEY, captureLog, PROXY_KEY, SECRET, serveHandler, withKey, type Served } from './_kit.js';

const MENU_KEY = 'menu-only-key-0123456789';
const RATE_KEY = 'rate-limited-key-0123456789';

function setup(over: Partial<ApiProxyOptions> = {}, clientOver: Partial<ConstructorParameters<typeof WeChatClient>[0]> = {}) {
  const api = createFakeWeChatApi({ appId: APP_ID, appSecret: SECRET });
  const client = new WeChatClient({ appId: APP_ID, appSecret: SECRET, fetch: api.fetch, retry: { maxRetries: 0 }, ...clientOver });
  const log = captureLog();
  const proxy = createApiProxy({
    client,
    callers: [
      { name: 'biz', key: PROXY_KEY, allow: ['/cgi-bin/user/info', '/cgi-bin/user/get', '/cgi-bin/media/*', '/cgi-bin/menu/*', '/cgi-bin/test/*'] },
      { key: MENU_KEY, allow: ['/cgi-bin/menu/*'] },
      { key: RATE_KEY, allow: ['/cgi-bin/menu/*'], ratePerMinute: 1, burst: 2 },
      { key: BIZ_KEY, allow: ['/*'] },
    ],
    logger: log,
    ...over,
  });
  return { api, client, proxy, log };
}

/** A request target sent byte for byte (fetch would normalise it). */
function rawGet(port: number, target: string, key: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1', () =>
      sock.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${key}\r\nConnection: close\r\n\r\n`),
    );
    let data = '';
    sock.on('data', (d) => (data += d.toString('latin1')));
    sock.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0)));
    sock.on('error', reject);
  });
}

describe('API proxy over node:http', () => {
  let k: ReturnType<typeof setup>;
  let srv: Served;
  const bodies: string[] = [];
  const call = async (path: string, init: RequestInit = {}): Promise<Response> => {
    const res = await fetch(`${srv.url}${path}`, init);
    bodies.push(await res.clone().text());
    return res;
  };
  const forwarded = (api: FakeWeChatApi): string[] => api.calls.map((c) => c.path).filter((p) => p !== '/cgi-bin/stable_token');

  before(async () => {
    k = setup();
    srv = await serveHandler(k.proxy);
  });
  after(() => srv.close());

  it('forwards an allowed GET with its query, adds the current access_token, and answers the platform bytes', async () => {
    const r = await call('/cgi-bin/user/info?openid=oTestUser000000000000000000&lang=zh_CN', withKey(PROXY_KEY));
    assert.equal(r.status, 200);
    const body = (await r.json()) as Record<string, unknown>;
    assert.equal(body['openid'], 'oTestUser000000000000000000');
    const seen = k.api.callsTo('/cgi-bin/user/info')[0];
    assert.equal(seen?.query['lang'], 'zh_CN');
    assert.equal(seen?.query['access_token'], await k.client.getAccessToken());
    assert.equal(r.headers.get('cache-control'), 'no-store');
  });

  it('POST JSON goes as written (64-bit integers survive both ways)', async () => {
    k.api.route(
      '/cgi-bin/test/echo',
      (c) => new Response(`{"errcode":0,"got":${c.bodyText},"msgid":271781022721654784}`, { headers: { 'content-type': 'application/json' } }),
    );
    const sent = '{"id":271781022721654784,"name":"中文"}';
    const r = await call('/cgi-bin/test/echo', withKey(PROXY_KEY, { method: 'POST', headers: { 'content-type': 'application/json' }, body: sent }));
    assert.equal(await r.text(), `{"errcode":0,"got":${sent},"msgid":271781022721654784}`);
    assert.equal(k.api.callsTo('/cgi-bin/test/echo')[0]?.bodyText, sent);
  });

  it('media: a multipart upload and the binary download pass byte for byte, with file name and type', async () => {
    const bytes = new Uint8Array(300_000).map((_, i) => (i * 7) & 0xff);
    const form = new FormData();
    form.append('media', new Blob([bytes], { type: 'image/png' }), '图片.png');
    const up = await call('/cgi-bin/media/upload?type=image', withKey(PROXY_KEY, { method: 'POST', body: form }));
    const { media_id: id } = (await up.json()) as { media_id: string };
    assert.match(id, /^MEDIA_/);
    const down = await call(`/cgi-bin/media/get?media_id=${id}`, withKey(PROXY_KEY));
    assert.equal(down.status, 200);
    assert.equal(down.headers.get('content-type'), 'image/png');
    assert.match(down.headers.get('content-disposition') ?? '', /filename\*=UTF-8''/);
    assert.deepEqual(new Uint8Array(await down.arrayBuffer()), bytes);
    // an octet-stream body goes as a Blob of the same bytes
    k.api.route(
      '/cgi-bin/test/raw',
      async (c) => new Response(new Uint8Array(await (c.body as Blob).arrayBuffer()), { headers: { 'content-type': 'application/octet-stream' } }),
    );
    const raw = new Uint8Array([0, 255, 1, 254, 0x7b]);
    const back = await call('/cgi-bin/test/raw', withKey(PROXY_KEY, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: raw }));
    assert.deepEqual(new Uint8Array(await back.arrayBuffer()), raw);
  });

  it('401 (no key, wrong key), 403 (path not allowed, token endpoints even with /*), 400 (access_token, repeated parameter): nothing forwarded', async () => {
    const before = forwarded(k.api).length;
    const refusals: [string, RequestInit, number, string][] = [
      ['/cgi-bin/user/info?openid=x', {}, 401, 'CENTRAL_UNAUTHORIZED'],
      ['/cgi-bin/user/info?openid=x', withKey('wrong-key-0123456789abcd'), 401, 'CENTRAL_UNAUTHORIZED'],
      ['/cgi-bin/tags/get', withKey(PROXY_KEY), 403, 'CENTRAL_FORBIDDEN'],
      ['/cgi-bin/user/info/batchget', withKey(PROXY_KEY, { method: 'POST', body: '{}' }), 403, 'CENTRAL_FORBIDDEN'],
      ['/cgi-bin/user/info', withKey(MENU_KEY), 403, 'CENTRAL_FORBIDDEN'],
      ['/cgi-bin/menu', withKey(MENU_KEY), 403, 'CENTRAL_FORBIDDEN'],
      ['/cgi-bin/stable_token', withKey(BIZ_KEY, { method: 'POST', body: '{}' }), 403, 'CENTRAL_FORBIDDEN'],
      ['/cgi-bin/token?grant_type=client_credential', withKey(BIZ_KEY), 403, 'CENTRAL_FORBIDDEN'],
      ['/cgi-bin/user/info?openid=x&access_token=MINE', withKey(PROXY_KEY), 400, 'CENTRAL_BAD_REQUEST'],
      ['/cgi-bin/user/info?ACCESS_TOKEN=MINE', withKey(PROXY_KEY), 400, 'CENTRAL_BAD_REQUEST'],
      ['/cgi-bin/user/info?openid=a&openid=b', withKey(PROXY_KEY), 400, 'CENTRAL_BAD_REQUEST'],
      [
        '/cgi-bin/test/x',
        withKey(PROXY_KEY, { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Uint8Array([0xff, 0xfe]) }),
        400,
        'CENTRAL_BAD_REQUEST',
      ],
      [
        '/cgi-bin/test/x',
        withKey(PROXY_KEY, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=zzz' }, body: 'garbage' }),
        400,
        'CENTRAL_BAD_REQUEST',
      ],
      ['/cgi-bin/user/info', withKey(PROXY_KEY, { method: 'PUT', body: 'x' }), 405, 'CENTRAL_METHOD_NOT_ALLOWED'],
    ];
    for (const [path, init, status, code] of refusals) {
      const r = await call(path, init);
      assert.equal(r.status, status, `${init.method ?? 'GET'} ${path}`);
      assert.equal(((await r.json()) as Record<string, unknown>)['error'], code);
    }
    assert.equal(forwarded(k.api).length, before, 'not one refused request reached the platform');
  });

  it('allow-lists cannot be escaped: .., %2e, //, %2f, backslashes (sent raw on the socket)', async () => {
    const before = forwarded(k.api).length;
    const attacks = [
      '/cgi-bin/menu/../user/info/batchget',
      '/cgi-bin/menu/%2e%2e/tags/get',
      '/cgi-bin/menu/.%2E/tags/get',
      '/cgi-bin/menu/%2E%2E%2Ftags%2Fget',
      '/cgi-bin/menu/..%2ftags/get',
      '/cgi-bin/menu/..%5ctags/get',
      '/cgi-bin/menu//../../cgi-bin/tags/get',
      '//cgi-bin/menu/get',
      '/cgi-bin/menu/get/%2e',
      '/cgi-bin/menu/%00',
      '/cgi-bin/menu/get;/../../tags/get',
      '/cgi-bin/menu\\..\\tags\\get',
      '/cgi-bin/menu/get%3faccess_token=x',
    ];
    for (const target of attacks) {
      const status = await rawGet(srv.port, target, MENU_KEY);
      assert.ok(status === 403 || status === 400, `${target} → ${status}`);
    }
    const reached = forwarded(k.api).slice(before);
    assert.deepEqual(
      reached.filter((p) => !p.startsWith('/cgi-bin/menu/')),
      [],
      'nothing outside /cgi-bin/menu/ was forwarded',
    );
    assert.deepEqual(reached, [], 'and no non-canonical form at all');
  });

  it('ratePerMinute: 429 with Retry-After, never forwarded', async () => {
    const fresh = setup();
    const s = await serveHandler(fresh.proxy);
    try {
      for (let i = 0; i < 2; i++) assert.equal((await fetch(`${s.url}/cgi-bin/menu/get`, withKey(RATE_KEY))).status, 200);
      const before = forwarded(fresh.api).length;
      const r = await fetch(`${s.url}/cgi-bin/menu/get`, withKey(RATE_KEY));
      assert.equal(r.status, 429);
      const wait = Number(r.headers.get('retry-after'));
      assert.ok(wait > 50 && wait <= 60, `Retry-After ${wait}`);
      assert.equal(forwarded(fresh.api).length, before);
      assert.equal((await fetch(`${s.url}/cgi-bin/user/get`, withKey(PROXY_KEY))).status, 200, 'other callers are not limited');
    } finally {
      await s.close();
    }
  });

  it('the token is handled by the client: a 40001 is refreshed once and retried, the caller never notices', async () => {
    const old = await k.client.getAccessToken();
    k.api.tokens.revokeAll();
    const r = await call('/cgi-bin/user/get', withKey(PROXY_KEY));
    assert.equal(r.status, 200);
    assert.equal(((await r.json()) as { total: number }).total, 3);
    assert.notEqual(await k.client.getAccessToken(), old);
  });

  it('no answer carries the access_token: not in errmsg, not in a success body, not via a redirect', async () => {
    const token = await k.client.getAccessToken();
    k.api.script('/cgi-bin/test/err', () => ({ errcode: 40003, errmsg: `invalid openid for ${token} hint: access_token=${token}` }));
    const err = await call('/cgi-bin/test/err', withKey(PROXY_KEY));
    assert.equal(err.status, 200);
    const e = (await err.json()) as { errcode: number; errmsg: string };
    assert.equal(e.errcode, 40003);
    assert.match(e.errmsg, /invalid openid/);
    k.api.script(
      '/cgi-bin/test/echo-token',
      () => new Response(`{"errcode":0,"url":"https://x/?access_token=${token}","raw":"${token}"}`, { headers: { 'content-type': 'application/json' } }),
    );
    const ok = await call('/cgi-bin/test/echo-token', withKey(PROXY_KEY));
    assert.match(await ok.clone().text(), /"raw":"\*\*\*"/);
    k.api.script('/cgi-bin/test/redirect', () => new Response(null, { status: 302, headers: { location: `https://evil/?access_token=${token}` } }));
    const redirect = await call('/cgi-bin/test/redirect', withKey(PROXY_KEY));
    assert.equal(redirect.status, 502);
    assert.equal(redirect.headers.get('location'), null);
    assert.equal(((await redirect.json()) as Record<string, unknown>)['upstream'], 'HTTP_REDIRECT');
    assertNoSecret(bodies, [token, SECRET, PROXY_KEY, MENU_KEY, RATE_KEY, BIZ_KEY]);
  });

  it('no log line carries a token, the AppSecret or a key', () => {
    assertNoSecret(k.log.lines, [...k.api.tokens.tokens.keys(), SECRET, PROXY_KEY, MENU_KEY, RATE_KEY, BIZ_KEY]);
    assert.ok(
      k.log.lines.some((l) => /403/.test(l) || /may not call this path/.test(l)),
      'refusals are logged',
    );
  });

  it('GET /healthz needs no key', async () => {
    const r = await call('/healthz');
    assert.equal(r.status, 200);
    assert.deepEqual(await r.json(), { status: 'ok' });
  });
});

describe('API proxy: limits, upstream failures, configuration', () => {
  it('maxBodyBytes: the limit passes, limit + 1 is 413 (announced or streamed), nothing forwarded', async () => {
    const k = setup({ maxBodyBytes: 1000 });
    k.api.route('/cgi-bin/test/size', (c) => ({ errcode: 0, n: String(c.bodyText?.length) }));
    const s = await serveHandler(k.proxy);
    try {
      const json = (n: number): string => JSON.stringify({ pad: 'x'.repeat(n - 10) });
      assert.equal(json(1000).length, 1000);
      const ok = await fetch(
        `${s.url}/cgi-bin/test/size`,
        withKey(PROXY_KEY, { method: 'POST', headers: { 'content-type': 'application/json' }, body: json(1000) }),
      );
      assert.equal(((await ok.json()) as { n: string }).n, '1000');
      const big = await fetch(
        `${s.url}/cgi-bin/test/size`,
        withKey(PROXY_KEY, { method: 'POST', headers: { 'content-type': 'application/json' }, body: json(1001) }),
      );
      assert.equal(big.status, 413);
      const chunked = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(new TextEncoder().encode(json(1001)));
          c.close();
        },
      });
      const streamed = await fetch(`${s.url}/cgi-bin/test/size`, withKey(PROXY_KEY, { method: 'POST', body: chunked, duplex: 'half' } as RequestInit));
      assert.equal(streamed.status, 413);
      assert.equal(k.api.callsTo('/cgi-bin/test/size').length, 1);
    } finally {
      await s.close();
    }
  });

  it('the platform failing: 502 (HTTP 5xx), 504 (timeout), 503 (no token): the upstream code, never its body', async () => {
    const k = setup({}, { timeoutMs: 50 });
    k.api.script('/cgi-bin/test/down', () => new Response('access_token=LEAK', { status: 500 }));
    const down = await k.proxy(new Request('http://p/cgi-bin/test/down', withKey(PROXY_KEY)));
    assert.equal(down.status, 502);
    const body = await down.text();
    assert.match(body, /"upstream":"HTTP_STATUS"/);
    assert.ok(!body.includes('LEAK'));
    k.api.setLatency(500, '/cgi-bin/test/slow');
    const slow = await k.proxy(new Request('http://p/cgi-bin/test/slow', withKey(PROXY_KEY)));
    assert.equal(slow.status, 504);
    const broken = setup({}, { appSecret: 'wrong_secret_0123456789abcdef' });
    const noToken = await broken.proxy(new Request('http://p/cgi-bin/user/get', withKey(PROXY_KEY)));
    assert.equal(noToken.status, 503);
    assert.match(await noToken.text(), /API_TOKEN_CONFIG/);
  });

  it('basePath; INVALID_CONFIG for a missing client, bad allow-lists and limits', async () => {
    const k = setup({ basePath: '/wx' });
    assert.equal((await k.proxy(new Request('http://p/wx/cgi-bin/user/get', withKey(PROXY_KEY)))).status, 200);
    assert.equal((await k.proxy(new Request('http://p/cgi-bin/user/get', withKey(PROXY_KEY)))).status, 404);
    const client = k.client;
    const callers = [{ key: PROXY_KEY, allow: ['/cgi-bin/user/info'] }];
    const bad: unknown[] = [
      null,
      { callers },
      { client: {}, callers },
      { client, callers: [] },
      { client, callers: [{ key: PROXY_KEY, allow: [] }] },
      { client, callers: [{ key: PROXY_KEY, allow: ['cgi-bin/user/info'] }] },
      { client, callers: [{ key: PROXY_KEY, allow: ['/cgi-bin/*/info'] }] },
      { client, callers: [{ key: PROXY_KEY, allow: ['/cgi-bin/../x'] }] },
      { client, callers: [{ key: PROXY_KEY, allow: ['/cgi-bin//x'] }] },
      { client, callers: [{ key: PROXY_KEY, allow: ['/cgi-bin/%2e'] }] },
      { client, callers: [{ key: PROXY_KEY, allow: [42] }] },
      { client, callers, maxBodyBytes: 0 },
      { client, callers, bodyTimeoutMs: 'soon' },
    ];
    for (const o of bad)
      assert.throws(
        () => createApiProxy(o as never),
        (e: unknown) => e instanceof WxmpError && e.code === 'INVALID_CONFIG',
        JSON.stringify(o, (key, v) => (key === 'client' ? '<client>' : v)),
      );
  });
});
