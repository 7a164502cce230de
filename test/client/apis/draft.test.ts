import assert from 'node:assert/strict';
import { test } from 'node:test';
import { draftApi, type DraftArticle } from '../../../src/client/apis/draft.js';
import { freepublishApi, type PublishStatusResponse } from '../../../src/client/apis/freepublish.js';
import { rejectsCode } from '../../helpers.js';
import { get, post, recorder } from './recorder.js';

const article: DraftArticle = {
  title: 'Hello',
  author: 'me',
  digest: 'd',
  content: '<p>Hi</p>',
  thumb_media_id: 'T',
  need_open_comment: 1,
  only_fans_can_comment: 0,
};

test('draft: every method sends the documented request', async () => {
  const rec = recorder((path) =>
    path.endsWith('/add') ? { media_id: 'D' } : path.endsWith('/count') ? { total_count: 3 } : path.endsWith('/switch') ? { is_open: 1 } : {},
  );
  const draft = draftApi(rec.requester);
  assert.equal((await draft.add([article])).media_id, 'D');
  assert.deepEqual(rec.last(), post('/cgi-bin/draft/add', { articles: [article] }, false));
  await draft.get('D');
  assert.deepEqual(rec.last(), post('/cgi-bin/draft/get', { media_id: 'D' }, true));
  await draft.delete('D');
  assert.deepEqual(rec.last(), post('/cgi-bin/draft/delete', { media_id: 'D' }, false));
  await draft.update('D', 0, article);
  assert.deepEqual(rec.last(), post('/cgi-bin/draft/update', { media_id: 'D', index: 0, articles: article }, false));
  assert.equal((await draft.count()).total_count, 3);
  assert.deepEqual(rec.last(), get('/cgi-bin/draft/count'));
  await draft.batchGet({ offset: 0, count: 20, no_content: 1 });
  assert.deepEqual(rec.last(), post('/cgi-bin/draft/batchget', { offset: 0, count: 20, no_content: 1 }, true));
  await draft.batchGet({ offset: 5, count: 1 });
  assert.deepEqual(rec.last().body, { offset: 5, count: 1 });
  assert.equal((await draft.switch()).is_open, 1);
  assert.deepEqual(rec.last(), { path: '/cgi-bin/draft/switch', method: 'POST', idempotent: true, query: { checkonly: 1 } });
  await draft.switch(false);
  assert.deepEqual(rec.last(), { path: '/cgi-bin/draft/switch', method: 'POST', idempotent: false });
});

test('draft: argument checks send nothing', async () => {
  const rec = recorder();
  const draft = draftApi(rec.requester);
  await rejectsCode(draft.add([]), 'INVALID_ARGUMENT');
  await rejectsCode(draft.add(Array(9).fill(article)), 'INVALID_ARGUMENT');
  await rejectsCode(draft.add([{ ...article, title: '' }]), 'INVALID_ARGUMENT');
  await rejectsCode(draft.add([{ ...article, content: '' }]), 'INVALID_ARGUMENT');
  await rejectsCode(draft.update('D', 8, article), 'INVALID_ARGUMENT');
  await rejectsCode(draft.get(''), 'INVALID_ARGUMENT');
  await rejectsCode(draft.batchGet({ offset: 0, count: 0 }), 'INVALID_ARGUMENT');
  await rejectsCode(draft.batchGet({ offset: 0, count: 21 }), 'INVALID_ARGUMENT');
  assert.equal(rec.calls.length, 0);
});

test('freepublish: submit, get, delete, getArticle, batchGet', async () => {
  const rec = recorder((path) =>
    path.endsWith('/submit')
      ? { publish_id: 100000001, msg_data_id: 2247483795 }
      : path.endsWith('/get')
        ? {
            publish_id: '100000001',
            publish_status: 0,
            article_id: 'A',
            article_detail: { count: 1, item: [{ idx: 1, article_url: 'https://mp.weixin.qq.com/s/x' }] },
            fail_idx: [],
          }
        : {},
  );
  const fp = freepublishApi(rec.requester);
  const sub = await fp.submit('D');
  assert.deepEqual([sub.publish_id, sub.msg_data_id], ['100000001', '2247483795']);
  assert.deepEqual(rec.last(), post('/cgi-bin/freepublish/submit', { media_id: 'D' }, false));
  const st = await fp.get(100000001);
  st satisfies PublishStatusResponse;
  assert.equal(st.article_detail?.item[0]?.article_url, 'https://mp.weixin.qq.com/s/x');
  assert.deepEqual(rec.last(), post('/cgi-bin/freepublish/get', { publish_id: '100000001' }, true));
  await fp.delete('A', 1);
  assert.deepEqual(rec.last(), post('/cgi-bin/freepublish/delete', { article_id: 'A', index: 1 }, false));
  await fp.delete('A');
  assert.deepEqual(rec.last().body, { article_id: 'A' });
  await fp.getArticle('A');
  assert.deepEqual(rec.last(), post('/cgi-bin/freepublish/getarticle', { article_id: 'A' }, true));
  await fp.batchGet({ offset: 0, count: 10, no_content: 0 });
  assert.deepEqual(rec.last(), post('/cgi-bin/freepublish/batchget', { offset: 0, count: 10, no_content: 0 }, true));
  const n = rec.calls.length;
  await rejectsCode(fp.submit(''), 'INVALID_ARGUMENT');
  await rejectsCode(fp.delete('A', 9), 'INVALID_ARGUMENT');
  await rejectsCode(fp.getArticle(''), 'INVALID_ARGUMENT');
  assert.equal(rec.calls.length, n);
  const bare = recorder(() => ({ publish_id: '7' }));
  assert.equal((await freepublishApi(bare.requester).submit('D')).msg_data_id, undefined);
});
