// ComponentClient: the ticket, the component token, the pre-auth URL, query_auth and authorizer
// tokens — every failure a typed WxmpError, never a hang or a retry loop.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryTokenCache } from '../../src/client/memory.js';
import { isWxmpError, WxmpError } from '../../src/errors.js';
import { ComponentClient } from '../../src/open-platform/client.js';
import { MemoryAuthorizerStore } from '../../src/open-platform/store.js';
import { TICKET_TTL_SECONDS } from '../../src/open-platform/ticket.js';
import type { AuthorizerStore } from '../../src/open-platform/types.js';
import { authorizerAppId, componentAppId, componentAppSecret, encodingAESKey, openKit, token } from './_kit.js';

const base = { componentAppId, componentAppSecret, token, encodingAESKey };
const rejects = (code: string) => (e: unknown) => isWxmpError(e) && e.code === code;

describe('ComponentClient options', () => {
  it('refuses malformed configuration with INVALID_CONFIG, never echoing a secret', () => {
    const bad: Record<string, unknown>[] = [
      { componentAppId: '' },
      { componentAppId: 'wx bad' },
      { componentAppSecret: 'short' },
      { componentAppSecret: 'has a space in it' },
      { token: 'x' },
      { token: 'not-letters!' },
      { encodingAESKey: 'tooShort' },
      { authorizerStore: { get() {} } },
      { now: 5 },
      { lockWaitMs: -1 },
    ];
    for (const over of bad) {
      assert.throws(
        () => new ComponentClient({ ...base, ...over } as never),
        (e) => {
          assert.ok(isWxmpError(e, 'INVALID_CONFIG'), `${JSON.stringify(over)}: ${String(e)}`);
          assert.ok(!e.message.includes(componentAppSecret) && !e.message.includes(encodingAESKey));
          return true;
        },
      );
    }
    assert.throws(() => new ComponentClient(null as never), rejects('INVALID_CONFIG'));
  });
});

