import assert from 'node:assert/strict';
import { test } from 'node:test';
import { massApi, type MassContent, type MassSendResponse } from '../../../src/client/apis/mass.js';
import { rejectsCode } from '../../helpers.js';
import { post, recorder } from './recorder.js';

const mpnews: MassContent = { msgtype: 'mpnews', mpnews: { media_id: 'M' }, send_ignore_reprint: 0 };

test('mass.sendAll / send: filter or touser, content, clientmsgid; never idempotent; ids as strings', async () => {
  const rec = recorder(() => ({ errcode: 0, errmsg: 'send job submission success', msg_id: 34182, msg_data_id: '206227730' }));
  const mass = massApi(rec.requester);
  const res = await mass.sendAll({ isToAll: true }, mpnews, { clientmsgid: 'weekly-42' });
  res satisfies MassSendResponse;
  assert.deepEqual([res.msg_id, res.msg_data_id], ['34182', '206227730']);
  assert.deepEqual(
    rec.last(),
    post(
      '/cgi-bin/message/mass/sendall',
      { filter: { is_to_all: true }, msgtype: 'mpnews', mpnews: { media_id: 'M' }, send_ignore_reprint: 0, clientmsgid: 'weekly-42' },
      false,
    ),
  );
  await mass.sendAll({ tagId: 2 }, { msgtype: 'text', text: { content: 'hi' } });
  assert.deepEqual(rec.last().body, { filter: { is_to_all: false, tag_id: 2 }, msgtype: 'text', text: { content: 'hi' } });
  await mass.send(
    ['a', 'b'],
    { msgtype: 'image', images: { media_ids: ['I1', 'I2'], recommend: 'r', need_open_comment: 1, only_fans_can_comment: 0 } },
    { clientmsgid: 'c' },
  );
  assert.deepEqual(
    rec.last(),
    post(
      '/cgi-bin/message/mass/send',
      {
        touser: ['a', 'b'],
        msgtype: 'image',
        images: { media_ids: ['I1', 'I2'], recommend: 'r', need_open_comment: 1, only_fans_can_comment: 0 },
        clientmsgid: 'c',
      },
      false,
    ),
  );
  for (const c of [
    { msgtype: 'voice', voice: { media_id: 'V' } },
    { msgtype: 'mpvideo', mpvideo: { media_id: 'V' } },
    { msgtype: 'wxcard', wxcard: { card_id: 'C' } },
  ] as MassContent[]) {
    await mass.send(['a', 'b'], c);
    assert.deepEqual(rec.last().body, { touser: ['a', 'b'], ...c });
  }
  const noData = recorder(() => ({ msg_id: '1' }));
  assert.equal((await massApi(noData.requester).send(['a', 'b'], mpnews)).msg_data_id, undefined);
  assert.ok(rec.calls.every((c) => c.init.idempotent === false));
});

test('mass: preview, delete, get, speed', async () => {
  const rec = recorder((path) =>
    path.endsWith('/mass/get')
      ? { msg_id: 201053012, msg_status: 'SEND_SUCCESS' }
      : path.endsWith('/preview')
        ? { msg_id: 34182 }
        : { speed: 3, realspeed: 15 },
  );
  const mass = massApi(rec.requester);
  assert.equal((await mass.preview('o', mpnews)).msg_id, '34182');
  assert.deepEqual(
    rec.last(),
    post('/cgi-bin/message/mass/preview', { touser: 'o', msgtype: 'mpnews', mpnews: { media_id: 'M' }, send_ignore_reprint: 0 }, false),
  );
  await mass.preview({ towxname: 'alice' }, { msgtype: 'text', text: { content: 'x' } });
  assert.deepEqual(rec.last().body, { towxname: 'alice', msgtype: 'text', text: { content: 'x' } });
  await mass.delete('30124', 2);
  assert.deepEqual(rec.last(), post('/cgi-bin/message/mass/delete', { msg_id: 30124, article_idx: 2 }, false));
  await mass.delete('271781022721654784');
  assert.deepEqual(rec.last().body, { msg_id: '271781022721654784' });
  const status = await mass.get(201053012);
  assert.deepEqual([status.msg_id, status.msg_status], ['201053012', 'SEND_SUCCESS']);
  assert.deepEqual(rec.last(), post('/cgi-bin/message/mass/get', { msg_id: '201053012' }, true));
  const speed = await mass.getSpeed();
  assert.equal(speed.realspeed, 15);
  assert.deepEqual(rec.last(), { path: '/cgi-bin/message/mass/speed/get', method: 'POST', idempotent: true });
  await mass.setSpeed(4);
  assert.deepEqual(rec.last(), post('/cgi-bin/message/mass/speed/set', { speed: 4 }, false));
});

test('mass: argument checks send nothing', async () => {
  const rec = recorder();
  const mass = massApi(rec.requester);
  const n = (k: number): string[] => Array.from({ length: k }, (_, i) => `o${i}`);
  await rejectsCode(mass.send(['a'], mpnews), 'INVALID_ARGUMENT');
  await rejectsCode(mass.send(n(10_001), mpnews), 'INVALID_ARGUMENT');
  await rejectsCode(mass.send(['a', 'b'], { msgtype: 'music' } as unknown as MassContent), 'INVALID_ARGUMENT');
  await rejectsCode(mass.send(['a', 'b'], { msgtype: 'image', image: { media_id: 'x' } } as unknown as MassContent), 'INVALID_ARGUMENT');
  await rejectsCode(mass.sendAll({} as { isToAll: true }, mpnews), 'INVALID_ARGUMENT');
  await rejectsCode(mass.sendAll({ tagId: -1 }, mpnews), 'INVALID_ARGUMENT');
  await rejectsCode(mass.sendAll({ isToAll: true }, mpnews, { clientmsgid: 'x'.repeat(65) }), 'INVALID_ARGUMENT');
  await rejectsCode(mass.preview('', mpnews), 'INVALID_ARGUMENT');
  await rejectsCode(mass.delete('12a'), 'INVALID_ARGUMENT');
  await rejectsCode(mass.delete(1, 9), 'INVALID_ARGUMENT');
  await rejectsCode(mass.get(''), 'INVALID_ARGUMENT');
  await rejectsCode(mass.setSpeed(5), 'INVALID_ARGUMENT');
  assert.equal(rec.calls.length, 0);
  await mass.send(n(10_000), mpnews);
  await mass.sendAll({ isToAll: true }, mpnews, { clientmsgid: 'x'.repeat(64) });
  assert.equal(rec.calls.length, 2);
});
