import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jssdkSignature } from '../../src/signature.js';
import { rejectsCode } from '../helpers.js';
import { kit } from './_kit.js';

test('jssdk.config returns what wx.config needs, signed with jssdkSignature', async () => {
  const { api, client, clock } = kit();
  const cfg = await client.jssdk.config({ url: 'https://example.com/page?x=1#frag', jsApiList: ['scanQRCode'], openTagList: ['wx-open-launch-weapp'] });
  const ticket = await client.jssdk.getTicket();
  assert.equal(cfg.appId, api.appId);
  assert.equal(cfg.timestamp, clock.t);
  assert.match(cfg.nonceStr, /^[A-Za-z0-9]{16}$/);
  assert.equal(cfg.signature, jssdkSignature({ jsapiTicket: ticket, nonceStr: cfg.nonceStr, timestamp: cfg.timestamp, url: 'https://example.com/page?x=1' }));
  assert.deepEqual(cfg.jsApiList, ['scanQRCode']);
  assert.deepEqual(cfg.openTagList, ['wx-open-launch-weapp']);
  assert.equal(cfg.debug, false);
  assert.equal(api.callsTo('/cgi-bin/ticket/getticket').length, 1, 'ticket cached');
  const fixed = await client.jssdk.config({
    url: 'http://mp.weixin.qq.com?params=value',
    jsApiList: [],
    nonceStr: 'Wm3WZYTPz0wzccnW',
    timestamp: 1414587457,
    debug: true,
  });
  assert.equal(
    fixed.signature,
    jssdkSignature({ jsapiTicket: ticket, nonceStr: 'Wm3WZYTPz0wzccnW', timestamp: 1414587457, url: 'http://mp.weixin.qq.com?params=value' }),
  );
  assert.equal(fixed.debug, true);
  assert.equal(fixed.openTagList, undefined);
});

test('tickets go through the cache and single-flight, per type', async () => {
  const { api, client } = kit();
  const [a, b, c] = await Promise.all([client.jssdk.getTicket('jsapi'), client.jssdk.getTicket('jsapi'), client.jssdk.getTicket('wx_card')]);
  assert.equal(a, b);
  assert.notEqual(a, c);
  const calls = api.callsTo('/cgi-bin/ticket/getticket');
  assert.equal(calls.length, 2);
  assert.deepEqual(calls.map((x) => x.query['type']).sort(), ['jsapi', 'wx_card']);
  assert.equal(api.callsTo('/cgi-bin/stable_token').length, 1);
  await client.jssdk.invalidateTicket(a);
  assert.equal(await client.jssdk.getTicket(), a, 'the platform hands out the same ticket while valid');
  assert.equal(api.callsTo('/cgi-bin/ticket/getticket').length, 3);
  await client.jssdk.getTicket('jsapi', { forceRefresh: true });
  assert.equal(api.callsTo('/cgi-bin/ticket/getticket').length, 4);
});

test('a 40001 on getticket refreshes the access token once; bad ticket answers are TOKEN_INVALID_RESPONSE', async () => {
  const { api, client, clock } = kit({ tokenMode: 'classic' });
  await client.getAccessToken();
  api.issueToken('classic'); // another process refreshed: ours is "not latest" after the overlap
  clock.t += 301;
  assert.ok(await client.jssdk.getTicket());
  const calls = api.callsTo('/cgi-bin/ticket/getticket');
  assert.equal(calls.length, 2);
  assert.equal(calls[0]?.query['access_token'] !== calls[1]?.query['access_token'], true);
  assert.equal(api.callsTo('/cgi-bin/token').length, 2);
  const k = kit();
  k.api.script('/cgi-bin/ticket/getticket', { errcode: 0, errmsg: 'ok', ticket: '', expires_in: 7200 });
  await rejectsCode(k.client.jssdk.getTicket(), 'TOKEN_INVALID_RESPONSE');
});

test('invalid arguments', async () => {
  const { client } = kit();
  await rejectsCode(client.jssdk.config({ url: '/relative', jsApiList: [] }), 'INVALID_ARGUMENT');
  await rejectsCode(client.jssdk.config({ url: 'https://a.example', jsApiList: 'scanQRCode' as unknown as string[] }), 'INVALID_ARGUMENT');
  await rejectsCode(client.jssdk.config({ url: 'https://a.example', jsApiList: [], openTagList: [1 as unknown as string] }), 'INVALID_ARGUMENT');
  await rejectsCode(client.jssdk.getTicket('nope' as 'jsapi'), 'INVALID_ARGUMENT');
});
