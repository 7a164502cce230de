import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QRCODE_MAX_EXPIRE_SECONDS, qrcodeApi, showQrcodeUrl, type QrcodeCreateOptions, type QrcodeCreateResponse } from '../../../src/client/apis/qrcode.js';
import { rejectsCode, throwsCode } from '../../helpers.js';
import { post, recorder } from './recorder.js';

test('qrcode.create: the four action names, expire_seconds only for temporary codes', async () => {
  const rec = recorder(() => ({
    ticket: 'gQH47joAAAAAAAAAASxodHRwOi8vd2VpeGluLnFxLmNvbS9xL2taZ2Z3TVRtNzJXV1Brb3ZhYmJJAAIEZ23sUwMEmm3sUw==',
    expire_seconds: 60,
    url: 'http://weixin.qq.com/q/kZgfwMTm72WWPkovabbI',
  }));
  const qr = qrcodeApi(rec.requester);
  const res = await qr.create({ type: 'temporary', sceneId: 123, expireSeconds: 60 });
  res satisfies QrcodeCreateResponse;
  assert.equal(res.url, 'http://weixin.qq.com/q/kZgfwMTm72WWPkovabbI');
  assert.deepEqual(
    rec.last(),
    post('/cgi-bin/qrcode/create', { action_name: 'QR_SCENE', action_info: { scene: { scene_id: 123 } }, expire_seconds: 60 }, false),
  );
  await qr.create({ type: 'temporary', sceneStr: 'login:42' });
  assert.deepEqual(rec.last().body, { action_name: 'QR_STR_SCENE', action_info: { scene: { scene_str: 'login:42' } } });
  await qr.create({ type: 'permanent', sceneId: 100_000 });
  assert.deepEqual(rec.last().body, { action_name: 'QR_LIMIT_SCENE', action_info: { scene: { scene_id: 100_000 } } });
  await qr.create({ type: 'permanent', sceneStr: 'x'.repeat(64) });
  assert.deepEqual(rec.last().body, { action_name: 'QR_LIMIT_STR_SCENE', action_info: { scene: { scene_str: 'x'.repeat(64) } } });
  await qr.create({ type: 'temporary', sceneId: 0xffffffff, expireSeconds: QRCODE_MAX_EXPIRE_SECONDS });
  assert.equal(rec.calls.length, 5);
});

test('qrcode.create: ranges are boundary-checked with INVALID_ARGUMENT', async () => {
  const rec = recorder();
  const qr = qrcodeApi(rec.requester);
  const bad: unknown[] = [
    { type: 'temporary', sceneId: 1, expireSeconds: QRCODE_MAX_EXPIRE_SECONDS + 1 },
    { type: 'temporary', sceneId: 1, expireSeconds: 0 },
    { type: 'temporary', sceneId: 0 },
    { type: 'temporary', sceneId: 0x100000000 },
    { type: 'permanent', sceneId: 100_001 },
    { type: 'permanent', sceneId: 1.5 },
    { type: 'permanent', sceneStr: 'x'.repeat(65) },
    { type: 'permanent', sceneStr: '' },
    { type: 'permanent', sceneId: 1, expireSeconds: 60 },
    { type: 'permanent', sceneId: 1, sceneStr: 'a' },
    { type: 'permanent' },
    { type: 'forever', sceneId: 1 },
    null,
  ];
  for (const o of bad) await rejectsCode(qr.create(o as QrcodeCreateOptions), 'INVALID_ARGUMENT');
  assert.equal(rec.calls.length, 0);
});

test('showQrcodeUrl: URL-encodes the ticket, is pure, rejects an empty ticket', () => {
  assert.equal(showQrcodeUrl('a+b/c=='), 'https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=a%2Bb%2Fc%3D%3D');
  const rec = recorder();
  assert.equal(qrcodeApi(rec.requester).showQrcodeUrl('T'), 'https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=T');
  assert.equal(rec.calls.length, 0);
  throwsCode(() => showQrcodeUrl(''), 'INVALID_ARGUMENT');
});
