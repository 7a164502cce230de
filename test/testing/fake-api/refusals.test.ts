// The fake platform refuses what WeChat refuses, with WeChat's errcode: one row per refusal, sent
// as raw requests (the client's own argument checks would stop most of them first).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WeChatClient } from '../../../src/client/client.js';
import type { ApiRequestInit } from '../../../src/client/types.js';
import { isWxmpError } from '../../../src/errors.js';
import { createFakeWeChatApi } from '../../../src/testing/fake-api/index.js';

const FOLLOWER = 'oTestUser000000000000000000';
const KF = 'kf2001@wxmp_fake';
const form = (name?: string): FormData => {
  const f = new FormData();
  if (name !== undefined) f.append('media', new Blob([new Uint8Array([1, 2])], { type: 'image/jpeg' }), name);
  return f;
};

/** [path, request, errcode WeChat answers]. */
const REFUSALS: Array<[string, ApiRequestInit, number]> = [
  ['/cgi-bin/menu/addconditional', { body: { button: [{ type: 'click', name: 'x', key: 'k' }] } }, 65304],
  ['/cgi-bin/menu/trymatch', { body: {} }, 40003],
  ['/cgi-bin/user/info', { query: {} }, 40003],
  ['/cgi-bin/user/info/batchget', { body: { user_list: [] } }, 40032],
  ['/cgi-bin/user/info/updateremark', { body: { openid: 'oStranger', remark: 'x' } }, 40003],
  ['/cgi-bin/user/info/updateremark', { body: { openid: FOLLOWER, remark: 'x'.repeat(31) } }, 45151],
  ['/cgi-bin/changeopenid', { body: { openid_list: ['a'] } }, 40013],
  ['/cgi-bin/changeopenid', { body: { from_appid: 'wxOld', openid_list: [] } }, 40032],
  ['/cgi-bin/tags/create', { body: { tag: { name: 'x'.repeat(31) } } }, 45158],
  ['/cgi-bin/tags/create', { body: { tag: { name: '星标组' } } }, 45157],
  ['/cgi-bin/tags/update', { body: { tag: { id: 999, name: 'y' } } }, 45159],
  ['/cgi-bin/tags/update', { body: { tag: { id: 1, name: 'y' } } }, 45058],
  ['/cgi-bin/tags/delete', { body: { tag: { id: 999 } } }, 45159],
  ['/cgi-bin/tags/members/batchtagging', { body: { tagid: 2, openid_list: [] } }, 40032],
  ['/cgi-bin/tags/members/batchuntagging', { body: { tagid: 999, openid_list: [FOLLOWER] } }, 45159],
  ['/cgi-bin/tags/members/batchblacklist', { body: { openid_list: Array.from({ length: 21 }, (_, i) => `o${i}`) } }, 40032],
  ['/cgi-bin/tags/getidlist', { body: { openid: 'oStranger' } }, 40003],
  ['/cgi-bin/media/upload', { query: { type: 'bogus' }, body: form('a.jpg') }, 40004],
  ['/cgi-bin/media/upload', { query: { type: 'image' }, body: form() }, 41005],
  ['/cgi-bin/media/upload', { query: { type: 'image' }, body: form('no-extension') }, 40005],
  ['/cgi-bin/media/uploadimg', { body: form() }, 41005],
  ['/cgi-bin/media/uploadnews', { body: { articles: [] } }, 45008],
  ['/cgi-bin/media/uploadvideo', { body: {} }, 40007],
  ['/cgi-bin/material/add_material', { query: { type: 'video' }, body: form('v.mp4') }, 40097],
  ['/cgi-bin/material/get_material', { body: { media_id: 'NOPE' } }, 40007],
  ['/cgi-bin/material/del_material', { body: { media_id: 'NOPE' } }, 40007],
  ['/cgi-bin/draft/add', { body: { articles: [] } }, 45008],
  ['/cgi-bin/draft/update', { body: { media_id: 'NOPE', index: 0, articles: {} } }, 40007],
  ['/cgi-bin/draft/delete', { body: { media_id: 'NOPE' } }, 40007],
  ['/cgi-bin/freepublish/submit', { body: { media_id: 'NOPE' } }, 40007],
  ['/cgi-bin/freepublish/get', { body: { publish_id: '1' } }, 53600],
  ['/cgi-bin/freepublish/delete', { body: { article_id: 'NOPE' } }, 53600],
  ['/cgi-bin/freepublish/getarticle', { body: { article_id: 'NOPE' } }, 53600],
  ['/cgi-bin/comment/markelect', { body: { msg_data_id: 1, index: 0, user_comment_id: 99 } }, 88010],
  ['/cgi-bin/comment/reply/add', { body: { msg_data_id: 1, index: 0, user_comment_id: 1 } }, 44004],
  ['/cgi-bin/message/template/send', { body: {} }, 40003],
  ['/cgi-bin/message/template/send', { body: { touser: 'o' } }, 40037],
  ['/cgi-bin/template/api_set_industry', { body: { industry_id1: '999', industry_id2: '1' } }, 40102],
  ['/cgi-bin/template/api_add_template', { body: {} }, 40037],
  ['/cgi-bin/template/del_private_template', { body: { template_id: 'NOPE' } }, 40037],
  ['/cgi-bin/message/subscribe/bizsend', { body: {} }, 40003],
  ['/cgi-bin/message/subscribe/bizsend', { body: { touser: 'o' } }, 40037],
  ['/wxaapi/newtmpl/addtemplate', { body: { tid: '1', kidList: [1, 2] } }, 200014],
  ['/wxaapi/newtmpl/addtemplate', { body: { tid: '99', kidList: [1] } }, 200020],
  ['/wxaapi/newtmpl/addtemplate', { body: { tid: '99', kidList: [1, 9] } }, 200020],
  ['/wxaapi/newtmpl/deltemplate', { body: { priTmplId: 'NOPE' } }, 200013],
  ['/wxaapi/newtmpl/getpubtemplatekeywords', { query: { tid: '1' } }, 200014],
  ['/cgi-bin/message/mass/sendall', { body: { filter: { is_to_all: true }, msgtype: 'text' } }, 40008],
  ['/cgi-bin/message/mass/preview', { body: { msgtype: 'text', text: { content: 'x' } } }, 40003],
  ['/cgi-bin/message/mass/get', { body: { msg_id: '1' } }, 40097],
  ['/cgi-bin/message/mass/speed/set', { body: { speed: 9 } }, 45083],
  ['/cgi-bin/message/custom/send', { body: {} }, 40003],
  ['/cgi-bin/message/custom/send', { body: { touser: 'o', msgtype: 'text' } }, 40008],
  ['/cgi-bin/message/custom/typing', { body: {} }, 40003],
  ['/customservice/kfaccount/add', { body: { kf_account: 'no-at-sign', nickname: 'n' } }, 65400],
  ['/customservice/kfaccount/add', { body: { kf_account: KF, nickname: 'n' } }, 65406],
  ['/customservice/kfaccount/add', { body: { kf_account: 'new@wxmp_fake', nickname: 'x'.repeat(17) } }, 65403],
  ['/customservice/kfaccount/update', { body: { kf_account: 'nobody@wxmp_fake', nickname: 'n' } }, 65401],
  ['/customservice/kfaccount/update', { body: { kf_account: KF, nickname: '' } }, 65403],
  ['/customservice/kfaccount/del', { body: { kf_account: 'nobody@wxmp_fake' } }, 65401],
  ['/customservice/kfaccount/inviteworker', { body: { kf_account: 'nobody@wxmp_fake', invite_wx: 'w' } }, 65401],
  ['/customservice/kfaccount/inviteworker', { body: { kf_account: KF } }, 65407],
  ['/customservice/kfaccount/uploadheadimg', { query: { kf_account: 'nobody@wxmp_fake' }, body: form('h.jpg') }, 65401],
  ['/customservice/kfaccount/uploadheadimg', { query: { kf_account: KF }, body: form() }, 41005],
  ['/customservice/kfsession/close', { body: { kf_account: KF, openid: FOLLOWER } }, 65416],
  ['/customservice/kfsession/getsessionlist', { query: { kf_account: 'nobody@wxmp_fake' } }, 65401],
  ['/customservice/msgrecord/getmsglist', { body: { starttime: 10, endtime: 5, msgid: 1, number: 10 } }, 65419],
  ['/cgi-bin/qrcode/create', { body: { action_name: 'QR_OTHER' } }, 40097],
  ['/cgi-bin/qrcode/create', { body: { action_name: 'QR_SCENE', action_info: { scene: {} } } }, 40097],
  ['/cgi-bin/shorten/gen', { body: {} }, 47003],
  ['/cgi-bin/shorten/gen', { body: { long_data: 'x'.repeat(4097) } }, 9410010],
  ['/cgi-bin/shorten/gen', { body: { long_data: 'x', expire_seconds: 0 } }, 9410011],
  ['/cgi-bin/callback/check', { body: { action: 'trace' } }, 40097],
  ['/datacube/getusersummary', { body: { begin_date: 'yesterday', end_date: '2024-05-01' } }, 61500],
  ['/datacube/getusersummary', { body: { begin_date: '2024-05-01', end_date: '2024-05-08' } }, 61501],
  ['/cgi-bin/openapi/quota/get', { body: { cgi_path: 'relative' } }, 76021],
  ['/cgi-bin/clear_quota', { body: { appid: 'wxOther' } }, 40013],
  ['/cgi-bin/openapi/rid/get', { body: {} }, 76002],
  ['/cgi-bin/ticket/getticket', { query: { type: 'bogus' } }, 40097],
];

