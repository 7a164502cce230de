// The fake platform keeps state where WeChat does, and refuses what WeChat refuses.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WeChatClient } from '../../../src/client/client.js';
import { createFakeWeChatApi, type FakeWeChatApiOptions } from '../../../src/testing/fake-api/index.js';
import { rejectsCode } from '../../helpers.js';

const T0 = 1_700_000_000;

function setup(options: FakeWeChatApiOptions = {}) {
  const clock = { t: T0 };
  const api = createFakeWeChatApi({ now: () => clock.t, ...options });
  const client = new WeChatClient({ appId: api.appId, appSecret: api.appSecret, fetch: api.fetch, now: () => clock.t, sleep: async () => {} });
  return { api, client, clock };
}
const errcode = async (p: Promise<unknown>): Promise<number | undefined> => (await rejectsCode(p, 'API_ERROR')).errcode;
const jpeg = (bytes: number[]): Blob => new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' });

test('menu: the account starts with a menu; create → get / trymatch / selfmenu; delete → 46003', async () => {
  const { client } = setup();
  assert.equal((await client.menu.get()).menu.button.length, 2, 'a sample menu, as an account that has one');
  const button = [
    { type: 'click' as const, name: 'Today', key: 'V1001_TODAY' },
    { name: 'More', sub_button: [{ type: 'view' as const, name: 'Site', url: 'https://example.com' }] },
  ];
  await client.menu.create({ button });
  const got = await client.menu.get();
  assert.deepEqual(got.menu.button, button);
  assert.deepEqual((await client.menu.tryMatch('oAnyone')).button, button);
  const self = await client.menu.getCurrentSelfMenuInfo();
  assert.equal(self.is_menu_open, 1);
  assert.deepEqual(self.selfmenu_info?.button[1], { name: 'More', sub_button: { list: [{ type: 'view', name: 'Site', url: 'https://example.com' }] } });
  const { menuid } = await client.menu.addConditional({ button: [{ type: 'click', name: 'VIP', key: 'VIP' }], matchrule: { tag_id: '2' } });
  assert.equal((await client.menu.get()).conditionalmenu?.[0]?.menuid, Number(menuid));
  assert.equal(await errcode(client.menu.deleteConditional('1')), 65301);
  await client.menu.delete();
  assert.equal(await errcode(client.menu.get()), 46003);
  assert.equal((await client.menu.getCurrentSelfMenuInfo()).is_menu_open, 0);
  assert.equal(await errcode(client.menu.addConditional({ button, matchrule: { sex: '1' } })), 65303, 'a conditional menu needs a default menu');
  assert.equal(await errcode(client.request('/cgi-bin/menu/create', { body: {} })), 40016);
  assert.equal(await errcode(setup({ menu: null }).client.menu.get()), 46003);
});

test('qrcode: the ticket and url of create; showqrcode serves a live ticket, 404 for an unknown or expired one', async () => {
  const { api, client, clock } = setup();
  const code = await client.qrcode.create({ type: 'temporary', sceneStr: 'login:42', expireSeconds: 600 });
  assert.match(code.ticket, /^gQ[A-Za-z0-9+/]+=*$/);
  assert.match(code.url, /^http:\/\/weixin\.qq\.com\/q\/\w{22}$/);
  assert.equal(code.expire_seconds, 600);
  assert.equal(api.qrcodeScene(code.ticket), 'login:42');
  const image = await api.fetch(client.qrcode.showQrcodeUrl(code.ticket));
  assert.deepEqual([image.status, image.headers.get('content-type')], [200, 'image/jpg']);
  assert.equal((await api.fetch('https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=gQunknown')).status, 404);
  clock.t += 600;
  assert.equal((await api.fetch(client.qrcode.showQrcodeUrl(code.ticket))).status, 404, 'expired');
  assert.equal(api.qrcodeScene(code.ticket), undefined);
  const permanent = await client.qrcode.create({ type: 'permanent', sceneId: 7 });
  assert.equal(permanent.expire_seconds, undefined);
  clock.t += 86_400 * 365;
  assert.equal(api.qrcodeScene(permanent.ticket), '7');
  assert.equal((await client.qrcode.create({ type: 'temporary', sceneId: 1 })).expire_seconds, 60, "WeChat's default lifetime");
});

