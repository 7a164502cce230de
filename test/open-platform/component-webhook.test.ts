// The 授权事件接收URL: verify ticket stored, authorization codes exchanged, revoked accounts
// forgotten, every event typed — with every rule of the main webhook (authenticate before reading,
// safe mode only, caps, de-duplication, the deadline, redacted errors).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryTokenCache } from '../../src/client/memory.js';
import { isWxmpError } from '../../src/errors.js';
import { createComponentWebhook } from '../../src/open-platform/component-webhook.js';
import { MemoryAuthorizerStore } from '../../src/open-platform/store.js';
import type { ComponentEvent, ComponentWebhookErrorContext } from '../../src/open-platform/types.js';
import { createSimulator } from '../../src/testing/simulator.js';
import { authorizerAppId, componentAppId, componentAppSecret, encodingAESKey, openKit, token } from './_kit.js';

function recording() {
  const events: ComponentEvent[] = [];
  const contexts: ComponentWebhookErrorContext[] = [];
  const errors: string[] = [];
  return {
    events,
    contexts,
    errors,
    onEvent: (e: ComponentEvent) => void events.push(e),
    onError: (e: { code: string; message: string }, ctx: ComponentWebhookErrorContext) => {
      errors.push(e.code);
      contexts.push(ctx);
    },
  };
}

