import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { WeChatClient } from '../../src/client/client.js';
import { WxmpError } from '../../src/errors.js';
import { createFakeWeChatApi } from '../../src/testing/fake-api/index.js';
import { SECRET } from './_kit.js';

/** Every rendering of an error a logger or a crash report might produce. */
function renderings(e: unknown): string[] {
  const err = e as WxmpError & { cause?: unknown };
  return [
    String(err.message),
    String(err.stack),
    JSON.stringify(err),
    inspect(err),
    inspect(err, { depth: 10, showHidden: true }),
    String(err.errmsg),
    inspect(err.cause, { depth: 10 }),
    String(err),
  ];
}

async function caught(p: Promise<unknown>): Promise<WxmpError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof WxmpError, `not a WxmpError: ${String(e)}`);
    return e;
  }
  assert.fail('expected a rejection');
}

test('no secret (AppSecret, access_token, OAuth tokens) in any error message, stack, JSON.stringify or util.inspect', async () => {
  const api = createFakeWeChatApi({ appSecret: SECRET });
  const client = new WeChatClient({ appId: api.appId, appSecret: SECRET, fetch: api.fetch, sleep: async () => {}, timeoutMs: 20 });
  const token = await client.getAccessToken();
  const code = api.issueOAuthCode('oUSER');
  const grant = await client.oauth.exchangeCode(code);
  const secrets = [SECRET, token, grant.access_token, grant.refresh_token];
  // What each call could possibly echo: the secrets that call itself handled.
  const echoOf = (...extra: string[]): string =>
    `token ${token} secret ${SECRET} ${extra.join(' ')} url https://api.weixin.qq.com/x?access_token=${token}&secret=${SECRET}`;
  const echo = echoOf();
  const errors: WxmpError[] = [];

  // upstream errmsg echoing every secret in raw and key=value form
  api.script('/cgi-bin/user/get', { errcode: 40035, errmsg: echo });
  errors.push(await caught(client.request('/cgi-bin/user/get')));
  // a network failure whose message carries the full URL and the secret
  const leakyFetch = async (url: string): Promise<Response> => {
    // this client never saw the other client's token: it can only leak what it sent
    throw new TypeError(`connect ETIMEDOUT ${url} secret ${SECRET} ${decodeURIComponent(url).replace(/[?&=]/g, ' ')}`);
  };
  const leaky = new WeChatClient({ appId: api.appId, appSecret: SECRET, fetch: leakyFetch, sleep: async () => {}, tokenMode: 'classic' });
  errors.push(await caught(leaky.getAccessToken()));
  errors.push(await caught(leaky.oauth.exchangeCode('SOMECODE')));
  errors.push(await caught(leaky.oauth.userInfo(grant.access_token, 'oUSER')));
  errors.push(await caught(leaky.request('/x', { auth: false, query: { secret: SECRET } })));
  // token endpoint refusing with an echo
  api.script('/cgi-bin/stable_token', { errcode: 40125, errmsg: echo });
  errors.push(await caught(client.getAccessToken({ forceRefresh: true })));
  errors.push(await caught(client.getAccessToken({ forceRefresh: true }))); // negative-cached copy
  // OAuth errors with echoes
  api.script('/sns/userinfo', { errcode: 40001, errmsg: echoOf(grant.access_token) });
  errors.push(await caught(client.oauth.userInfo(grant.access_token, 'oUSER')));
  api.script('/sns/oauth2/access_token', { errcode: 40163, errmsg: echo });
  errors.push(await caught(client.oauth.exchangeCode(api.issueOAuthCode('o2'))));
  api.script('/sns/oauth2/refresh_token', { errcode: 42002, errmsg: echoOf(grant.refresh_token) });
  errors.push(await caught(client.oauth.refresh(grant.refresh_token)));
  // transport failures
  api.script('/cgi-bin/menu/get', new Response(echo, { status: 500 }), new Response(echo, { status: 500 }), new Response(echo, { status: 500 }));
  errors.push(await caught(client.request('/cgi-bin/menu/get')));
  api.script('/cgi-bin/menu/create', new Response(null, { status: 302, headers: { location: `https://x/?access_token=${token}` } }));
  errors.push(await caught(client.request('/cgi-bin/menu/create', { body: {} })));
  api.script('/cgi-bin/menu/create', new Response(`not json ${echo}`));
  errors.push(await caught(client.request('/cgi-bin/menu/create', { body: {} })));
  api.script('/cgi-bin/menu/create', new Response(`[${JSON.stringify(echo)}]`));
  errors.push(await caught(client.request('/cgi-bin/menu/create', { body: {} })));
  api.script('/cgi-bin/menu/create', new Response(`{"a":"${'x'.repeat(100)}"}`));
  errors.push(await caught(client.request('/cgi-bin/menu/create', { body: {}, maxResponseBytes: 10 })));
  api.setLatency(1000, '/cgi-bin/message/template/send');
  errors.push(await caught(client.request('/cgi-bin/message/template/send', { body: { secret: SECRET } })));
  errors.push(await caught(client.request('/cgi-bin/user/get', { signal: AbortSignal.abort(new Error(echo)) })));
  // stores and providers that throw with secrets in their messages; these clients never saw
  // `token`, so only its key=value / JSON forms can be recognised (documented limit)
  const foreign = `secret ${SECRET} access_token=${token} {"access_token":"${token}"} {"appsecret": "${SECRET}"}`;
  const badCache = new WeChatClient({
    appId: api.appId,
    appSecret: SECRET,
    fetch: api.fetch,
    tokenCache: {
      get: () => {
        throw new Error(`WRONGTYPE ${foreign}`);
      },
      set: () => {},
      delete: () => {},
    },
  });
  errors.push(await caught(badCache.getAccessToken()));
  const badLock = new WeChatClient({
    appId: api.appId,
    appSecret: SECRET,
    fetch: api.fetch,
    lock: {
      acquire: () => {
        throw new Error(foreign);
      },
      release: () => {},
    },
  });
  errors.push(await caught(badLock.getAccessToken()));
  const badProvider = new WeChatClient({
    appId: api.appId,
    fetch: api.fetch,
    tokenProvider: async () => {
      throw new Error(`central: access_token=${token} {"secret":"${SECRET}"}`);
    },
  });
  errors.push(await caught(badProvider.getAccessToken()));
  // the error carries useful, non-secret facts
  assert.equal(errors[0]?.errcode, 40035);
  assert.ok(errors.length >= 20);
  for (const e of errors) {
    for (const text of renderings(e)) {
      for (const s of secrets) assert.ok(!text.includes(s), `${e.code} leaked a secret in: ${text.slice(0, 300)}`);
    }
  }
  // neither does the client object itself
  for (const text of [inspect(client, { depth: 10, showHidden: true }), JSON.stringify(client)]) {
    for (const s of secrets) assert.ok(!text.includes(s), 'client leaked a secret');
  }
});
