// The 消息与事件接收URL: one endpoint for every authorizer, the AppID from the path, the component's
// keys for decryption and the reply, de-duplication per authorizer, all the webhook's rules.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isWxmpError } from '../../src/errors.js';
import { authorizerAppIdOfPath } from '../../src/open-platform/message-webhook.js';
import type { AuthorizerWebhookContext, AuthorizerWebhookOptions } from '../../src/open-platform/types.js';
import { toNodeListener } from '../../src/server/node.js';
import { createWebhook } from '../../src/server/webhook.js';
import { createSimulator } from '../../src/testing/simulator.js';
import { raw, serve } from '../server/_kit.js';
import { authorizerAppId, componentAppId, encodingAESKey, openKit, token } from './_kit.js';

const other = 'wx1111111111111111';

function setup(over: Partial<AuthorizerWebhookOptions> = {}) {
  const k = openKit();
  const seen: { appId: string; content: string; ctx: AuthorizerWebhookContext }[] = [];
  const errors: string[] = [];
  const webhook = createWebhook({
    component: k.component,
    now: () => k.clock.t,
    onError: (e) => void errors.push(e.code),
    handler: (m, ctx) => {
      seen.push({ appId: ctx.authorizerAppId, content: m.msgType === 'text' ? m.content : m.msgType, ctx });
      return m.msgType === 'text' ? { msgType: 'text', content: `${ctx.authorizerAppId} got ${m.content}` } : 'success';
    },
    ...over,
  });
  return { k, webhook, seen, errors };
}