describe('component_verify_ticket and component_access_token', () => {
  it('without a ticket: OPEN_TICKET_MISSING, and nothing is sent to the platform', async () => {
    const k = openKit();
    await assert.rejects(k.component.getComponentAccessToken(), rejects('OPEN_TICKET_MISSING'));
    assert.equal(k.api.calls.length, 0);
  });

  it('a ticket lasts 12 h: at 12 h − 1 s it is used, at 12 h it is missing (boundary pair)', async () => {
    for (const [age, ok] of [
      [TICKET_TTL_SECONDS - 1, true],
      [TICKET_TTL_SECONDS, false],
    ] as const) {
      const k = openKit();
      await k.pushTicket();
      k.clock.t += age;
      if (ok) assert.match(await k.component.getComponentAccessToken(), /^FAKE_COMPONENT_TOKEN_/);
      else await assert.rejects(k.component.getComponentAccessToken(), rejects('OPEN_TICKET_MISSING'));
    }
  });

  it('survives a missed push: the last ticket refreshes an expired component token', async () => {
    const k = openKit();
    const ticket = await k.pushTicket();
    const first = await k.component.getComponentAccessToken();
    k.clock.t += 7200; // token expired, no new ticket pushed in between
    const second = await k.component.getComponentAccessToken();
    assert.notEqual(first, second);
    const sent = k.api.callsTo('/cgi-bin/component/api_component_token').map((c) => (c.body as Record<string, unknown>).component_verify_ticket);
    assert.deepEqual(sent, [ticket, ticket]);
  });

  it('the newest pushed ticket replaces the previous one', async () => {
    const k = openKit();
    await k.pushTicket();
    const latest = await k.pushTicket();
    await k.component.getComponentAccessToken();
    assert.equal((k.api.callsTo('/cgi-bin/component/api_component_token')[0]!.body as Record<string, unknown>).component_verify_ticket, latest);
  });

  it('a ticket the platform refuses (61005, 61006): OPEN_TICKET_REJECTED with the errcode, remembered a few seconds (no retry loop)', async () => {
    for (const errcode of [61005, 61006]) {
      const k = openKit();
      await k.pushTicket();
      k.api.script('/cgi-bin/component/api_component_token', errcode);
      for (let i = 0; i < 5; i++) {
        await assert.rejects(k.component.getComponentAccessToken(), (e) => isWxmpError(e, 'OPEN_TICKET_REJECTED') && e.errcode === errcode);
      }
      assert.equal(k.api.callsTo('/cgi-bin/component/api_component_token').length, 1, 'negative-cached');
      k.clock.t += 11;
      assert.match(await k.component.getComponentAccessToken(), /^FAKE_COMPONENT_TOKEN_/);
    }
  });

  it('a wrong AppSecret or unregistered IP is API_TOKEN_CONFIG (40125, 61004)', async () => {
    for (const errcode of [40125, 61004]) {
      const k = openKit();
      await k.pushTicket();
      k.api.script('/cgi-bin/component/api_component_token', errcode);
      await assert.rejects(k.component.getComponentAccessToken(), (e) => isWxmpError(e, 'API_TOKEN_CONFIG') && e.errcode === errcode);
    }
  });

  it('a cache that throws is TOKEN_CACHE_FAILED, on push and on read', async () => {
    const broken = {
      get() {
        throw new Error(`down ${componentAppSecret}`);
      },
      set() {
        throw new Error('down');
      },
      delete() {},
    };
    const k = openKit({ tokenCache: broken });
    await assert.rejects(k.component.saveVerifyTicket('ticket@@@0123456789'), rejects('TOKEN_CACHE_FAILED'));
    await assert.rejects(k.component.getComponentAccessToken(), (e) => {
      assert.ok(isWxmpError(e, 'TOKEN_CACHE_FAILED'));
      assert.ok(!String((e as { cause?: Error }).cause?.message).includes(componentAppSecret), 'the cause is scrubbed');
      return true;
    });
  });

  it('saveVerifyTicket refuses a value that cannot be a ticket', async () => {
    const k = openKit();
    for (const v of ['', 'short', 'x'.repeat(2049), 'with space inside', 42]) {
      await assert.rejects(k.component.saveVerifyTicket(v as string), rejects('INVALID_ARGUMENT'));
    }
  });

  it('the component token goes in component_access_token (and access_token) on component endpoints; a rejected one is refreshed once', async () => {
    const k = openKit();
    await k.pushTicket();
    await k.authorize();
    k.clock.t += 7000; // the component token is now inside its refresh skew: the next call refreshes it
    k.api.script('/cgi-bin/component/api_get_authorizer_info', 40001);
    const info = await k.component.request<{ authorizer_info: { user_name: string } }>('/cgi-bin/component/api_get_authorizer_info', {
      body: { component_appid: componentAppId, authorizer_appid: authorizerAppId },
    });
    assert.match(info.authorizer_info.user_name, /^gh_/);
    const calls = k.api.callsTo('/cgi-bin/component/api_get_authorizer_info');
    assert.equal(calls.length, 2);
    assert.ok(calls.every((c) => c.query.component_access_token !== undefined && c.query.access_token === c.query.component_access_token));
    assert.equal(k.api.callsTo('/cgi-bin/component/api_component_token').length, 3);
  });
});

