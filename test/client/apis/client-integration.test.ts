// A sample of API groups through a real WeChatClient and the fake platform: wire format, lossless
// ids, retry behaviour governed by each method's `idempotent` flag, multipart and binary bodies.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WeChatClient } from '../../../src/client/client.js';
import { createFakeWeChatApi } from '../../../src/testing/fake-api/index.js';
import { rejectsCode } from '../../helpers.js';

function setup() {
  const api = createFakeWeChatApi();
  const client = new WeChatClient({
    appId: api.appId,
    appSecret: api.appSecret,
    fetch: api.fetch,
    sleep: async () => {},
    retry: { maxRetries: 2, baseDelayMs: 1 },
  });
  return { api, client };
}

test('client.template.send: JSON body on the wire, big msgid kept exact as a string, never retried on -1', async () => {
  const { api, client } = setup();
  api.route(
    '/cgi-bin/message/template/send',
    () => new Response('{"errcode":0,"errmsg":"ok","msgid":271781022721654784}', { headers: { 'content-type': 'application/json' } }),
  );
  const { msgid } = await client.template.send({ touser: 'o', template_id: 'T', data: { thing1: { value: '中文' } } });
  assert.equal(msgid, '271781022721654784');
  const [call] = api.callsTo('/cgi-bin/message/template/send');
  assert.equal(call?.method, 'POST');
  assert.deepEqual(call?.body, { touser: 'o', template_id: 'T', data: { thing1: { value: '中文' } } });
  assert.ok(call?.bodyText?.includes('中文'), 'raw UTF-8, no \\u escapes');

  api.script('/cgi-bin/message/template/send', -1);
  const e = await rejectsCode(client.template.send({ touser: 'o', template_id: 'T', data: {} }), 'API_ERROR');
  assert.equal(e.errcode, -1);
  assert.equal(api.callsTo('/cgi-bin/message/template/send').length, 2, 'the failed send was not resent');
});

test('client.user.info is retried on -1 (idempotent); client.mass.send is not', async () => {
  const { api, client } = setup();
  api.script('/cgi-bin/user/info', -1, { subscribe: 1, openid: 'o1' });
  const info = await client.user.info('o1', 'zh_CN');
  assert.equal(info.openid, 'o1');
  const calls = api.callsTo('/cgi-bin/user/info');
  assert.equal(calls.length, 2);
  assert.deepEqual([calls[1]?.method, calls[1]?.query['openid'], calls[1]?.query['lang']], ['GET', 'o1', 'zh_CN']);

  api.script('/cgi-bin/message/mass/send', -1);
  await rejectsCode(client.mass.send(['a', 'b'], { msgtype: 'text', text: { content: 'x' } }), 'API_ERROR');
  assert.equal(api.callsTo('/cgi-bin/message/mass/send').length, 1);
});

test('client.user.iterate walks the fake follower list', async () => {
  const { api, client } = setup();
  api.route('/cgi-bin/user/get', (c) =>
    !c.query['next_openid']
      ? { total: 3, count: 2, data: { openid: ['a', 'b'] }, next_openid: 'b' }
      : c.query['next_openid'] === 'b'
        ? { total: 3, count: 1, data: { openid: ['c'] }, next_openid: 'c' }
        : { total: 3, count: 0, next_openid: '' },
  );
  const all: string[] = [];
  for await (const page of client.user.iterate()) all.push(...(page.data?.openid ?? []));
  assert.deepEqual(all, ['a', 'b', 'c']);
  assert.equal(api.callsTo('/cgi-bin/user/get').length, 3);
});

test('client.media: multipart upload with field "media" and filename; binary download', async () => {
  const { api, client } = setup();
  api.route('/cgi-bin/media/upload', () => ({ type: 'image', media_id: 'MEDIA_1', created_at: 1 }));
  const up = await client.media.upload('image', new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }), 'pic.png');
  assert.equal(up.media_id, 'MEDIA_1');
  const [call] = api.callsTo('/cgi-bin/media/upload');
  assert.equal(call?.query['type'], 'image');
  const form = call?.body as FormData;
  assert.ok(form instanceof FormData);
  assert.equal((form.get('media') as File).name, 'pic.png');

  const got = await client.media.get('MEDIA_1');
  assert.ok('data' in got);
  assert.equal(got.contentType, 'image/jpeg');
  assert.deepEqual([...got.data.slice(0, 2)], [0xff, 0xd8]);
  await rejectsCode(client.media.get(''), 'INVALID_ARGUMENT');
});

test('client.quota.clearV2 sends no access_token; a scripted errcode surfaces as API_ERROR', async () => {
  const { api, client } = setup();
  await client.quota.clearV2(api.appId, api.appSecret);
  const [call] = api.callsTo('/cgi-bin/clear_quota/v2');
  assert.equal(call?.method, 'POST');
  assert.equal(call?.query['access_token'], undefined);
  assert.equal(call?.query['appid'], api.appId);
  api.script('/cgi-bin/openapi/quota/get', 76021);
  const e = await rejectsCode(client.quota.get('/nope'), 'API_ERROR');
  assert.equal(e.errcode, 76021);
});
