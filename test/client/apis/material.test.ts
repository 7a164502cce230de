import assert from 'node:assert/strict';
import { test } from 'node:test';
import { materialApi, type MaterialPage } from '../../../src/client/apis/material.js';
import { rejectsCode } from '../../helpers.js';
import { get, post, recorder } from './recorder.js';

const mp4 = new Blob([new Uint8Array(8)], { type: 'video/mp4' });

test('material.add: image without description, video with the description form field', async () => {
  const rec = recorder(() => ({ media_id: 'M', url: 'http://mmbiz/x' }));
  const material = materialApi(rec.requester);
  await material.add('image', new Blob(['x']), 'a.jpg');
  let call = rec.last();
  assert.equal(call.path, '/cgi-bin/material/add_material');
  assert.deepEqual(call.query, { type: 'image' });
  assert.equal(call.idempotent, false);
  assert.deepEqual([...(call.body as FormData).keys()], ['media']);
  await material.add('video', mp4, 'intro.mp4', { title: 'Intro', introduction: '我们的店' });
  call = rec.last();
  const form = call.body as FormData;
  assert.equal((form.get('media') as File).name, 'intro.mp4');
  assert.deepEqual(JSON.parse(form.get('description') as string), { title: 'Intro', introduction: '我们的店' });
  await material.add('video', mp4, 'b.mp4', { title: 'T' });
  assert.deepEqual(JSON.parse((rec.last().body as FormData).get('description') as string), { title: 'T', introduction: '' });
  await rejectsCode(material.add('video', mp4, 'c.mp4'), 'INVALID_ARGUMENT');
  await rejectsCode(material.add('news' as 'image', mp4, 'c.mp4'), 'INVALID_ARGUMENT');
  await rejectsCode(material.add('image', mp4, 'noext'), 'INVALID_ARGUMENT');
  assert.equal(rec.calls.length, 3);
});

test('material: get (binary), delete, getCount, batchGet', async () => {
  const rec = recorder((path) => (path.endsWith('get_material') ? { title: 't', description: 'd', down_url: 'http://x/v.mp4' } : {}));
  const material = materialApi(rec.requester);
  const got = await material.get('M');
  assert.ok('down_url' in got && got.down_url === 'http://x/v.mp4');
  assert.deepEqual(rec.last(), post('/cgi-bin/material/get_material', { media_id: 'M' }, true, { responseType: 'binary' }));
  await material.delete('M');
  assert.deepEqual(rec.last(), post('/cgi-bin/material/del_material', { media_id: 'M' }, false));
  await material.getCount();
  assert.deepEqual(rec.last(), get('/cgi-bin/material/get_materialcount'));
  await material.batchGet({ type: 'news', offset: 0, count: 20 });
  assert.deepEqual(rec.last(), post('/cgi-bin/material/batchget_material', { type: 'news', offset: 0, count: 20 }, true));
  await rejectsCode(material.batchGet({ type: 'image', offset: 0, count: 21 }), 'INVALID_ARGUMENT');
  await rejectsCode(material.batchGet({ type: 'image', offset: -1, count: 1 }), 'INVALID_ARGUMENT');
  await rejectsCode(material.batchGet({ type: 'thumb' as 'image', offset: 0, count: 1 }), 'INVALID_ARGUMENT');
  await rejectsCode(material.get(''), 'INVALID_ARGUMENT');
  await rejectsCode(material.delete(''), 'INVALID_ARGUMENT');
});

test('material.iterate: pages by offset until total_count or an empty page', async () => {
  const total = 45;
  const rec = recorder((_p, init) => {
    const { offset, count } = init.body as { offset: number; count: number };
    const n = Math.max(0, Math.min(count, total - offset));
    const page: MaterialPage = {
      total_count: total,
      item_count: n,
      item: Array.from({ length: n }, (_, i) => ({ media_id: `m${offset + i}`, update_time: 0 })),
    };
    return page;
  });
  const ids: string[] = [];
  for await (const page of materialApi(rec.requester).iterate('image')) ids.push(...page.item.map((i) => i.media_id));
  assert.equal(ids.length, 45);
  assert.equal(ids[44], 'm44');
  assert.deepEqual(
    rec.calls.map((c) => (c.init.body as { offset: number }).offset),
    [0, 20, 40],
  );

  const empty = recorder(() => ({ total_count: 5, item_count: 0, item: [] }));
  let pages = 0;
  for await (const _ of materialApi(empty.requester).iterate('voice', 5)) pages++;
  assert.equal(pages, 0);
  assert.equal(empty.calls.length, 1);
});