describe('preAuthUrl', () => {
  it('PC page and mobile link with their parameters', async () => {
    const k = openKit();
    await k.pushTicket();
    const pc = new URL(await k.component.preAuthUrl({ redirectUri: 'https://saas.example.com/cb?x=1', bizAppid: authorizerAppId }));
    assert.equal(pc.searchParams.get('biz_appid'), authorizerAppId);
    assert.equal(pc.searchParams.get('redirect_uri'), 'https://saas.example.com/cb?x=1');
    assert.match(pc.searchParams.get('pre_auth_code') ?? '', /^preauthcode@@@/);
    const mobile = await k.component.preAuthUrl({ redirectUri: 'https://saas.example.com/cb', mobile: true, authType: 3 });
    const m = new URL(mobile);
    assert.equal(m.origin + m.pathname, 'https://mp.weixin.qq.com/safe/bindcomponent');
    assert.equal(m.searchParams.get('action'), 'bindcomponent');
    assert.equal(m.searchParams.get('no_scan'), '1');
    assert.equal(m.searchParams.get('auth_type'), '3');
    assert.ok(mobile.endsWith('#wechat_redirect'));
    assert.equal(k.api.component.authorize(mobile).authorizerAppId, authorizerAppId);
  });

  it('authType 1 and 6 pass, 0 and 7 fail before a pre_auth_code is spent (boundary pairs)', async () => {
    const k = openKit();
    await k.pushTicket();
    for (const authType of [1, 6]) await k.component.preAuthUrl({ redirectUri: 'https://a.example.com/', authType });
    for (const bad of [
      { authType: 0 },
      { authType: 7 },
      { authType: 1.5 },
      { redirectUri: 'ftp://x' },
      { redirectUri: '/relative' },
      { bizAppid: 'not an appid' },
    ]) {
      await assert.rejects(k.component.preAuthUrl({ redirectUri: 'https://a.example.com/', ...bad }), rejects('INVALID_ARGUMENT'));
    }
    assert.equal(k.api.callsTo('/cgi-bin/component/api_create_preauthcode').length, 2);
  });

  it('a pre_auth_code is single-use on the fake page', async () => {
    const k = openKit();
    await k.pushTicket();
    const url = await k.component.preAuthUrl({ redirectUri: 'https://a.example.com/' });
    k.api.component.authorize(url);
    assert.throws(() => k.api.component.authorize(url), rejects('INVALID_ARGUMENT'));
  });
});