describe('createWebhook({ component, handler })', () => {
  it('an authorizer push at /wx…/callback reaches the handler with its authorizerAppId; the reply is encrypted with the component key', async () => {
    const { k, webhook, seen } = setup();
    const srv = await serve(toNodeListener(webhook));
    try {
      for (const appId of [authorizerAppId, other]) {
        const url = srv.url.replace('/wechat', `/platform/${appId}/callback`);
        const push = k.sim.text('你好', { url, toUserName: `gh_${appId.slice(-12)}` });
        assert.ok(push.body.includes('<ToUserName>') && !push.body.includes('你好'), 'safe mode: the body is encrypted');
        const out = await k.sim.readReply(await fetch(push.request()), push); // decrypts with the component's key, checks the envelope
        assert.ok(out.kind === 'reply' && out.encrypted);
        assert.deepEqual(out.reply, { msgType: 'text', content: `${appId} got 你好` });
      }
      assert.deepEqual(
        seen.map((s) => s.appId),
        [authorizerAppId, other],
      );
    } finally {
      await srv.close();
    }
  });

  it("node adapter: an absolute-form request target still yields the path's AppID", async () => {
    const { k, webhook, seen } = setup();
    const srv = await serve(toNodeListener(webhook));
    try {
      const push = k.sim.text('absolute', { url: `http://127.0.0.1:${srv.port}/${other}/callback` });
      const body = Buffer.from(push.body);
      const answer = await raw(
        srv.port,
        `POST ${push.url} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${push.body}`,
      );
      assert.match(answer, /^HTTP\/1\.1 200 /);
      assert.deepEqual(
        seen.map((x) => x.appId),
        [other],
      );
    } finally {
      await srv.close();
    }
  });

  it("ctx.authorizer is that account's API client", async () => {
    const k = openKit();
    await k.pushTicket();
    await k.authorize();
    let user = '';
    const webhook = createWebhook({
      component: k.component,
      now: () => k.clock.t,
      handler: async (m, ctx) => {
        assert.equal(ctx.authorizer, k.component.authorizer(ctx.authorizerAppId));
        user = (await ctx.authorizer.user.info(m.fromUserName)).openid;
        return 'success' as const;
      },
    });
    await webhook(k.sim.text('hi', { url: `https://saas.example.com/${authorizerAppId}/callback` }).request());
    assert.equal(user, 'oTestUser000000000000000000');
  });

  it('a path without an AppID is 404 WEBHOOK_NO_AUTHORIZER (the URL lacks $APPID$); a forged push is 403 whatever the path', async () => {
    const { k, webhook, seen, errors } = setup();
    const res = await webhook(k.sim.text('hi', { url: 'https://saas.example.com/callback' }).request());
    assert.equal(res.status, 404);
    const forged = createSimulator({ token: 'wrongToken', encodingAESKey, appId: componentAppId, now: () => k.clock.t }).text('hi', {
      url: 'https://saas.example.com/callback',
    });
    assert.equal((await webhook(forged.request())).status, 403);
    assert.deepEqual(errors, ['WEBHOOK_NO_AUTHORIZER', 'WEBHOOK_SIGNATURE_INVALID']);
    assert.equal(seen.length, 0);
  });

  it('only encrypted pushes: a plaintext one is refused; the body cap holds (node adapter too)', async () => {
    const { k, webhook, errors } = setup();
    const url = `https://saas.example.com/${authorizerAppId}/callback`;
    assert.equal((await webhook(k.sim.text('hi', { url, mode: 'plaintext' }).request())).status, 403);
    const srv = await serve(toNodeListener(webhook));
    try {
      const push = k.sim.text('x', { url: srv.url.replace('/wechat', `/${authorizerAppId}/callback`) });
      const answer = await raw(
        srv.port,
        `POST ${new URL(push.url).pathname}${new URL(push.url).search} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 300000\r\n\r\n`,
      );
      assert.match(answer, /^HTTP\/1\.1 413 /);
    } finally {
      await srv.close();
    }
    assert.deepEqual(errors, ['WEBHOOK_PLAINTEXT_REJECTED', 'WEBHOOK_BODY_TOO_LARGE']);
  });

  it('de-duplicates per authorizer: a retry runs once, the same message to two authorizers runs twice', async () => {
    const { k, webhook, seen } = setup();
    const a = k.sim.text('same', {
      url: `https://s.example.com/${authorizerAppId}/callback`,
      msgId: '1234567890123456789',
      toUserName: 'gh_shared',
      nonce: '42',
      timestamp: k.clock.t,
    });
    const b = k.sim.text('same', {
      url: `https://s.example.com/${other}/callback`,
      msgId: '1234567890123456789',
      toUserName: 'gh_shared',
      nonce: '42',
      timestamp: k.clock.t,
    });
    assert.equal(a.xml, b.xml, 'byte-identical messages');
    const first = await (await webhook(a.request())).text();
    assert.equal(await (await webhook(a.request())).text(), first, 'the retry gets the stored reply');
    await webhook(b.request());
    assert.deepEqual(
      seen.map((s) => s.appId),
      [authorizerAppId, other],
    );
  });

  it('appIdFromPath picks the AppID elsewhere; one that throws or returns garbage is WEBHOOK_NO_AUTHORIZER', async () => {
    const { k, webhook, seen } = setup({ appIdFromPath: (path) => path.split('/')[2] });
    assert.equal((await webhook(k.sim.text('hi', { url: `https://s.example.com/accounts/${other}/events` }).request())).status, 200);
    assert.equal(seen[0]?.appId, other);
    for (const find of [
      () => {
        throw new Error('x');
      },
      () => 'not/valid',
      () => 42,
    ]) {
      const s = setup({ appIdFromPath: find as never });
      const res = await s.webhook(s.k.sim.text('hi', { url: `https://s.example.com/${other}/callback` }).request());
      assert.equal(res.status, 404);
      assert.deepEqual(s.errors, ['WEBHOOK_NO_AUTHORIZER']);
    }
  });

  it('the handler runs under the deadline; a late result reaches onLate with the authorizer context', async () => {
    let late = '';
    const { k, webhook } = setup({
      deadlineMs: 50,
      handler: async () => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        return { msgType: 'text', content: 'late' };
      },
      onLate: (_r, _m, ctx) => void (late = ctx.authorizerAppId),
    });
    const res = await webhook(k.sim.text('hi', { url: `https://s.example.com/${other}/callback` }).request());
    assert.equal(await res.text(), 'success');
    for (let i = 0; i < 50 && late === ''; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(late, other);
  });

  it('options: INVALID_CONFIG for a non-ComponentClient, a missing handler, a bad releaseTest or appIdFromPath', () => {
    const k = openKit();
    const bad: unknown[] = [
      { component: {}, handler: () => {} },
      { component: null, handler: () => {}, token },
      { component: k.component },
      { component: k.component, handler: () => {}, releaseTest: 'yes' },
      { component: k.component, handler: () => {}, appIdFromPath: 'x' },
    ];
    for (const o of bad)
      assert.throws(
        () => createWebhook(o as never),
        (e) => isWxmpError(e, 'INVALID_CONFIG'),
        JSON.stringify(o),
      );
  });

  it('authorizerAppIdOfPath: the last AppID-shaped segment', () => {
    assert.equal(authorizerAppIdOfPath(`/${authorizerAppId}/callback`), authorizerAppId);
    assert.equal(authorizerAppIdOfPath(`/a/${authorizerAppId}/b/${other}/callback`), other);
    assert.equal(authorizerAppIdOfPath('/wx123/callback'), undefined);
    assert.equal(authorizerAppIdOfPath('/$APPID$/callback'), undefined);
  });
});