test('template and mass sends get fresh ids; a repeated clientmsgid is refused for 24 h (45065)', async () => {
  const { client, clock } = setup();
  const a = await client.template.send({ touser: 'oAnyOpenId', template_id: 'TPL_FROM_THE_CONSOLE', data: { thing1: { value: 'Paid' } } });
  const b = await client.template.send({ touser: 'oAnyOpenId', template_id: 'TPL_FROM_THE_CONSOLE', data: {} });
  assert.match(a.msgid, /^\d+$/);
  assert.notEqual(a.msgid, b.msgid);
  const text = { msgtype: 'text' as const, text: { content: 'hi' } };
  const sent = await client.mass.sendAll({ isToAll: true }, text, { clientmsgid: 'weekly-42' });
  assert.equal((await client.mass.get(sent.msg_id)).msg_status, 'SEND_SUCCESS');
  assert.equal(await errcode(client.mass.sendAll({ tagId: 2 }, text, { clientmsgid: 'weekly-42' })), 45065);
  clock.t += 86_400;
  await client.mass.sendAll({ tagId: 2 }, text, { clientmsgid: 'weekly-42' });
  await client.mass.delete(sent.msg_id);
  assert.equal((await client.mass.get(sent.msg_id)).msg_status, 'DELETE');
  const news = await client.mass.send(['o1', 'o2'], { msgtype: 'mpnews', mpnews: { media_id: 'M' } });
  assert.match(news.msg_data_id ?? '', /^\d+$/, 'mpnews sends carry the msg_data_id of comments and analytics');
});

test('followers page with next_openid; tags carry over to user/info, getidlist and user/tag/get', async () => {
  const { api, client } = setup({ followers: ['o1', 'o2', 'o3'], pageSize: 2 });
  const pages: string[][] = [];
  for await (const page of client.user.iterate()) pages.push(page.data?.openid ?? []);
  assert.deepEqual(pages, [['o1', 'o2'], ['o3']]);
  api.follow('o4');
  api.unfollow('o1');
  assert.deepEqual(api.followers(), ['o2', 'o3', 'o4']);
  assert.deepEqual(await client.user.info('o1'), { subscribe: 0, openid: 'o1' }, 'not following any more');
  const { tag } = await client.tags.create('VIP');
  assert.equal(await errcode(client.tags.create('VIP')), 45157, 'names are unique');
  await client.tags.batchTagging(['o2', 'o3'], tag.id);
  assert.equal(await errcode(client.tags.batchTagging(['o1'], tag.id)), 40003, 'only followers can be tagged');
  assert.deepEqual((await client.user.info('o2')).tagid_list, [tag.id]);
  assert.deepEqual((await client.tags.getIdList('o3')).tagid_list, [tag.id]);
  assert.deepEqual((await client.tags.getTagUsers(tag.id)).data?.openid, ['o2', 'o3']);
  assert.equal((await client.tags.get()).tags.find((t) => t.id === tag.id)?.count, 2);
  await client.tags.batchUntagging(['o2'], tag.id);
  assert.deepEqual((await client.tags.getTagUsers(tag.id)).data?.openid, ['o3']);
  assert.equal(await errcode(client.tags.delete(2)), 45058, 'system tags stay');
  await client.tags.delete(tag.id);
  assert.deepEqual((await client.user.info('o3')).tagid_list, []);
  assert.equal(await errcode(client.tags.getTagUsers(tag.id)), 45159);
  await client.user.updateRemark('o3', 'Bob');
  assert.equal((await client.user.info('o3')).remark, 'Bob');
  await client.tags.batchBlacklist(['o3']);
  assert.deepEqual((await client.tags.getBlacklist()).data?.openid, ['o3']);
});

test("OAuth: authorize() → code of the URL's scope; snsapi_base cannot read the profile (48001)", async () => {
  const { api, client, clock } = setup();
  const base = client.oauth.authorizeUrl({ redirectUri: 'https://example.com/cb?from=menu', scope: 'snsapi_base', state: 'st8' });
  const back = new URL(api.authorize(base, 'oUser'));
  assert.deepEqual([back.origin + back.pathname, back.searchParams.get('from'), back.searchParams.get('state')], ['https://example.com/cb', 'menu', 'st8']);
  const grant = await client.oauth.exchangeCode(back.searchParams.get('code') as string);
  assert.deepEqual([grant.openid, grant.scope], ['oUser', 'snsapi_base']);
  assert.equal(await errcode(client.oauth.userInfo(grant.access_token, 'oUser')), 48001);
  assert.equal(await client.oauth.checkToken(grant.access_token, 'oUser'), true, 'the token itself is valid');
  const full = await client.oauth.exchangeCode(api.issueOAuthCode('oUser', { scope: 'snsapi_userinfo' }));
  assert.equal((await client.oauth.userInfo(full.access_token, 'oUser')).openid, 'oUser');
  assert.throws(
    () => api.authorize('https://open.weixin.qq.com/connect/oauth2/authorize?appid=wxOther&scope=snsapi_base&redirect_uri=https%3A%2F%2Fa'),
    /another appid/,
  );
  assert.throws(() => api.authorize('not a url'), /authorizeUrl/);
  clock.t += 30 * 86_400;
  assert.equal(await errcode(client.oauth.refresh(full.refresh_token)), 42002, 'refresh tokens live 30 days');
});