describe('queryAuth and authorizer tokens', () => {
  it('stores the refresh token and the access token; the same code twice shares one exchange', async () => {
    const store = new MemoryAuthorizerStore();
    const k = openKit({ authorizerStore: store });
    await k.pushTicket();
    const code = k.api.component.issueAuthorizationCode(authorizerAppId);
    const [a, b] = await Promise.all([k.component.queryAuth(code), k.component.queryAuth(code)]);
    assert.equal(a, b);
    assert.equal(await k.component.queryAuth(code), a);
    assert.equal(k.api.callsTo('/cgi-bin/component/api_query_auth').length, 1);
    assert.equal(store.get(authorizerAppId)?.refreshToken, a.authorizer_refresh_token);
    assert.equal(await k.component.authorizer(authorizerAppId).getAccessToken(), a.authorizer_access_token);
  });

  it('an invalid or used code is OPEN_AUTH_CODE_REJECTED (61009, 61010) and is not memoised', async () => {
    const k = openKit();
    await k.pushTicket();
    await assert.rejects(k.component.queryAuth('queryauthcode@@@unknown'), (e) => isWxmpError(e, 'OPEN_AUTH_CODE_REJECTED') && e.errcode === 61009);
    await assert.rejects(k.component.queryAuth('queryauthcode@@@unknown'), rejects('OPEN_AUTH_CODE_REJECTED'));
    assert.equal(k.api.callsTo('/cgi-bin/component/api_query_auth').length, 2);
    const code = k.api.component.issueAuthorizationCode();
    k.clock.t += 601;
    await assert.rejects(k.component.queryAuth(code), (e) => isWxmpError(e, 'OPEN_AUTH_CODE_REJECTED') && e.errcode === 61010);
    await assert.rejects(k.component.queryAuth(''), rejects('INVALID_ARGUMENT'));
  });

  it('an account that never authorized: OPEN_NOT_AUTHORIZED without a platform call', async () => {
    const k = openKit();
    await k.pushTicket();
    await assert.rejects(k.component.authorizer('wx1111111111111111').menu.get(), rejects('OPEN_NOT_AUTHORIZED'));
    assert.equal(k.api.callsTo('/cgi-bin/component/api_authorizer_token').length, 0);
    assert.throws(() => k.component.authorizer('not/an/appid'), rejects('INVALID_ARGUMENT'));
  });

  it('a refresh token the platform rejects (61023): OPEN_REFRESH_TOKEN_REJECTED, one platform call for many attempts', async () => {
    const store = new MemoryAuthorizerStore();
    const k = openKit({ authorizerStore: store });
    await k.pushTicket();
    await k.authorize();
    store.set(authorizerAppId, { refreshToken: 'refreshtoken@@@wrong-one', updatedAt: 0 });
    k.clock.t += 7200;
    const client = k.component.authorizer(authorizerAppId);
    for (let i = 0; i < 5; i++) await assert.rejects(client.menu.get(), (e) => isWxmpError(e, 'OPEN_REFRESH_TOKEN_REJECTED') && e.errcode === 61023);
    assert.equal(k.api.callsTo('/cgi-bin/component/api_authorizer_token').length, 1);
    // authorizing again works at once (the new token clears the remembered failure)
    await k.authorize();
    assert.ok(await client.menu.get());
  });

  it('a revoked authorization answered by the platform (61003) is OPEN_NOT_AUTHORIZED', async () => {
    const k = openKit();
    await k.pushTicket();
    await k.authorize();
    k.api.component.revoke(authorizerAppId); // no unauthorized push processed yet: the store still has the refresh token
    await assert.rejects(k.component.authorizer(authorizerAppId).menu.get(), (e) => isWxmpError(e, 'OPEN_NOT_AUTHORIZED') && e.errcode === 61003);
  });

  it('a rotated refresh token is stored; a store that fails is OPEN_STORE_FAILED (scrubbed)', async () => {
    const store = new MemoryAuthorizerStore();
    const k = openKit({ authorizerStore: store });
    await k.pushTicket();
    await k.authorize();
    k.clock.t += 7200;
    k.api.script('/cgi-bin/component/api_authorizer_token', {
      authorizer_access_token: 'AUTHORIZER_TOKEN_ROTATED_1',
      expires_in: 7200,
      authorizer_refresh_token: 'refreshtoken@@@rotated',
    });
    assert.equal(await k.component.authorizer(authorizerAppId).getAccessToken(), 'AUTHORIZER_TOKEN_ROTATED_1');
    assert.equal(store.get(authorizerAppId)?.refreshToken, 'refreshtoken@@@rotated');

    const failing: AuthorizerStore = {
      get: () => {
        throw new Error(`db down ${componentAppSecret}`);
      },
      set: () => {},
      delete: () => {},
    };
    const f = openKit({ authorizerStore: failing });
    await f.pushTicket();
    await assert.rejects(f.component.authorizer(authorizerAppId).menu.get(), (e) => {
      assert.ok(isWxmpError(e, 'OPEN_STORE_FAILED'));
      assert.ok(!String((e as { cause?: Error }).cause?.message).includes(componentAppSecret));
      return true;
    });
    const garbage: AuthorizerStore = { get: () => ({ refreshToken: 42 }) as never, set: () => {}, delete: () => {} };
    const g = openKit({ authorizerStore: garbage });
    await g.pushTicket();
    await assert.rejects(g.component.authorizer(authorizerAppId).menu.get(), rejects('OPEN_STORE_FAILED'));
  });

  it('forgetAuthorizer deletes the refresh token and the cached access token', async () => {
    const store = new MemoryAuthorizerStore();
    const cache = new MemoryTokenCache();
    const k = openKit({ authorizerStore: store, tokenCache: cache });
    await k.pushTicket();
    await k.authorize();
    await k.component.forgetAuthorizer(authorizerAppId);
    assert.equal(store.get(authorizerAppId), null);
    assert.equal(cache.get(`wxmp:authorizer_access_token:${componentAppId}:${authorizerAppId}`), null);
    assert.deepEqual(store.appIds(), []);
  });

  it('errors never carry the AppSecret, Token, EncodingAESKey or a token', async () => {
    const k = openKit();
    await k.pushTicket();
    await k.authorize();
    const at = await k.component.authorizer(authorizerAppId).getAccessToken();
    const ct = await k.component.getComponentAccessToken();
    k.api.script('/cgi-bin/menu/get', new Response(`upstream said ${at} ${ct}`, { status: 502 }));
    const e = await k.component
      .authorizer(authorizerAppId)
      .request('/cgi-bin/menu/get', { idempotent: false })
      .catch((x: unknown) => x);
    assert.ok(e instanceof WxmpError);
    for (const text of [e.message, JSON.stringify(e), String(e.stack)]) {
      for (const secret of [componentAppSecret, token, encodingAESKey, at, ct]) assert.ok(!text.includes(secret), `leaked ${secret.slice(0, 8)}… in ${text}`);
    }
  });
});
