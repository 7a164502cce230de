import assert from 'node:assert/strict';
import { test } from 'node:test';
import { subscribeMessageApi } from '../../../src/client/apis/subscribe-message.js';
import { templateApi, type TemplateSendRequest, type TemplateSendResponse } from '../../../src/client/apis/template.js';
import { rejectsCode } from '../../helpers.js';
import { get, post, recorder } from './recorder.js';

test('template.send: body as given, not idempotent, msgid always a string', async () => {
  let msgid: unknown = '271781022721654784';
  const rec = recorder(() => ({ errcode: 0, errmsg: 'ok', msgid }));
  const tpl = templateApi(rec.requester);
  const message: TemplateSendRequest = {
    touser: 'o',
    template_id: 'T',
    url: 'https://example.com',
    miniprogram: { appid: 'wxa', pagepath: 'index?foo=bar' },
    data: { thing1: { value: '支付成功', color: '#173177' }, time2: { value: '2024-05-01 10:00' } },
    client_msg_id: 'order-42',
  };
  const res = await tpl.send(message);
  res satisfies TemplateSendResponse;
  assert.equal(res.msgid, '271781022721654784');
  assert.deepEqual(rec.last(), post('/cgi-bin/message/template/send', JSON.parse(JSON.stringify(message)), false));
  msgid = 200228332;
  assert.equal((await tpl.send({ touser: 'o', template_id: 'T', data: {} })).msgid, '200228332');
  assert.deepEqual(rec.last().body, { touser: 'o', template_id: 'T', data: {} });
});

test('template.send: malformed messages are refused locally', async () => {
  const rec = recorder();
  const tpl = templateApi(rec.requester);
  const bad = [
    { template_id: 'T', data: {} },
    { touser: 'o', data: {} },
    { touser: 'o', template_id: 'T' },
    { touser: 'o', template_id: 'T', data: { a: { value: 1 } } },
    { touser: 'o', template_id: 'T', data: { a: null } },
  ];
  for (const m of bad) await rejectsCode(tpl.send(m as unknown as TemplateSendRequest), 'INVALID_ARGUMENT');
  await rejectsCode(tpl.addTemplate(''), 'INVALID_ARGUMENT');
  await rejectsCode(tpl.deletePrivateTemplate(''), 'INVALID_ARGUMENT');
  assert.equal(rec.calls.length, 0);
});

test('template: industry and private templates', async () => {
  const rec = recorder((path) => (path.endsWith('api_add_template') ? { template_id: 'Doclyl5uP7Aciu-qZ7mJNPtWkbkYnWBWVja26EGbNyk' } : {}));
  const tpl = templateApi(rec.requester);
  await tpl.setIndustry(1, '4');
  assert.deepEqual(rec.last(), post('/cgi-bin/template/api_set_industry', { industry_id1: '1', industry_id2: '4' }, false));
  await tpl.getIndustry();
  assert.deepEqual(rec.last(), get('/cgi-bin/template/get_industry'));
  const { template_id } = await tpl.addTemplate('TM00015', ['与我联系', '订单号']);
  assert.equal(template_id, 'Doclyl5uP7Aciu-qZ7mJNPtWkbkYnWBWVja26EGbNyk');
  assert.deepEqual(rec.last(), post('/cgi-bin/template/api_add_template', { template_id_short: 'TM00015', keyword_name_list: ['与我联系', '订单号'] }, false));
  await tpl.addTemplate('TM00015');
  assert.deepEqual(rec.last().body, { template_id_short: 'TM00015' });
  await tpl.getAllPrivateTemplates();
  assert.deepEqual(rec.last(), get('/cgi-bin/template/get_all_private_template'));
  await tpl.deletePrivateTemplate('T');
  assert.deepEqual(rec.last(), post('/cgi-bin/template/del_private_template', { template_id: 'T' }, false));
});

test('subscribeMessage: bizSend and newtmpl', async () => {
  const rec = recorder();
  const sub = subscribeMessageApi(rec.requester);
  const msg = {
    touser: 'o',
    template_id: 'T',
    page: 'https://example.com',
    miniprogram: { appid: 'wxa', pagepath: 'p' },
    data: { thing1: { value: 'Shipped' } },
  };
  await sub.bizSend(msg);
  assert.deepEqual(rec.last(), post('/cgi-bin/message/subscribe/bizsend', msg, false));
  await sub.addTemplate(99, [3, 5, 4], 'order');
  assert.deepEqual(rec.last(), post('/wxaapi/newtmpl/addtemplate', { tid: '99', kidList: [3, 5, 4], sceneDesc: 'order' }, false));
  await sub.addTemplate('99', [1, 2]);
  assert.deepEqual(rec.last().body, { tid: '99', kidList: [1, 2] });
  await sub.deleteTemplate('P');
  assert.deepEqual(rec.last(), post('/wxaapi/newtmpl/deltemplate', { priTmplId: 'P' }, false));
  await sub.getCategory();
  assert.deepEqual(rec.last(), get('/wxaapi/newtmpl/getcategory'));
  await sub.getPubTemplateKeywords(99);
  assert.deepEqual(rec.last(), get('/wxaapi/newtmpl/getpubtemplatekeywords', true, { query: { tid: '99' } }));
  await sub.getPubTemplateTitles([616, 617]);
  assert.deepEqual(rec.last(), get('/wxaapi/newtmpl/getpubtemplatetitles', true, { query: { ids: '616,617', start: 0, limit: 30 } }));
  await sub.getTemplates();
  assert.deepEqual(rec.last(), get('/wxaapi/newtmpl/gettemplate'));
  const n = rec.calls.length;
  await rejectsCode(sub.bizSend({ touser: 'o', template_id: 'T' } as typeof msg), 'INVALID_ARGUMENT');
  await rejectsCode(sub.addTemplate(1, [1]), 'INVALID_ARGUMENT');
  await rejectsCode(sub.addTemplate(1, [1, 2, 3, 4, 5, 6]), 'INVALID_ARGUMENT');
  await rejectsCode(sub.getPubTemplateTitles([]), 'INVALID_ARGUMENT');
  await rejectsCode(sub.getPubTemplateTitles([1], 0, 31), 'INVALID_ARGUMENT');
  await rejectsCode(sub.deleteTemplate(''), 'INVALID_ARGUMENT');
  assert.equal(rec.calls.length, n);
});
