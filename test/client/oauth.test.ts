import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { WeChatClient } from '../../src/client/client.js';
import { OAUTH_STATE_MAX_PAYLOAD_BYTES, createOAuthState } from '../../src/client/oauth-state.js';
import { rejectsCode, throwsCode } from '../helpers.js';
import { SECRET, kit } from './_kit.js';

test('authorizeUrl is exact, with parameters in the order WeChat requires', () => {
  const { client, api } = kit();
  assert.equal(
    client.oauth.authorizeUrl({ redirectUri: 'https://example.com/cb?x=1&y=中', scope: 'snsapi_userinfo', state: 'abc-_123' }),
    `https://open.weixin.qq.com/connect/oauth2/authorize?appid=${api.appId}&redirect_uri=https%3A%2F%2Fexample.com%2Fcb%3Fx%3D1%26y%3D%E4%B8%AD&response_type=code&scope=snsapi_userinfo&state=abc-_123#wechat_redirect`,
  );
  assert.equal(
    client.oauth.authorizeUrl({ redirectUri: 'http://a.example/', scope: 'snsapi_base' }),
    `https://open.weixin.qq.com/connect/oauth2/authorize?appid=${api.appId}&redirect_uri=http%3A%2F%2Fa.example%2F&response_type=code&scope=snsapi_base&state=#wechat_redirect`,
  );
  assert.ok(
    client.oauth
      .authorizeUrl({ redirectUri: 'https://a.example/', scope: 'snsapi_base', state: 's', forcePopup: true })
      .endsWith('&state=s&forcePopup=true#wechat_redirect'),
  );
  for (const bad of [
    { redirectUri: 'javascript:alert(1)', scope: 'snsapi_base' },
    { redirectUri: 'https://a.example', scope: 'snsapi_login' },
    { redirectUri: 'https://a.example', scope: 'snsapi_base', state: 'x'.repeat(129) },
    { redirectUri: 'https://a.example', scope: 'snsapi_base', state: 'a&b=c' },
  ]) {
    throwsCode(() => client.oauth.authorizeUrl(bad as never), 'INVALID_ARGUMENT');
  }
  assert.ok(client.oauth.authorizeUrl({ redirectUri: 'https://a.example', scope: 'snsapi_base', state: 'x'.repeat(128) }));
});

test('code exchange, userinfo, checkToken and refresh against the fake', async () => {
  const { api, client } = kit();
  const code = api.issueOAuthCode('oUSER1', { scope: 'snsapi_userinfo' });
  const grant = await client.oauth.exchangeCode(code);
  assert.equal(grant.openid, 'oUSER1');
  const call = api.callsTo('/sns/oauth2/access_token')[0];
  assert.deepEqual(call?.query, { appid: api.appId, secret: SECRET, code, grant_type: 'authorization_code' });
  const me = await client.oauth.userInfo(grant.access_token, grant.openid);
  assert.equal(me.nickname, '测试用户');
  assert.equal(api.callsTo('/sns/userinfo')[0]?.query['lang'], 'zh_CN');
  assert.equal(await client.oauth.checkToken(grant.access_token, grant.openid), true);
  assert.equal(await client.oauth.checkToken('NOT_A_REAL_TOKEN', grant.openid), false);
  const renewed = await client.oauth.refresh(grant.refresh_token);
  assert.notEqual(renewed.access_token, grant.access_token);
  assert.equal((await rejectsCode(client.oauth.refresh('UNKNOWN_REFRESH'), 'API_ERROR')).errcode, 40030);
  assert.equal(api.calls.filter((c) => c.path.startsWith('/cgi-bin/')).length, 0, 'OAuth never needs the access_token');
});

