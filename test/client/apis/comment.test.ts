import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commentApi, type ArticleComment } from '../../../src/client/apis/comment.js';
import { rejectsCode } from '../../helpers.js';
import { post, recorder } from './recorder.js';

test('comment: every method sends the documented request', async () => {
  const row: ArticleComment = { user_comment_id: 1, openid: 'o', create_time: 1, content: 'nice', comment_type: 0, reply: { content: 'thx', create_time: 2 } };
  const rec = recorder((path) => (path.endsWith('/list') ? { total: 1, comment: [row] } : {}));
  const c = commentApi(rec.requester);
  const t = { msg_data_id: '2247483795', index: 1 };
  const w = { msg_data_id: 2247483795, index: 1 };
  await c.open(t);
  assert.deepEqual(rec.last(), post('/cgi-bin/comment/open', w, false));
  await c.close({ msg_data_id: 5 });
  assert.deepEqual(rec.last(), post('/cgi-bin/comment/close', { msg_data_id: 5, index: 0 }, false));
  const list = await c.list(t, { begin: 0, count: 50, type: 0 });
  assert.equal(list.comment[0]?.reply?.content, 'thx');
  assert.deepEqual(rec.last(), post('/cgi-bin/comment/list', { ...w, begin: 0, count: 50, type: 0 }, true));
  await c.markElect(t, 1);
  assert.deepEqual(rec.last(), post('/cgi-bin/comment/markelect', { ...w, user_comment_id: 1 }, false));
  await c.unmarkElect(t, 1);
  assert.deepEqual(rec.last(), post('/cgi-bin/comment/unmarkelect', { ...w, user_comment_id: 1 }, false));
  await c.delete(t, 1);
  assert.deepEqual(rec.last(), post('/cgi-bin/comment/delete', { ...w, user_comment_id: 1 }, false));
  await c.replyAdd(t, 1, 'thx');
  assert.deepEqual(rec.last(), post('/cgi-bin/comment/reply/add', { ...w, user_comment_id: 1, content: 'thx' }, false));
  await c.replyDelete(t, 1);
  assert.deepEqual(rec.last(), post('/cgi-bin/comment/reply/delete', { ...w, user_comment_id: 1 }, false));
});

test('comment: argument checks send nothing', async () => {
  const rec = recorder();
  const c = commentApi(rec.requester);
  const t = { msg_data_id: 1 };
  await rejectsCode(c.open({ msg_data_id: 'abc' }), 'INVALID_ARGUMENT');
  await rejectsCode(c.open({ msg_data_id: 1, index: 8 }), 'INVALID_ARGUMENT');
  await rejectsCode(c.list(t, { begin: 0, count: 51, type: 0 }), 'INVALID_ARGUMENT');
  await rejectsCode(c.list(t, { begin: -1, count: 1, type: 0 }), 'INVALID_ARGUMENT');
  await rejectsCode(c.list(t, { begin: 0, count: 1, type: 3 as 0 }), 'INVALID_ARGUMENT');
  await rejectsCode(c.replyAdd(t, 1, ''), 'INVALID_ARGUMENT');
  await rejectsCode(c.markElect(t, -1), 'INVALID_ARGUMENT');
  assert.equal(rec.calls.length, 0);
});
