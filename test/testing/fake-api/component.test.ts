// The fake platform's Open Platform: what it answers on the wire (errcodes as the documentation
// lists them), and the simulator's component pushes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MessageCrypto } from '../../../src/crypto/index.js';
import { isWxmpError } from '../../../src/errors.js';
import { parseXml } from '../../../src/xml/index.js';
import { checkSignature } from '../../../src/signature.js';
import { createFakeWeChatApi } from '../../../src/testing/fake-api/index.js';
import { createSimulator } from '../../../src/testing/simulator.js';

const now = { t: 1_700_000_000 };
const api = () => createFakeWeChatApi({ now: () => now.t });
const post = async (a: ReturnType<typeof api>, path: string, body: unknown, query = ''): Promise<Record<string, unknown>> =>
  (await (await a.fetch(`https://api.weixin.qq.com${path}${query}`, { method: 'POST', body: JSON.stringify(body) })).json()) as Record<string, unknown>;

describe('fake api.component', () => {
  it('api_component_token: appid, secret and ticket checked (61011, 41004, 40125, 61006, 61005)', async () => {
    const a = api();
    const { appId, appSecret } = a.component;
    const ticket = a.component.issueTicket();
    const ask = (o: Record<string, unknown>) =>
      post(a, '/cgi-bin/component/api_component_token', { component_appid: appId, component_appsecret: appSecret, component_verify_ticket: ticket, ...o });
    assert.equal((await ask({ component_appid: 'wxother' })).errcode, 61011);
    assert.equal((await ask({ component_appsecret: '' })).errcode, 41004);
    assert.equal((await ask({ component_appsecret: 'wrong_secret_000' })).errcode, 40125);
    assert.equal((await ask({ component_verify_ticket: 'ticket@@@unknown' })).errcode, 61006);
    const ok = await ask({});
    assert.match(String(ok.component_access_token), /^FAKE_COMPONENT_TOKEN_/);
    assert.equal(ok.expires_in, 7200);
    now.t += 12 * 3600;
    assert.equal((await ask({})).errcode, 61005);
    now.t = 1_700_000_000;
  });

  it('component endpoints need a valid component token (41001, 40014, 42001) and the right component_appid', async () => {
    const a = api();
    const t = await post(a, '/cgi-bin/component/api_component_token', {
      component_appid: a.component.appId,
      component_appsecret: a.component.appSecret,
      component_verify_ticket: a.component.issueTicket(),
    });
    const path = '/cgi-bin/component/api_create_preauthcode';
    assert.equal((await post(a, path, { component_appid: a.component.appId })).errcode, 41001);
    assert.equal((await post(a, path, { component_appid: a.component.appId }, '?component_access_token=nope')).errcode, 40014);
    assert.equal((await post(a, path, { component_appid: 'wxother' }, `?component_access_token=${String(t.component_access_token)}`)).errcode, 61011);
    // the newer documentation's `access_token` parameter name works too
    assert.match(
      String((await post(a, path, { component_appid: a.component.appId }, `?access_token=${String(t.component_access_token)}`)).pre_auth_code),
      /^preauthcode@@@/,
    );
    now.t += 7200;
    assert.equal((await post(a, path, { component_appid: a.component.appId }, `?component_access_token=${String(t.component_access_token)}`)).errcode, 42001);
    now.t = 1_700_000_000;
  });

  it("authorize(): only this component's page, a live pre_auth_code, an http(s) redirect, the biz_appid's own admin", () => {
    const a = api();
    const bad = [
      'not a url',
      'https://example.com/cgi-bin/componentloginpage?component_appid=x',
      `https://mp.weixin.qq.com/cgi-bin/componentloginpage?component_appid=wxother`,
      `https://mp.weixin.qq.com/cgi-bin/componentloginpage?component_appid=${a.component.appId}&pre_auth_code=unknown&redirect_uri=https://a/`,
    ];
    for (const url of bad)
      assert.throws(
        () => a.component.authorize(url),
        (e) => isWxmpError(e, 'INVALID_ARGUMENT'),
        url,
      );
  });

  it('revoke(): the authorizer token stops working (40001) and its refresh is 61003', async () => {
    const a = api();
    const t = await post(a, '/cgi-bin/component/api_component_token', {
      component_appid: a.component.appId,
      component_appsecret: a.component.appSecret,
      component_verify_ticket: a.component.issueTicket(),
    });
    const q = `?component_access_token=${String(t.component_access_token)}`;
    const code = a.component.issueAuthorizationCode('wx2222222222222222');
    const info = (await post(a, '/cgi-bin/component/api_query_auth', { component_appid: a.component.appId, authorization_code: code }, q))
      .authorization_info as Record<string, string>;
    assert.deepEqual(a.component.authorizers(), ['wx2222222222222222']);
    const menu = async () =>
      (await (await a.fetch(`https://api.weixin.qq.com/cgi-bin/menu/get?access_token=${info.authorizer_access_token}`, {})).json()) as Record<string, unknown>;
    assert.ok((await menu()).menu);
    const refresh = (rt: string) =>
      post(
        a,
        '/cgi-bin/component/api_authorizer_token',
        { component_appid: a.component.appId, authorizer_appid: 'wx2222222222222222', authorizer_refresh_token: rt },
        q,
      );
    assert.equal((await refresh('refreshtoken@@@wrong')).errcode, 61023);
    assert.match(String((await refresh(info.authorizer_refresh_token ?? '')).authorizer_access_token), /^FAKE_AUTHORIZER_TOKEN_/);
    a.component.revoke('wx2222222222222222');
    assert.equal((await menu()).errcode, 40001);
    assert.equal((await refresh(info.authorizer_refresh_token ?? '')).errcode, 61003);
    assert.deepEqual(a.component.authorizers(), []);
  });
});

