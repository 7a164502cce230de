import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OpenIdPage } from '../../../src/client/apis/paging.js';
import { userApi, type UserInfoResponse } from '../../../src/client/apis/user.js';
import { rejectsCode } from '../../helpers.js';
import { get, post, recorder } from './recorder.js';

test('user: info, batchGet, list, updateRemark, changeOpenid requests', async () => {
  const rec = recorder((path) => (path === '/cgi-bin/user/info' ? { subscribe: 1, openid: 'o1', subscribe_time: 1382694957, tagid_list: [128, 2] } : {}));
  const user = userApi(rec.requester);

  const info = await user.info('o1', 'en');
  info satisfies UserInfoResponse;
  assert.deepEqual(info.tagid_list, [128, 2]);
  assert.deepEqual(rec.last(), get('/cgi-bin/user/info', true, { query: { openid: 'o1', lang: 'en' } }));
  await user.info('o2');
  assert.deepEqual(rec.last().query, { openid: 'o2' });

  await user.batchGet(['o1', { openid: 'o2', lang: 'zh_TW' }], 'zh_CN');
  assert.deepEqual(
    rec.last(),
    post(
      '/cgi-bin/user/info/batchget',
      {
        user_list: [
          { openid: 'o1', lang: 'zh_CN' },
          { openid: 'o2', lang: 'zh_TW' },
        ],
      },
      true,
    ),
  );
  await user.batchGet(['o3']);
  assert.deepEqual(rec.last().body, { user_list: [{ openid: 'o3' }] });

  await user.list();
  assert.deepEqual(rec.last(), get('/cgi-bin/user/get', true, { query: {} }));
  await user.list('o9');
  assert.deepEqual(rec.last().query, { next_openid: 'o9' });

  await user.updateRemark('o1', 'pal');
  assert.deepEqual(rec.last(), post('/cgi-bin/user/info/updateremark', { openid: 'o1', remark: 'pal' }, false));
  await user.updateRemark('o1', ''); // clearing a remark is allowed

  await user.changeOpenid('wxold', ['a', 'b']);
  assert.deepEqual(rec.last(), post('/cgi-bin/changeopenid', { from_appid: 'wxold', openid_list: ['a', 'b'] }, true));
});

test('user: argument checks (boundary pairs) send nothing', async () => {
  const rec = recorder(() => ({ user_info_list: [] }));
  const user = userApi(rec.requester);
  const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `o${i}`);
  await user.batchGet(ids(100));
  await rejectsCode(user.batchGet(ids(101)), 'INVALID_ARGUMENT');
  await rejectsCode(user.batchGet([]), 'INVALID_ARGUMENT');
  await rejectsCode(user.info(''), 'INVALID_ARGUMENT');
  await user.updateRemark('o', 'x'.repeat(30));
  await rejectsCode(user.updateRemark('o', 'x'.repeat(31)), 'INVALID_ARGUMENT');
  await rejectsCode(user.updateRemark('o', 5 as unknown as string), 'INVALID_ARGUMENT');
  await rejectsCode(user.changeOpenid('', ['a']), 'INVALID_ARGUMENT');
  await rejectsCode(user.changeOpenid('wx', ids(101)), 'INVALID_ARGUMENT');
  assert.equal(rec.calls.length, 2);
});

test('user.iterate: follows next_openid and stops on the empty page', async () => {
  const pages: Record<string, OpenIdPage> = {
    '': { total: 3, count: 2, data: { openid: ['a', 'b'] }, next_openid: 'b' },
    b: { total: 3, count: 1, data: { openid: ['c'] }, next_openid: 'c' },
    c: { total: 3, count: 0, next_openid: '' },
  };
  const rec = recorder((_p, init) => pages[String(init.query?.next_openid ?? '')]);
  const seen: string[] = [];
  for await (const page of userApi(rec.requester).iterate()) seen.push(...(page.data?.openid ?? []));
  assert.deepEqual(seen, ['a', 'b', 'c']);
  assert.deepEqual(
    rec.calls.map((c) => c.init.query?.next_openid),
    [undefined, 'b', 'c'],
  );
});