test('40163 (used), 40029 (invalid) and 42003 (expired) are distinct typed errors; never retried', async () => {
  const { api, client, clock } = kit();
  const code = api.issueOAuthCode('oUSER1');
  await client.oauth.exchangeCode(code);
  const used = await rejectsCode(client.oauth.exchangeCode(code), 'OAUTH_CODE_USED');
  assert.equal(used.errcode, 40163);
  assert.equal((await rejectsCode(client.oauth.exchangeCode('NEVER_ISSUED'), 'OAUTH_CODE_INVALID')).errcode, 40029);
  const late = api.issueOAuthCode('oUSER2', { ttlSeconds: 300 });
  clock.t += 301;
  assert.equal((await rejectsCode(client.oauth.exchangeCode(late), 'OAUTH_CODE_EXPIRED')).errcode, 42003);
  // -1 and a timeout on the exchange are not retried (the code may have been consumed)
  api.script('/sns/oauth2/access_token', -1);
  await rejectsCode(client.oauth.exchangeCode(api.issueOAuthCode('o3')), 'API_ERROR');
  api.script('/sns/oauth2/access_token', new Response('x', { status: 502 }));
  await rejectsCode(client.oauth.exchangeCode(api.issueOAuthCode('o4')), 'HTTP_STATUS');
  assert.equal(api.callsTo('/sns/oauth2/access_token').length, 6, 'one call per exchange');
  await rejectsCode(client.oauth.exchangeCode(''), 'INVALID_ARGUMENT');
  await rejectsCode(client.oauth.userInfo('', 'o'), 'INVALID_ARGUMENT');
  const noSecret = new WeChatClient({ appId: 'wxabc', tokenProvider: async () => 'TOKEN_VALUE_123' });
  await rejectsCode(noSecret.oauth.exchangeCode('CODE'), 'INVALID_CONFIG');
  api.script('/sns/auth', -1, -1, -1);
  await rejectsCode(client.oauth.checkToken('SOME_TOKEN_1', 'o'), 'API_ERROR');
});

test('OAuth state: round trip, payload, ≤ 128 bytes, alphabet', () => {
  let t = 1_700_000_000;
  const s = createOAuthState({ secret: 'state-secret-0123456789', now: () => t });
  const a = s.issue();
  const b = s.issue();
  assert.notEqual(a, b, 'random nonce');
  assert.equal(s.verify(a), '');
  const withPayload = s.issue('/cart?id=42');
  assert.equal(s.verify(withPayload), '/cart?id=42');
  const max = s.issue('x'.repeat(OAUTH_STATE_MAX_PAYLOAD_BYTES));
  assert.ok(max.length <= 128, `length ${max.length}`);
  assert.equal(max.length, 128);
  assert.match(max, /^[0-9a-f]+$/); // WeChat allows only [a-zA-Z0-9] in state
  throwsCode(() => s.issue('x'.repeat(OAUTH_STATE_MAX_PAYLOAD_BYTES + 1)), 'INVALID_ARGUMENT');
  throwsCode(() => s.issue(1 as unknown as string), 'INVALID_ARGUMENT');
  t += 600;
  assert.equal(s.verify(a), '');
  t += 1;
  throwsCode(() => s.verify(a), 'OAUTH_STATE_EXPIRED');
});

test('OAuth state: tampering, other secrets, malformed and future states are OAUTH_STATE_INVALID', () => {
  let t = 1_700_000_000;
  const s = createOAuthState({ secret: 'state-secret-0123456789', now: () => t, ttlSeconds: 60 });
  const good = s.issue('p');
  const other = createOAuthState({ secret: 'another-secret-0123456789', now: () => t });
  throwsCode(() => other.verify(good), 'OAUTH_STATE_INVALID');
  for (const bad of ['', 'a', '!!!!', 'x'.repeat(129), good.slice(0, -1), `${good}A`, `AQ${good.slice(2)}`, 42 as unknown as string]) {
    throwsCode(() => s.verify(bad), 'OAUTH_STATE_INVALID');
  }
  const future = createOAuthState({ secret: 'state-secret-0123456789', now: () => t + 61 }).issue();
  throwsCode(() => s.verify(future), 'OAUTH_STATE_INVALID');
  fc.assert(
    fc.property(fc.nat({ max: good.length - 1 }), fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'), (i, ch) => {
      fc.pre(good[i] !== ch);
      const tampered = good.slice(0, i) + ch + good.slice(i + 1);
      let code: string | undefined;
      try {
        s.verify(tampered);
      } catch (e) {
        code = (e as { code?: string }).code;
      }
      assert.equal(code, 'OAUTH_STATE_INVALID');
    }),
    { numRuns: 300 },
  );
  throwsCode(() => createOAuthState({ secret: 'short' }), 'INVALID_CONFIG');
  throwsCode(() => createOAuthState({ secret: 'state-secret-0123456789', ttlSeconds: 0 }), 'INVALID_CONFIG');
  throwsCode(() => createOAuthState({ secret: 'state-secret-0123456789', randomBytes: () => new Uint8Array(2) }).issue(), 'INVALID_CONFIG');
  t += 0;
});

test('property: any payload that fits round-trips and stays within 128 bytes', () => {
  const s = createOAuthState({ secret: 'state-secret-0123456789' });
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), (p) => {
      fc.pre(new TextEncoder().encode(p).length <= OAUTH_STATE_MAX_PAYLOAD_BYTES);
      const st = s.issue(p);
      assert.ok(new TextEncoder().encode(st).length <= 128);
      assert.equal(s.verify(st), p);
    }),
  );
});
