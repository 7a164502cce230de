// 全网发布 (full-network release) check with `releaseTest: true`: the cases WeChat's automated test
// runs against a platform before it may be released, played against the fake platform.
// Cases from https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/operation/thirdparty/releases_instructions.html
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RELEASE_TEST_ACCOUNTS } from '../../src/open-platform/release-test.js';
import type { AuthorizerWebhookOptions } from '../../src/open-platform/types.js';
import { toNodeListener } from '../../src/server/node.js';
import { createWebhook } from '../../src/server/webhook.js';
import { serve } from '../server/_kit.js';
import { openKit } from './_kit.js';

const TEST_APPID = 'wx570bc396a51b8ff8';
const TEST_USERNAME = 'gh_3c884a361561';
const FAN = 'ozy4qt5QUADNXORxCVipKMV9dss0';

function setup(over: Partial<AuthorizerWebhookOptions> = {}) {
  const k = openKit();
  const handled: string[] = [];
  const errors: string[] = [];
  const webhook = createWebhook({
    component: k.component,
    releaseTest: true,
    now: () => k.clock.t,
    onError: (e) => void errors.push(e.code),
    handler: (m) => {
      handled.push(m.msgType === 'text' ? m.content : m.msgType);
      return { msgType: 'text', content: 'from the application' };
    },
    ...over,
  });
  const url = (appId = TEST_APPID) => `https://saas.example.com/${appId}/callback`;
  return { k, webhook, handled, errors, url };
}

describe('release test (releaseTest: true)', () => {
  it('TESTCOMPONENT_MSG_TYPE_TEXT → the passive reply TESTCOMPONENT_MSG_TYPE_TEXT_callback, for every test account', async () => {
    const { k, webhook, handled } = setup();
    for (const [appId, username] of Object.entries(RELEASE_TEST_ACCOUNTS)) {
      const push = k.sim.text('TESTCOMPONENT_MSG_TYPE_TEXT', { url: `https://saas.example.com/${appId}/callback`, toUserName: username, fromUserName: FAN });
      const out = await k.sim.readReply(await webhook(push.request()), push);
      assert.ok(out.kind === 'reply' && out.encrypted, username);
      assert.deepEqual(out.reply, { msgType: 'text', content: 'TESTCOMPONENT_MSG_TYPE_TEXT_callback' });
      assert.equal(out.toUserName, FAN);
      assert.equal(out.fromUserName, username);
    }
    assert.deepEqual(handled, []);
  });

  it('QUERY_AUTH_CODE:$code$ → an empty answer at once, then queryAuth($code$) and the customer-service text $code$_from_api', async () => {
    const { k, webhook, handled, errors, url } = setup();
    await k.pushTicket(); // the release check starts with a ticket push
    const code = k.api.component.issueAuthorizationCode(TEST_APPID); // pushed when the test account is authorized
    const push = k.sim.text(`QUERY_AUTH_CODE:${code}`, { url: url(), toUserName: TEST_USERNAME, fromUserName: FAN });
    const background: Promise<unknown>[] = [];
    const res = await webhook(push.request(), { waitUntil: (p) => void background.push(p) });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '', 'an empty passive reply');
    assert.equal(background.length, 1, "the API work is handed to the platform's waitUntil");
    await Promise.all(background);
    const [query] = k.api.callsTo('/cgi-bin/component/api_query_auth');
    assert.equal((query!.body as Record<string, unknown>).authorization_code, code);
    const sends = k.api.callsTo('/cgi-bin/message/custom/send');
    assert.equal(sends.length, 1);
    assert.deepEqual(sends[0]?.body, { touser: FAN, msgtype: 'text', text: { content: `${code}_from_api` } });
    assert.equal(k.api.component.authorizerOf(sends[0]?.query.access_token ?? ''), TEST_APPID, "sent with the test account's own token");
    assert.deepEqual(handled, []);
    assert.deepEqual(errors, []);
  });

  it('over node:http without a platform context the background send still completes', async () => {
    const { k, webhook, url } = setup();
    await k.pushTicket();
    const srv = await serve(toNodeListener(webhook));
    try {
      const code = k.api.component.issueAuthorizationCode(TEST_APPID);
      const push = k.sim.text(`QUERY_AUTH_CODE:${code}`, {
        url: srv.url.replace('/wechat', `/${TEST_APPID}/callback`),
        toUserName: TEST_USERNAME,
        fromUserName: FAN,
      });
      assert.deepEqual(await k.sim.readReply(await fetch(push.request()), push), { kind: 'empty' });
      for (let i = 0; i < 100 && k.api.callsTo('/cgi-bin/message/custom/send').length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      assert.equal((k.api.callsTo('/cgi-bin/message/custom/send')[0]!.body as { text: { content: string } }).text.content, `${code}_from_api`);
      void url;
    } finally {
      await srv.close();
    }
  });

  it('a failing background step reaches onError; the answer stays empty', async () => {
    const { k, webhook, errors, url } = setup();
    await k.pushTicket();
    const background: Promise<unknown>[] = [];
    const push = k.sim.text('QUERY_AUTH_CODE:queryauthcode@@@unknown', { url: url(), toUserName: TEST_USERNAME });
    assert.equal(await (await webhook(push.request(), { waitUntil: (p) => void background.push(p) })).text(), '');
    await Promise.all(background);
    assert.deepEqual(errors, ['WEBHOOK_HANDLER_FAILED']);
  });

  it('the component_verify_ticket push of the check gets success', async () => {
    const k = openKit();
    const push = k.sim.componentVerifyTicket(k.api.component.issueTicket());
    assert.deepEqual(await k.sim.readReply(await k.events(push.request()), push), { kind: 'success' });
  });

  it('an event from a test account gets <Event>from_callback (the earlier event case)', async () => {
    const { k, webhook, url } = setup();
    const push = k.sim.event('LOCATION', {}, { url: url(), toUserName: TEST_USERNAME });
    const out = await k.sim.readReply(await webhook(push.request()), push);
    assert.ok(out.kind === 'reply');
    assert.deepEqual(out.reply, { msgType: 'text', content: 'LOCATIONfrom_callback' });
  });

  it('other accounts, other texts, and releaseTest off: everything reaches the handler', async () => {
    const { k, webhook, handled, url } = setup();
    await webhook(k.sim.text('TESTCOMPONENT_MSG_TYPE_TEXT', { url: url('wx1111111111111111'), toUserName: 'gh_realaccount1' }).request());
    await webhook(k.sim.text('hello', { url: url(), toUserName: TEST_USERNAME }).request());
    const off = setup({ releaseTest: false });
    await off.webhook(off.k.sim.text('TESTCOMPONENT_MSG_TYPE_TEXT', { url: off.url(), toUserName: TEST_USERNAME }).request());
    assert.deepEqual(handled, ['TESTCOMPONENT_MSG_TYPE_TEXT', 'hello']);
    assert.deepEqual(off.handled, ['TESTCOMPONENT_MSG_TYPE_TEXT']);
  });
});
