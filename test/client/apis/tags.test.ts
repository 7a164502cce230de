import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tagsApi } from '../../../src/client/apis/tags.js';
import { rejectsCode } from '../../helpers.js';
import { get, post, recorder } from './recorder.js';

test('tags: every method sends the documented request', async () => {
  const rec = recorder((path) =>
    path === '/cgi-bin/tags/create' ? { tag: { id: 134, name: 'VIP' } } : path === '/cgi-bin/tags/getidlist' ? { tagid_list: [134, 2] } : {},
  );
  const tags = tagsApi(rec.requester);
  const created = await tags.create('VIP');
  const id: number = created.tag.id;
  assert.equal(id, 134);
  assert.deepEqual(rec.last(), post('/cgi-bin/tags/create', { tag: { name: 'VIP' } }, false));
  await tags.get();
  assert.deepEqual(rec.last(), get('/cgi-bin/tags/get'));
  await tags.update(134, 'VVIP');
  assert.deepEqual(rec.last(), post('/cgi-bin/tags/update', { tag: { id: 134, name: 'VVIP' } }, false));
  await tags.delete(134);
  assert.deepEqual(rec.last(), post('/cgi-bin/tags/delete', { tag: { id: 134 } }, false));
  await tags.getTagUsers(134);
  assert.deepEqual(rec.last(), post('/cgi-bin/user/tag/get', { tagid: 134, next_openid: '' }, true));
  await tags.getTagUsers(134, 'o5');
  assert.deepEqual(rec.last().body, { tagid: 134, next_openid: 'o5' });
  await tags.batchTagging(['a', 'b'], 134);
  assert.deepEqual(rec.last(), post('/cgi-bin/tags/members/batchtagging', { openid_list: ['a', 'b'], tagid: 134 }, false));
  await tags.batchUntagging(['a'], 134);
  assert.deepEqual(rec.last(), post('/cgi-bin/tags/members/batchuntagging', { openid_list: ['a'], tagid: 134 }, false));
  const { tagid_list } = await tags.getIdList('a');
  assert.deepEqual(tagid_list, [134, 2]);
  assert.deepEqual(rec.last(), post('/cgi-bin/tags/getidlist', { openid: 'a' }, true));
  await tags.getBlacklist();
  assert.deepEqual(rec.last(), post('/cgi-bin/tags/members/getblacklist', { begin_openid: '' }, true));
  await tags.getBlacklist('o7');
  assert.deepEqual(rec.last().body, { begin_openid: 'o7' });
  await tags.batchBlacklist(['a']);
  assert.deepEqual(rec.last(), post('/cgi-bin/tags/members/batchblacklist', { openid_list: ['a'] }, false));
  await tags.batchUnblacklist(['a']);
  assert.deepEqual(rec.last(), post('/cgi-bin/tags/members/batchunblacklist', { openid_list: ['a'] }, false));
});

test('tags: iterators over tag members and the blacklist', async () => {
  const rec = recorder((_path, init) => {
    const body = init.body as { next_openid?: string; begin_openid?: string };
    const cursor = body.next_openid ?? body.begin_openid;
    return cursor === '' ? { count: 2, data: { openid: ['a', 'b'] }, next_openid: 'b' } : { count: 0, next_openid: '' };
  });
  const tags = tagsApi(rec.requester);
  const members: string[] = [];
  for await (const p of tags.iterateTagUsers(7)) members.push(...(p.data?.openid ?? []));
  assert.deepEqual(members, ['a', 'b']);
  const black: string[] = [];
  for await (const p of tags.iterateBlacklist()) black.push(...(p.data?.openid ?? []));
  assert.deepEqual(black, ['a', 'b']);
  assert.deepEqual(
    rec.calls.map((c) => c.path),
    ['/cgi-bin/user/tag/get', '/cgi-bin/user/tag/get', '/cgi-bin/tags/members/getblacklist', '/cgi-bin/tags/members/getblacklist'],
  );
});

test('tags: limits (50 per tagging, 20 per blacklisting, name ≤ 30) send nothing when exceeded', async () => {
  const rec = recorder();
  const tags = tagsApi(rec.requester);
  const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `o${i}`);
  await tags.batchTagging(ids(50), 1);
  await rejectsCode(tags.batchTagging(ids(51), 1), 'INVALID_ARGUMENT');
  await rejectsCode(tags.batchUntagging(ids(51), 1), 'INVALID_ARGUMENT');
  await tags.batchBlacklist(ids(20));
  await rejectsCode(tags.batchBlacklist(ids(21)), 'INVALID_ARGUMENT');
  await rejectsCode(tags.batchUnblacklist([]), 'INVALID_ARGUMENT');
  await tags.create('x'.repeat(30));
  await rejectsCode(tags.create('x'.repeat(31)), 'INVALID_ARGUMENT');
  await rejectsCode(tags.update(-1, 'a'), 'INVALID_ARGUMENT');
  await rejectsCode(tags.getIdList(''), 'INVALID_ARGUMENT');
  assert.throws(() => tags.iterateTagUsers(1.5), { code: 'INVALID_ARGUMENT' });
  assert.equal(rec.calls.length, 3);
});