describe('createComponentWebhook', () => {
  it('a component_verify_ticket push is stored for 12 h and answered success (typed event to onEvent)', async () => {
    const r = recording();
    const cache = new MemoryTokenCache({ now: () => 1_700_000_000 });
    const k = openKit({ tokenCache: cache }, r);
    const ticket = k.api.component.issueTicket();
    const push = k.sim.componentVerifyTicket(ticket);
    const res = await k.events(push.request());
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'success');
    assert.equal(cache.get(`wxmp:component_verify_ticket:${componentAppId}`)?.accessToken, ticket);
    assert.equal(r.events.length, 1);
    const e = r.events[0];
    assert.ok(e?.infoType === 'component_verify_ticket');
    assert.equal(e.componentVerifyTicket, ticket);
    assert.equal(e.appId, componentAppId);
    assert.equal(e.createTime, 1_700_000_000);
  });

  it('authorized: the code is exchanged (tokens stored, event.authorization) — a retried push runs once', async () => {
    const r = recording();
    const store = new MemoryAuthorizerStore();
    const k = openKit({ authorizerStore: store }, r);
    await k.pushTicket();
    const url = await k.component.preAuthUrl({ redirectUri: 'https://saas.example.com/authorized' });
    const { authorizationCode } = k.api.component.authorize(url);
    const push = k.sim.authorized({ authorizerAppid: authorizerAppId, authorizationCode, preAuthCode: new URL(url).searchParams.get('pre_auth_code') ?? '' });
    for (let i = 0; i < 3; i++) assert.equal(await (await k.events(push.request())).text(), 'success'); // WeChat's retries
    assert.equal(k.api.callsTo('/cgi-bin/component/api_query_auth').length, 1);
    const authorized = r.events.filter((e) => e.infoType === 'authorized');
    assert.equal(authorized.length, 1);
    const e = authorized[0];
    assert.ok(e?.infoType === 'authorized');
    assert.equal(e.authorizerAppid, authorizerAppId);
    assert.equal(e.authorization?.authorizer_appid, authorizerAppId);
    assert.equal(e.authorizationCodeExpiredTime, 1_700_000_600);
    assert.equal(store.get(authorizerAppId)?.refreshToken, e.authorization?.authorizer_refresh_token);
    // the redirect page of the same process exchanging the same code gets the same answer
    assert.equal(await k.component.queryAuth(authorizationCode), e.authorization);
    assert.deepEqual(r.errors, []);
  });

  it("updateauthorized exchanges its new code; unauthorized deletes the account's tokens", async () => {
    const r = recording();
    const store = new MemoryAuthorizerStore();
    const k = openKit({ authorizerStore: store }, r);
    await k.pushTicket();
    await k.authorize();
    const code = k.api.component.issueAuthorizationCode(authorizerAppId);
    await k.events(k.sim.updateAuthorized({ authorizerAppid: authorizerAppId, authorizationCode: code }).request());
    const update = r.events.find((e) => e.infoType === 'updateauthorized');
    assert.ok(update?.infoType === 'updateauthorized' && update.authorization?.authorizer_appid === authorizerAppId);
    assert.equal(store.get(authorizerAppId)?.refreshToken, update.authorization?.authorizer_refresh_token);

    k.api.component.revoke(authorizerAppId);
    assert.equal(await (await k.events(k.sim.unauthorized(authorizerAppId).request())).text(), 'success');
    assert.equal(store.get(authorizerAppId), null);
    assert.ok(r.events.some((e) => e.infoType === 'unauthorized' && e.authorizerAppid === authorizerAppId));
    await assert.rejects(k.component.authorizer(authorizerAppId).menu.get(), (e) => isWxmpError(e, 'OPEN_NOT_AUTHORIZED'));
  });

  it('a code already used elsewhere: onEvent still runs (no authorization), the failure is reported, the answer is success', async () => {
    const r = recording();
    const k = openKit({}, r);
    await k.pushTicket();
    const code = k.api.component.issueAuthorizationCode(authorizerAppId);
    await k.api.fetch(`https://api.weixin.qq.com/cgi-bin/component/api_query_auth?component_access_token=${await k.component.getComponentAccessToken()}`, {
      method: 'POST',
      body: JSON.stringify({ component_appid: componentAppId, authorization_code: code }),
    }); // another process's redirect page used it
    assert.equal(await (await k.events(k.sim.authorized({ authorizerAppid: authorizerAppId, authorizationCode: code }).request())).text(), 'success');
    const e = r.events.find((x) => x.infoType === 'authorized');
    assert.ok(e?.infoType === 'authorized' && e.authorization === undefined);
    assert.deepEqual(r.errors, ['WEBHOOK_HANDLER_FAILED']);
    assert.match(String(r.contexts[0]?.event?.infoType), /authorized/);
  });

  it('onEvent failing, or the ticket store failing, is reported and answered success; onEvent still sees the event', async () => {
    const r = recording();
    const k = openKit(
      {},
      {
        onEvent: () => {
          throw new Error(`boom ${componentAppSecret}`);
        },
        onError: r.onError,
      },
    );
    assert.equal(await (await k.events(k.sim.componentVerifyTicket(k.api.component.issueTicket()).request())).text(), 'success');
    assert.deepEqual(r.errors, ['WEBHOOK_HANDLER_FAILED']);
    const broken = {
      get: () => null,
      set: () => {
        throw new Error('redis down');
      },
      delete: () => {},
    };
    const r2 = recording();
    const k2 = openKit({ tokenCache: broken }, r2);
    assert.equal(await (await k2.events(k2.sim.componentVerifyTicket(k2.api.component.issueTicket()).request())).text(), 'success');
    assert.deepEqual(r2.errors, ['WEBHOOK_HANDLER_FAILED']);
    assert.equal(r2.events.length, 1);
  });

  it('never refuses an authenticated push for its shape: other InfoTypes and a missing field are delivered as unknown', async () => {
    const r = recording();
    const k = openKit({}, r);
    await k.events(k.sim.componentEvent('notify_third_fasteregister', { appid: 'wxnew', status: 0 }).request());
    await k.events(k.sim.componentEvent('authorized', { AuthorizerAppid: authorizerAppId }).request());
    const [other, broken] = r.events;
    assert.ok(other?.infoType === 'unknown' && other.rawInfoType === 'notify_third_fasteregister');
    assert.equal(other.appid, 'wxnew');
    assert.ok(broken?.infoType === 'unknown' && broken.rawInfoType === 'authorized');
    assert.deepEqual(r.errors, ['MESSAGE_SCHEMA_DRIFT']);
    assert.equal(k.api.callsTo('/cgi-bin/component/api_query_auth').length, 0);
  });

  it('refuses a forged push before reading its body, a plaintext push, and an oversized body', async () => {
    const r = recording();
    const k = openKit({}, r);
    const forged = createSimulator({ token: 'notTheToken', encodingAESKey, appId: componentAppId, now: () => 1_700_000_000 }).componentVerifyTicket(
      'ticket@@@forged12345',
    );
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled++;
        c.enqueue(new Uint8Array(1000));
      },
    });
    const res = await k.events(new Request(forged.url, { method: 'POST', body, duplex: 'half' } as RequestInit));
    assert.equal(res.status, 403);
    assert.equal(pulled, 0, 'not a byte read');
    assert.equal((await k.events(k.sim.componentVerifyTicket('ticket@@@plain123456', { mode: 'plaintext' }).request())).status, 403);
    const big = k.sim.componentVerifyTicket(`ticket@@@${'x'.repeat(300_000)}`);
    assert.equal((await k.events(big.request())).status, 413);
    assert.deepEqual(r.errors, ['WEBHOOK_SIGNATURE_INVALID', 'WEBHOOK_PLAINTEXT_REJECTED', 'WEBHOOK_BODY_TOO_LARGE']);
  });

  it('an onEvent slower than the deadline: success at the deadline', async () => {
    const k = openKit({}, { deadlineMs: 50, onEvent: () => new Promise((resolve) => setTimeout(resolve, 1000)) });
    const res = await k.events(k.sim.componentVerifyTicket(k.api.component.issueTicket()).request());
    assert.equal(await res.text(), 'success');
    assert.deepEqual(
      k.errors.map((e) => e.code),
      ['WEBHOOK_HANDLER_TIMEOUT'],
    );
  });

  it('options: INVALID_CONFIG for a missing component or a non-function onEvent/onError', () => {
    const k = openKit();
    for (const bad of [null, {}, { component: {} }, { component: k.component, onEvent: 1 }, { component: k.component, onError: 'x' }]) {
      assert.throws(
        () => createComponentWebhook(bad as never),
        (e) => isWxmpError(e, 'INVALID_CONFIG'),
      );
    }
    assert.throws(
      () => createComponentWebhook({ component: k.component, dedupeTtlSeconds: -1 }),
      (e) => isWxmpError(e, 'INVALID_CONFIG'),
    );
    void token;
  });
});