describe('simulator component pushes', () => {
  const token = 'componentToken01';
  const encodingAESKey = 'ComponentKey0123456789abcdefghijklmnopqrstu';
  const appId = 'wxcomponent0000001';

  it('sealed as WeChat sends them: <AppId> beside <Encrypt>, signature + msg_signature, no openid', () => {
    const sim = createSimulator({ token, encodingAESKey, appId, now: () => now.t, url: 'https://s.example.com/component' });
    const push = sim.authorized({ authorizerAppid: 'wx2222222222222222', authorizationCode: 'queryauthcode@@@x', preAuthCode: 'preauthcode@@@y' });
    const outer = parseXml(push.body);
    assert.deepEqual(Object.keys(outer), ['AppId', 'Encrypt']);
    assert.equal(outer.AppId, appId);
    assert.equal(push.query.openid, undefined);
    assert.equal(push.query.encrypt_type, 'aes');
    assert.ok(checkSignature(token, { signature: push.query.signature ?? '', timestamp: push.query.timestamp ?? '', nonce: push.query.nonce ?? '' }));
    const inner = parseXml(new MessageCrypto({ token, encodingAESKey, appId }).decrypt(String(outer.Encrypt)));
    assert.deepEqual(
      { ...inner },
      {
        AppId: appId,
        CreateTime: String(now.t),
        InfoType: 'authorized',
        AuthorizerAppid: 'wx2222222222222222',
        AuthorizationCode: 'queryauthcode@@@x',
        AuthorizationCodeExpiredTime: String(now.t + 600),
        PreAuthCode: 'preauthcode@@@y',
      },
    );
    assert.ok(push.url.startsWith('https://s.example.com/component?'));
  });

  it('need the component keys: a plaintext simulator cannot build them', () => {
    const sim = createSimulator({ token });
    assert.throws(
      () => sim.componentVerifyTicket('ticket@@@abc12345'),
      (e) => isWxmpError(e, 'INVALID_ARGUMENT'),
    );
  });
});
