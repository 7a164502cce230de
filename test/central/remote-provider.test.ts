// remoteTokenProvider against a real token server over node:http: business clients hold no
// AppSecret, a 40001 becomes one /token/invalidate, refusals become typed errors, and several
// URLs fail over.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { remoteTokenProvider } from '../../src/central/remote-provider.js';
import { createTokenServer, type TokenServer } from '../../src/central/token-server.js';
import { WeChatClient } from '../../src/client/client.js';
import { WxmpError } from '../../src/errors.js';
import { APP_ID, BIZ_KEY, OTHER_APP_ID, OTHER_KEY, SECRET, serve, serveHandler, servePlatform, type Served } from './_kit.js';

const codeOf = (e: unknown): string => (e instanceof WxmpError ? e.code : String(e));

describe('remoteTokenProvider', () => {
  let platform: Awaited<ReturnType<typeof servePlatform>>;
  let server: TokenServer;
  let srv: Served;
  let dead: Served;

  before(async () => {
    platform = await servePlatform();
    server = createTokenServer({
      accounts: [
        { appId: APP_ID, appSecret: SECRET },
        { appId: OTHER_APP_ID, appSecret: SECRET },
      ],
      clients: [
        { key: BIZ_KEY, appIds: [APP_ID] },
        { key: OTHER_KEY, appIds: [APP_ID], ratePerMinute: 1, burst: 1 },
      ],
      baseUrl: platform.url,
      activeRefresh: false,
    });
    srv = await serveHandler(server);
    dead = await serve((_req, res) => void res.writeHead(503).end());
  });
  after(async () => {
    server.close();
    await srv.close();
    await dead.close();
    await platform.close();
  });

  it('a business client with no AppSecret calls the API with the central token; a rejection → one invalidate, the call succeeds', async () => {
    const biz = new WeChatClient({ appId: APP_ID, baseUrl: platform.url, tokenProvider: remoteTokenProvider({ url: `${srv.url}/`, key: BIZ_KEY }) });
    const users = await biz.request<{ total: number }>('/cgi-bin/user/get');
    assert.equal(users.total, 3);
    assert.equal(platform.tokenFetches(), 1);
    const entry = await biz.getAccessTokenEntry();
    assert.equal(entry.accessToken, platform.api.tokens.stable?.value);
    assert.ok(entry.expiresAt !== undefined && entry.expiresAt > Date.now() / 1000 + 7000, 'the expiry travels with the token');
    platform.api.tokens.revokeAll();
    await Promise.all(Array.from({ length: 5 }, () => biz.request('/cgi-bin/user/get')));
    assert.equal(platform.tokenFetches(), 2, 'exactly one refresh');
    assert.notEqual(await biz.getAccessToken(), entry.accessToken);
  });

  it('refusals are typed: 401 CENTRAL_UNAUTHORIZED, 403 CENTRAL_FORBIDDEN, 429 CENTRAL_RATE_LIMITED, 404 CENTRAL_NOT_FOUND; the key never shows', async () => {
    const cases: [string, string, string, string][] = [
      [srv.url, 'wrong-key-0123456789abcd', APP_ID, 'CENTRAL_UNAUTHORIZED'],
      [srv.url, BIZ_KEY, OTHER_APP_ID, 'CENTRAL_FORBIDDEN'],
      [`${srv.url}/nope`, BIZ_KEY, APP_ID, 'CENTRAL_NOT_FOUND'],
    ];
    for (const [url, key, appId, code] of cases) {
      const e = await remoteTokenProvider({ url, key })({ appId, forceRefresh: false }).catch((x: unknown) => x);
      assert.equal(codeOf(e), code);
      assert.ok(!String((e as Error).message).includes(key) && !String((e as Error).stack).includes(key));
    }
    const limited = remoteTokenProvider({ url: srv.url, key: OTHER_KEY });
    await limited({ appId: APP_ID, forceRefresh: false });
    const e = await limited({ appId: APP_ID, forceRefresh: false }).catch((x: unknown) => x);
    assert.equal(codeOf(e), 'CENTRAL_RATE_LIMITED');
    assert.equal((e as WxmpError).status, 429);
    assert.equal((e as WxmpError).retryable, false);
  });

  it('several URLs: a 5xx or an unreachable server moves on to the next; when all fail the last error surfaces', async () => {
    const unreachable = 'http://127.0.0.1:9';
    const provider = remoteTokenProvider({ url: [unreachable, dead.url, srv.url], key: BIZ_KEY, timeoutMs: 2000 });
    const got = await provider({ appId: APP_ID, forceRefresh: false });
    assert.equal(typeof got === 'object' && got.accessToken, platform.api.tokens.stable?.value);
    const none = remoteTokenProvider({ url: [unreachable, dead.url], key: BIZ_KEY });
    const e = await none({ appId: APP_ID, forceRefresh: false }).catch((x: unknown) => x);
    assert.equal(codeOf(e), 'HTTP_STATUS');
    assert.equal((e as WxmpError).status, 503);
  });

  it('an answer without access_token/expires_at is TOKEN_INVALID_RESPONSE; options are validated', async () => {
    const odd = await serve((_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{"token":"x"}'));
    try {
      const e = await remoteTokenProvider({ url: odd.url, key: BIZ_KEY })({ appId: APP_ID, forceRefresh: false }).catch((x: unknown) => x);
      assert.equal(codeOf(e), 'TOKEN_INVALID_RESPONSE');
    } finally {
      await odd.close();
    }
    const bad: unknown[] = [
      null,
      { key: BIZ_KEY },
      { url: 'ftp://x', key: BIZ_KEY },
      { url: [], key: BIZ_KEY },
      { url: 'http://x?y=1', key: BIZ_KEY },
      { url: 'http://x', key: 'short' },
      { url: 'http://x', key: BIZ_KEY, timeoutMs: 0 },
    ];
    for (const o of bad)
      assert.throws(
        () => remoteTokenProvider(o as never),
        (e: unknown) => codeOf(e) === 'INVALID_CONFIG',
        JSON.stringify(o),
      );
    const noFetch = remoteTokenProvider({ url: srv.url, key: BIZ_KEY, fetch: undefined as never });
    const saved = globalThis.fetch;
    (globalThis as { fetch?: unknown }).fetch = undefined;
    try {
      assert.equal(codeOf(await noFetch({ appId: APP_ID, forceRefresh: false }).catch((x: unknown) => x)), 'INVALID_CONFIG');
    } finally {
      globalThis.fetch = saved;
    }
  });
});
