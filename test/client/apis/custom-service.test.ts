import assert from 'node:assert/strict';
import { test } from 'node:test';
import { customServiceApi } from '../../../src/client/apis/custom-service.js';
import type { CustomMessage, KfMsgListResponse } from '../../../src/client/apis/custom-service-types.js';
import { rejectsCode } from '../../helpers.js';
import { get, post, recorder } from './recorder.js';

const messages: CustomMessage[] = [
  { touser: 'o', msgtype: 'text', text: { content: 'Hello <a href="https://example.com">link</a>' } },
  { touser: 'o', msgtype: 'image', image: { media_id: 'M' } },
  { touser: 'o', msgtype: 'voice', voice: { media_id: 'M' } },
  { touser: 'o', msgtype: 'video', video: { media_id: 'M', thumb_media_id: 'T', title: 't', description: 'd' } },
  { touser: 'o', msgtype: 'music', music: { title: 't', musicurl: 'https://m/1.mp3', hqmusicurl: 'https://m/1hq.mp3', thumb_media_id: 'T' } },
  { touser: 'o', msgtype: 'news', news: { articles: [{ title: 't', description: 'd', url: 'https://example.com', picurl: 'https://example.com/p.jpg' }] } },
  { touser: 'o', msgtype: 'mpnews', mpnews: { media_id: 'M' } },
  { touser: 'o', msgtype: 'mpnewsarticle', mpnewsarticle: { article_id: 'A' } },
  {
    touser: 'o',
    msgtype: 'msgmenu',
    msgmenu: {
      head_content: 'Rate us',
      list: [
        { id: '101', content: 'Good' },
        { id: '102', content: 'Bad' },
      ],
      tail_content: 'Thanks',
    },
  },
  { touser: 'o', msgtype: 'wxcard', wxcard: { card_id: 'C' } },
  { touser: 'o', msgtype: 'miniprogrampage', miniprogrampage: { title: 't', appid: 'wxa', pagepath: 'pages/i', thumb_media_id: 'T' } },
  { touser: 'o', msgtype: 'text', text: { content: 'from kf' }, customservice: { kf_account: 'kf1@acct' } },
];

test('customService.send: every message type is posted verbatim, never idempotent', async () => {
  const rec = recorder();
  const cs = customServiceApi(rec.requester);
  for (const m of messages) {
    await cs.send(m);
    assert.deepEqual(rec.last(), post('/cgi-bin/message/custom/send', JSON.parse(JSON.stringify(m)), false));
  }
  assert.equal(rec.calls.length, messages.length);
  assert.ok(rec.calls.every((c) => c.init.idempotent === false));
});

test('customService.send: malformed messages are refused locally', async () => {
  const rec = recorder();
  const cs = customServiceApi(rec.requester);
  const bad = [
    null,
    { msgtype: 'text', text: { content: 'x' } },
    { touser: 'o', text: { content: 'x' } },
    { touser: 'o', msgtype: 'image', text: { content: 'x' } },
  ];
  for (const m of bad) await rejectsCode(cs.send(m as unknown as CustomMessage), 'INVALID_ARGUMENT');
  await rejectsCode(cs.typing('o', 'typing' as 'Typing'), 'INVALID_ARGUMENT');
  await rejectsCode(cs.addAccount('kf@a', 'x'.repeat(17)), 'INVALID_ARGUMENT');
  await rejectsCode(cs.getSession(''), 'INVALID_ARGUMENT');
  await rejectsCode(cs.getMsgList({ starttime: 100, endtime: 100, msgid: 1, number: 10 }), 'INVALID_ARGUMENT');
  await rejectsCode(cs.getMsgList({ starttime: 0, endtime: 86_401, msgid: 1, number: 10 }), 'INVALID_ARGUMENT');
  await rejectsCode(cs.uploadHeadImg('', new Blob(['x']), 'a.jpg'), 'INVALID_ARGUMENT');
  assert.equal(rec.calls.length, 0);
});

test('customService: typing, kf accounts, sessions and records', async () => {
  const rec = recorder((path) =>
    path.endsWith('getmsglist') ? { recordlist: [{ openid: 'o', opercode: 2002, text: 'hi', time: 1, worker: 'kf1@a' }], number: 1, msgid: 20165267 } : {},
  );
  const cs = customServiceApi(rec.requester);
  await cs.typing('o', 'Typing');
  assert.deepEqual(rec.last(), post('/cgi-bin/message/custom/typing', { touser: 'o', command: 'Typing' }, false));
  await cs.getKfList();
  assert.deepEqual(rec.last(), get('/cgi-bin/customservice/getkflist'));
  await cs.getOnlineKfList();
  assert.deepEqual(rec.last(), get('/cgi-bin/customservice/getonlinekflist'));
  await cs.addAccount('kf1@acct', 'Alice');
  assert.deepEqual(rec.last(), post('/customservice/kfaccount/add', { kf_account: 'kf1@acct', nickname: 'Alice' }, false));
  await cs.updateAccount('kf1@acct', 'Bob');
  assert.deepEqual(rec.last(), post('/customservice/kfaccount/update', { kf_account: 'kf1@acct', nickname: 'Bob' }, false));
  await cs.deleteAccount('kf1@acct');
  assert.deepEqual(rec.last(), post('/customservice/kfaccount/del', { kf_account: 'kf1@acct' }, false));
  await cs.inviteWorker('kf1@acct', 'alice_wx');
  assert.deepEqual(rec.last(), post('/customservice/kfaccount/inviteworker', { kf_account: 'kf1@acct', invite_wx: 'alice_wx' }, false));
  await cs.createSession('kf1@acct', 'o');
  assert.deepEqual(rec.last(), post('/customservice/kfsession/create', { kf_account: 'kf1@acct', openid: 'o' }, false));
  await cs.closeSession('kf1@acct', 'o');
  assert.deepEqual(rec.last(), post('/customservice/kfsession/close', { kf_account: 'kf1@acct', openid: 'o' }, false));
  await cs.getSession('o');
  assert.deepEqual(rec.last(), get('/customservice/kfsession/getsession', true, { query: { openid: 'o' } }));
  await cs.getSessionList('kf1@acct');
  assert.deepEqual(rec.last(), get('/customservice/kfsession/getsessionlist', true, { query: { kf_account: 'kf1@acct' } }));
  await cs.getWaitCase();
  assert.deepEqual(rec.last(), get('/customservice/kfsession/getwaitcase'));
  const records = await cs.getMsgList({ starttime: 0, endtime: 86_400, msgid: 1, number: 10_000 });
  records satisfies KfMsgListResponse;
  assert.equal(records.recordlist[0]?.opercode, 2002);
  assert.deepEqual(rec.last(), post('/customservice/msgrecord/getmsglist', { starttime: 0, endtime: 86_400, msgid: 1, number: 10_000 }, true));
});

test('customService.uploadHeadImg: multipart field "media" with the filename, kf_account in the query', async () => {
  const rec = recorder();
  await customServiceApi(rec.requester).uploadHeadImg('kf1@acct', new Blob([new Uint8Array([0xff, 0xd8])], { type: 'image/jpeg' }), 'head.jpg');
  const call = rec.last();
  assert.equal(call.path, '/customservice/kfaccount/uploadheadimg');
  assert.deepEqual(call.query, { kf_account: 'kf1@acct' });
  assert.equal(call.idempotent, false);
  const form = call.body as FormData;
  const file = form.get('media') as File;
  assert.equal(file.name, 'head.jpg');
  assert.deepEqual(new Uint8Array(await file.arrayBuffer()), new Uint8Array([0xff, 0xd8]));
});