test("every refusal answers WeChat's errcode (and a rid)", async () => {
  const api = createFakeWeChatApi({ now: () => 1_700_000_000 });
  const client = new WeChatClient({ appId: api.appId, appSecret: api.appSecret, fetch: api.fetch, now: () => 1_700_000_000, retry: { maxRetries: 0 } });
  for (const [path, init, errcode] of REFUSALS) {
    const e: unknown = await client.request(path, { method: init.body === undefined ? 'GET' : 'POST', ...init }).then(
      () => undefined,
      (x: unknown) => x,
    );
    assert.ok(isWxmpError(e, 'API_ERROR'), `${path} ${JSON.stringify(init.body ?? init.query)} was accepted`);
    assert.equal(e.errcode, errcode, `${path} ${JSON.stringify(init.body ?? init.query)}`);
    assert.match(e.rid ?? '', /^\w{8}-\w{8}-\w{8}$/, `${path}: rid`);
  }
});

test('limits: 100 tags an account, 20 tags a follower, one session per follower, a closed comment thread', async () => {
  const api = createFakeWeChatApi();
  const client = new WeChatClient({ appId: api.appId, appSecret: api.appSecret, fetch: api.fetch });
  const ids: number[] = [];
  for (let i = 0; i < 99; i++) ids.push((await client.tags.create(`t${i}`)).tag.id);
  const full = await client.tags.create('one too many').then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(isWxmpError(full) && full.errcode === 45056, '100 with the system tag');
  for (const id of ids.slice(0, 20)) await client.tags.batchTagging([FOLLOWER], id);
  const tooMany = await client.tags.batchTagging([FOLLOWER], ids[20] as number).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(isWxmpError(tooMany) && tooMany.errcode === 45059);
  await client.tags.batchTagging([FOLLOWER], ids[0] as number); // already carried: not counted twice
  await client.customService.createSession(KF, FOLLOWER);
  const twice = await client.customService.createSession(KF, FOLLOWER).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(isWxmpError(twice) && twice.errcode === 65414);
  const target = { msg_data_id: '77', index: 0 };
  await client.comment.close(target);
  const closed = await client.comment.list(target, { begin: 0, count: 10, type: 0 }).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(isWxmpError(closed) && closed.errcode === 88000);
  await client.comment.open(target);
  assert.equal((await client.comment.list(target, { begin: 0, count: 10, type: 2 })).total, 0, 'no featured comment yet');
});

