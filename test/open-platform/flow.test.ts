// The whole Open Platform flow offline: ticket push → component token → pre-auth URL → query_auth →
// authorizer(appId) calls → token expiry → exactly one refresh for many concurrent calls →
// unauthorized → typed error. Webhooks on a real node:http server, the platform faked.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isWxmpError } from '../../src/errors.js';
import { toNodeListener } from '../../src/server/node.js';
import { serve } from '../server/_kit.js';
import { authorizerAppId, componentAppId, openKit } from './_kit.js';

test('ticket push → component token → pre-auth URL → query_auth → authorizer calls → expiry → one refresh → unauthorized', async () => {
  const k = openKit();
  const { api, component, sim } = k;
  const server = await serve(toNodeListener(k.events));
  try {
    // 1. the ticket arrives at the 授权事件接收URL (real HTTP) and is answered 'success'
    const ticket = api.component.issueTicket();
    const push = sim.componentVerifyTicket(ticket, { url: server.url });
    assert.deepEqual(await sim.readReply(await fetch(push.request()), push), { kind: 'success' });

    // 2. the component token is fetched once with that ticket, for any number of concurrent callers
    const tokens = await Promise.all(Array.from({ length: 20 }, () => component.getComponentAccessToken()));
    assert.equal(new Set(tokens).size, 1);
    const fetches = api.callsTo('/cgi-bin/component/api_component_token');
    assert.equal(fetches.length, 1);
    assert.equal((fetches[0]!.body as Record<string, unknown>).component_verify_ticket, ticket);

    // 3. the pre-auth URL, and the admin who authorizes on it
    const url = await component.preAuthUrl({ redirectUri: 'https://saas.example.com/authorized', authType: 1 });
    const page = new URL(url);
    assert.equal(page.origin + page.pathname, 'https://mp.weixin.qq.com/cgi-bin/componentloginpage');
    assert.equal(page.searchParams.get('component_appid'), componentAppId);
    assert.equal(page.searchParams.get('auth_type'), '1');
    assert.equal(page.searchParams.get('redirect_uri'), 'https://saas.example.com/authorized');
    const { redirectUrl, authorizationCode } = api.component.authorize(url);
    assert.equal(new URL(redirectUrl).searchParams.get('auth_code'), authorizationCode);

    // 4. query_auth stores the tokens: the first authorizer call needs no refresh
    const info = await component.queryAuth(authorizationCode);
    assert.equal(info.authorizer_appid, authorizerAppId);
    const client = component.authorizer(authorizerAppId);
    const menu = await client.menu.get();
    assert.ok(menu.menu.button.length > 0);
    assert.equal(api.callsTo('/cgi-bin/component/api_authorizer_token').length, 0);
    assert.equal(
      api.component.authorizerOf(api.callsTo('/cgi-bin/menu/get')[0]?.query.access_token ?? ''),
      authorizerAppId,
      'called with the authorizer token',
    );

    // 5. the token expires: 50 concurrent calls → exactly one api_authorizer_token, all succeed
    k.clock.t += 7200;
    const results = await Promise.all(Array.from({ length: 50 }, () => client.user.list()));
    assert.equal(results.length, 50);
    assert.equal(api.callsTo('/cgi-bin/component/api_authorizer_token').length, 1);

    // 6. unauthorized: tokens deleted, later calls a typed error (no refresh attempt at the platform)
    api.component.revoke(authorizerAppId);
    const gone = sim.unauthorized(authorizerAppId, { url: server.url });
    assert.deepEqual(await sim.readReply(await fetch(gone.request()), gone), { kind: 'success' });
    await assert.rejects(client.menu.get(), (e) => isWxmpError(e, 'OPEN_NOT_AUTHORIZED'));
    assert.equal(api.callsTo('/cgi-bin/component/api_authorizer_token').length, 1);
    assert.deepEqual(
      k.errors.map((e) => e.code),
      [],
    );
  } finally {
    await server.close();
  }
});