test('materials, drafts and publishing carry over; covers must be permanent material', async () => {
  const { client } = setup();
  const { media_id: cover, url } = await client.material.add('image', jpeg([0xff, 0xd8, 9, 9]), 'cover.jpg');
  assert.match(url ?? '', /^http:\/\/mmbiz\.qpic\.cn\//);
  const got = await client.material.get(cover);
  assert.ok('data' in got && [...got.data].join() === '255,216,9,9', 'the uploaded bytes come back');
  const temp = await client.media.upload('image', jpeg([1, 2, 3]), 'temp.jpg');
  const article = { title: 'T', content: '<p>c</p>', thumb_media_id: temp.media_id as string };
  assert.equal(await errcode(client.draft.add([article])), 40007, 'a temporary media id is no cover');
  const { media_id: draft } = await client.draft.add([{ ...article, thumb_media_id: cover }]);
  assert.equal((await client.draft.get(draft)).news_item[0]?.thumb_media_id, cover);
  assert.equal((await client.draft.count()).total_count, 1);
  const { publish_id } = await client.freepublish.submit(draft);
  assert.equal((await client.draft.count()).total_count, 0, 'published drafts leave the draft box');
  const status = await client.freepublish.get(publish_id);
  assert.equal(status.publish_status, 0);
  assert.equal((await client.freepublish.batchGet({ offset: 0, count: 20 })).item[0]?.article_id, status.article_id);
  await client.freepublish.delete(status.article_id as string);
  assert.equal((await client.freepublish.get(publish_id)).publish_status, 5, 'deleted');
  assert.equal((await client.material.getCount()).image_count, 1);
  await client.material.delete(cover);
  assert.equal(await errcode(client.material.get(cover)), 40007);
  assert.equal((await client.material.getCount()).image_count, 0);
  assert.equal(await errcode(client.draft.get('NOPE')), 40007);
});

test('quotas: daily limits answer 45009, clear_quota resets them (10 a month, then 48006); errors carry a rid', async () => {
  const { client, clock } = setup({ dailyLimits: { '/cgi-bin/message/mass/preview': 2 } });
  const text = { msgtype: 'text' as const, text: { content: 'x' } };
  await client.mass.preview('o1', text);
  await client.mass.preview('o1', text);
  const e = await rejectsCode(client.mass.preview('o1', text), 'API_ERROR');
  assert.equal(e.errcode, 45009);
  assert.deepEqual((await client.quota.get('/cgi-bin/message/mass/preview')).quota, { daily_limit: 2, used: 2, remain: 0 });
  const rid = await client.quota.getRid(e.rid as string);
  assert.equal(rid.request.request_url, 'cgi-bin/message/mass/preview', 'the access_token is not part of it');
  assert.match(rid.request.response_body, /45009/);
  assert.equal(await errcode(client.quota.getRid('nope-nope')), 76001);
  await client.quota.clear();
  await client.mass.preview('o1', text);
  for (let i = 1; i < 10; i++) await client.quota.clearV2(client.appId, 'fake_app_secret_0123456789abcdef');
  assert.equal(await errcode(client.quota.clear()), 48006);
  assert.equal(await errcode(client.quota.clearV2(client.appId, 'wrong_secret')), 40125);
  clock.t += 86_400;
  assert.equal((await client.quota.get('/cgi-bin/message/mass/preview')).quota.used, 0, 'a new day');
});

test('short keys expire; kf sessions need a kf account and a follower', async () => {
  const { client, clock } = setup();
  const { short_key } = await client.shortlink.gen('{"order":42}', 60);
  assert.match(short_key, /^[0-9A-Za-z]{15}$/);
  assert.deepEqual({ ...(await client.shortlink.fetch(short_key)), create_time: 0 }, { long_data: '{"order":42}', create_time: 0, expire_seconds: 60 });
  clock.t += 60;
  assert.equal(await errcode(client.shortlink.fetch(short_key)), 9410012);
  await client.customService.addAccount('a1@wxmp_fake', 'A');
  assert.equal(await errcode(client.customService.addAccount('a1@wxmp_fake', 'A')), 65406);
  assert.equal(await errcode(client.customService.createSession('nobody@wxmp_fake', 'oTestUser000000000000000000')), 65401);
  assert.equal(await errcode(client.customService.createSession('a1@wxmp_fake', 'oStranger')), 40003);
  await client.customService.createSession('a1@wxmp_fake', 'oTestUser000000000000000000');
  assert.equal((await client.customService.getSession('oTestUser000000000000000000')).kf_account, 'a1@wxmp_fake');
  assert.deepEqual(await client.customService.getSession('oFakeFollower00000000000001'), { kf_account: '', createtime: 0 });
});

test('scripted answers still take precedence, then the stateful behaviour resumes', async () => {
  const { api, client } = setup();
  api.script('/cgi-bin/qrcode/create', 45009, { ticket: 'SCRIPTED', url: 'http://weixin.qq.com/q/s' });
  assert.equal(await errcode(client.qrcode.create({ type: 'permanent', sceneId: 1 })), 45009);
  assert.equal((await client.qrcode.create({ type: 'permanent', sceneId: 1 })).ticket, 'SCRIPTED');
  assert.notEqual((await client.qrcode.create({ type: 'permanent', sceneId: 1 })).ticket, 'SCRIPTED');
  api.route('/cgi-bin/menu/get', () => ({ menu: { button: [] } }));
  assert.deepEqual((await client.menu.get()).menu.button, []);
});