test('answers of the less travelled paths: video downloads, HD voice, newspic drafts, no_content pages, wx_card tickets', async () => {
  const api = createFakeWeChatApi();
  const client = new WeChatClient({ appId: api.appId, appSecret: api.appSecret, fetch: api.fetch });
  const blob = new Blob([new Uint8Array([9])], { type: 'video/mp4' });
  const video = await client.media.upload('video', blob, 'v.mp4');
  assert.match(((await client.media.get(video.media_id as string)) as { video_url: string }).video_url, /^http:\/\/.*\.mp4$/);
  const voice = await client.media.getJssdkVoice('ANY_ID');
  assert.ok('data' in voice && voice.contentType === 'voice/speex');
  const thumb = await client.media.upload('thumb', blob, 't.jpg');
  assert.match(thumb.thumb_media_id ?? '', /^THUMB_/);
  const cover = (await client.material.add('image', blob, 'c.jpg')).media_id;
  const { media_id } = await client.draft.add([{ article_type: 'newspic', title: 'P', content: 'c', image_info: { image_list: [{ image_media_id: cover }] } }]);
  assert.equal((await client.draft.get(media_id)).news_item[0]?.thumb_media_id, cover, 'a newspic post uses its first image');
  const bare = await client.draft.batchGet({ offset: 0, count: 20, no_content: 1 });
  assert.equal(bare.item[0]?.content.news_item[0]?.content, undefined);
  const bad = await client.draft.update(media_id, 3, { title: 'x', content: 'y', thumb_media_id: cover }).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(isWxmpError(bad) && bad.errcode === 40097);
  assert.match(await client.jssdk.getTicket('wx_card'), /^FAKE_WX_CARD_TICKET_/);
  assert.deepEqual((await client.basic.callbackCheck({ action: 'dns', check_operator: 'UNICOM' })).ping, undefined);
});
