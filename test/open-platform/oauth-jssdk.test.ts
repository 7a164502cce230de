// OAuth on behalf of an authorizer (代公众号发起网页授权) and JS-SDK for an authorizer, both through
// component.authorizer(appId).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isWxmpError } from '../../src/errors.js';
import { jssdkSignature } from '../../src/signature.js';
import { authorizerAppId, componentAppId, openKit } from './_kit.js';

async function authorized() {
  const k = openKit();
  await k.pushTicket();
  await k.authorize();
  return k;
}

describe('OAuth on behalf of an authorizer', () => {
  it('authorize URL with component_appid; code exchange and refresh with the component token, never a secret', async () => {
    const k = await authorized();
    const oauth = k.component.authorizer(authorizerAppId).oauth;
    const url = oauth.authorizeUrl({ redirectUri: 'https://saas.example.com/oauth', scope: 'snsapi_userinfo', state: 's1' });
    assert.match(url, /&state=s1&component_appid=wxcomponent0000001#wechat_redirect$/);
    assert.ok(url.startsWith(`https://open.weixin.qq.com/connect/oauth2/authorize?appid=${authorizerAppId}&`));
    const back = new URL(k.api.authorize(url, 'oFan0000000000000000000000001'));
    assert.equal(back.searchParams.get('appid'), authorizerAppId);
    const result = await oauth.exchangeCode(back.searchParams.get('code') ?? '');
    assert.equal(result.openid, 'oFan0000000000000000000000001');
    const [call] = k.api.callsTo('/sns/oauth2/component/access_token');
    assert.equal(call?.query.appid, authorizerAppId);
    assert.equal(call?.query.component_appid, componentAppId);
    assert.equal(call?.query.component_access_token, await k.component.getComponentAccessToken());
    assert.equal(call?.query.grant_type, 'authorization_code');
    assert.equal(call?.query.secret, undefined);
    assert.equal((await oauth.userInfo(result.access_token, result.openid)).openid, result.openid);
    const renewed = await oauth.refresh(result.refresh_token);
    assert.equal(renewed.openid, result.openid);
    assert.equal(k.api.callsTo('/sns/oauth2/component/refresh_token')[0]?.query.component_appid, componentAppId);
  });

  it('a used code is OAUTH_CODE_USED, an unknown one OAUTH_CODE_INVALID (40029), without leaking the component token', async () => {
    const k = await authorized();
    const oauth = k.component.authorizer(authorizerAppId).oauth;
    const url = oauth.authorizeUrl({ redirectUri: 'https://saas.example.com/oauth', scope: 'snsapi_base' });
    const code = new URL(k.api.authorize(url)).searchParams.get('code') ?? '';
    await oauth.exchangeCode(code);
    await assert.rejects(oauth.exchangeCode(code), (e) => isWxmpError(e, 'OAUTH_CODE_USED'));
    await assert.rejects(oauth.exchangeCode('FAKECODE_never_issued'), (e) => isWxmpError(e, 'OAUTH_CODE_INVALID'));
    const token = await k.component.getComponentAccessToken();
    await assert.rejects(oauth.exchangeCode('bad code!'), (e) => isWxmpError(e, 'INVALID_ARGUMENT'));
    k.api.script('/sns/oauth2/component/access_token', new Response(`{"errcode":40029,"errmsg":"invalid code ${token}"}`));
    await assert.rejects(
      oauth.exchangeCode('FAKECODE1'),
      (e) => isWxmpError(e, 'OAUTH_CODE_INVALID') && !JSON.stringify(e).includes(token) && !e.message.includes(token),
    );
  });

  it('an account that did not authorize the component cannot be sent to the authorize page of the fake', async () => {
    const k = await authorized();
    const url = k.component.authorizer('wx1111111111111111').oauth.authorizeUrl({ redirectUri: 'https://saas.example.com/oauth', scope: 'snsapi_base' });
    assert.throws(
      () => k.api.authorize(url),
      (e) => isWxmpError(e, 'INVALID_ARGUMENT'),
    );
  });
});

describe('JS-SDK for an authorizer', () => {
  it('wx.config signed with the jsapi_ticket fetched with the authorizer token', async () => {
    const k = await authorized();
    const client = k.component.authorizer(authorizerAppId);
    const cfg = await client.jssdk.config({
      url: 'https://shop.example.com/page?x=1#frag',
      jsApiList: ['scanQRCode'],
      nonceStr: 'n0nce',
      timestamp: 1_700_000_000,
    });
    assert.equal(cfg.appId, authorizerAppId);
    const [call] = k.api.callsTo('/cgi-bin/ticket/getticket');
    assert.equal(k.api.component.authorizerOf(call?.query.access_token ?? ''), authorizerAppId);
    const ticket = await client.jssdk.getTicket();
    assert.equal(cfg.signature, jssdkSignature({ jsapiTicket: ticket, nonceStr: 'n0nce', timestamp: 1_700_000_000, url: 'https://shop.example.com/page?x=1' }));
  });
});
