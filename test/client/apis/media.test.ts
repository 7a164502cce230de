import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mediaApi, mediaForm, type MediaVideoUrl } from '../../../src/client/apis/media.js';
import type { BinaryResponse } from '../../../src/client/types.js';
import { rejectsCode, throwsCode } from '../../helpers.js';
import { get, post, recorder } from './recorder.js';

const png = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' });

test('media.upload: multipart field "media" with filename, type in the query', async () => {
  const rec = recorder(() => ({ type: 'image', media_id: 'M', created_at: 1 }));
  const media = mediaApi(rec.requester);
  const res = await media.upload('image', png, 'logo.png');
  assert.equal(res.media_id, 'M');
  const call = rec.last();
  assert.equal(call.path, '/cgi-bin/media/upload');
  assert.equal(call.method, 'POST');
  assert.equal(call.idempotent, false);
  assert.deepEqual(call.query, { type: 'image' });
  const file = (call.body as FormData).get('media') as File;
  assert.equal(file.name, 'logo.png');
  assert.equal(file.type, 'image/png');
  assert.equal(file.size, 4);
  assert.deepEqual([...(call.body as FormData).keys()], ['media']);
});

test('mediaForm / upload: bad type, file or filename are refused', async () => {
  const rec = recorder();
  const media = mediaApi(rec.requester);
  await rejectsCode(media.upload('gif' as 'image', png, 'a.gif'), 'INVALID_ARGUMENT');
  await rejectsCode(media.upload('image', 'bytes' as unknown as Blob, 'a.png'), 'INVALID_ARGUMENT');
  for (const name of ['', 'noext', '.png', 'trailing.']) throwsCode(() => mediaForm(png, name), 'INVALID_ARGUMENT');
  await rejectsCode(media.uploadImg(png, 'x'), 'INVALID_ARGUMENT');
  await rejectsCode(media.get(''), 'INVALID_ARGUMENT');
  assert.equal(rec.calls.length, 0);
  assert.ok(mediaForm(png, 'a.b.png').get('media') instanceof Blob);
});

test('media.get / getJssdkVoice: binary response type, both result shapes typed', async () => {
  const bin: BinaryResponse = { contentType: 'image/jpeg', filename: 'a.jpg', data: new Uint8Array([1, 2]) };
  let answer: BinaryResponse | MediaVideoUrl = bin;
  const rec = recorder(() => answer);
  const media = mediaApi(rec.requester);
  const got = await media.get('M1');
  assert.ok('data' in got);
  assert.deepEqual(got.data, new Uint8Array([1, 2]));
  assert.deepEqual(rec.last(), get('/cgi-bin/media/get', true, { query: { media_id: 'M1' }, responseType: 'binary' }));
  answer = { video_url: 'http://example.com/v.mp4' };
  const video = await media.get('V1');
  assert.ok('video_url' in video && video.video_url.endsWith('.mp4'));
  await media.getJssdkVoice('S1');
  assert.deepEqual(rec.last(), get('/cgi-bin/media/get/jssdk', true, { query: { media_id: 'S1' }, responseType: 'binary' }));
});

test('media: uploadImg, uploadNews, uploadVideo', async () => {
  const rec = recorder((path) => (path.endsWith('uploadimg') ? { url: 'http://mmbiz.qpic.cn/x' } : { type: 'news', media_id: 'N', created_at: 1 }));
  const media = mediaApi(rec.requester);
  const { url } = await media.uploadImg(png, 'body.png');
  assert.equal(url, 'http://mmbiz.qpic.cn/x');
  assert.equal(rec.last().path, '/cgi-bin/media/uploadimg');
  assert.equal(((rec.last().body as FormData).get('media') as File).name, 'body.png');
  assert.equal(rec.last().idempotent, false);
  const article = { thumb_media_id: 'T', title: 't', content: '<p>x</p>', need_open_comment: 1 };
  await media.uploadNews([article]);
  assert.deepEqual(rec.last(), post('/cgi-bin/media/uploadnews', { articles: [article] }, false));
  await rejectsCode(media.uploadNews([]), 'INVALID_ARGUMENT');
  await rejectsCode(media.uploadNews(Array(9).fill(article)), 'INVALID_ARGUMENT');
  await media.uploadVideo({ media_id: 'V', title: 't', description: 'd' });
  assert.deepEqual(rec.last(), post('/cgi-bin/media/uploadvideo', { media_id: 'V', title: 't', description: 'd' }, false));
  await rejectsCode(media.uploadVideo({ media_id: '' }), 'INVALID_ARGUMENT');
});
