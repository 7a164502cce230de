import assert from 'node:assert/strict';
import { test } from 'node:test';
import { menuApi, type MenuButton, type MenuGetResponse } from '../../../src/client/apis/menu.js';
import { rejectsCode } from '../../helpers.js';
import { get, post, recorder } from './recorder.js';

const button: MenuButton[] = [
  { type: 'click', name: 'Today', key: 'V1001_TODAY' },
  {
    name: 'More',
    sub_button: [
      { type: 'view', name: 'Site', url: 'https://example.com/' },
      { type: 'miniprogram', name: 'App', url: 'https://example.com/', appid: 'wxa', pagepath: 'pages/index' },
    ],
  },
];

test('menu: every method sends the documented request', async () => {
  const rec = recorder((path) =>
    path === '/cgi-bin/menu/get' ? { menu: { button } } : path === '/cgi-bin/menu/addconditional' ? { menuid: '208379533' } : { errcode: 0 },
  );
  const menu = menuApi(rec.requester);

  await menu.create({ button });
  assert.deepEqual(rec.last(), post('/cgi-bin/menu/create', { button }, false));

  const got = await menu.get();
  got satisfies MenuGetResponse;
  assert.deepEqual(got.menu.button, button);
  assert.deepEqual(rec.last(), get('/cgi-bin/menu/get'));

  await menu.delete();
  assert.deepEqual(rec.last(), get('/cgi-bin/menu/delete', false));

  const added = await menu.addConditional({ button, matchrule: { tag_id: '2' } });
  const menuid: string = added.menuid;
  assert.equal(menuid, '208379533');
  assert.deepEqual(rec.last(), post('/cgi-bin/menu/addconditional', { button, matchrule: { tag_id: '2' } }, false));

  await menu.deleteConditional(208379533);
  assert.deepEqual(rec.last(), post('/cgi-bin/menu/delconditional', { menuid: '208379533' }, false));

  await menu.tryMatch('weixin');
  assert.deepEqual(rec.last(), post('/cgi-bin/menu/trymatch', { user_id: 'weixin' }, true));

  await menu.getCurrentSelfMenuInfo();
  assert.deepEqual(rec.last(), get('/cgi-bin/get_current_selfmenu_info'));
  assert.equal(rec.calls.length, 7);
});

test('menu: button limits are checked before any request', async () => {
  const rec = recorder();
  const menu = menuApi(rec.requester);
  const click = (n: number): MenuButton[] => Array.from({ length: n }, (_, i) => ({ type: 'click', name: `b${i}`, key: `k${i}` }) as const);
  await rejectsCode(menu.create({ button: [] }), 'INVALID_ARGUMENT');
  await menu.create({ button: click(3) }); // limit passes
  await rejectsCode(menu.create({ button: click(4) }), 'INVALID_ARGUMENT');
  await menu.create({ button: [{ name: 'sub', sub_button: click(5) }] });
  await rejectsCode(menu.create({ button: [{ name: 'sub', sub_button: click(6) }] }), 'INVALID_ARGUMENT');
  await rejectsCode(menu.create({ button: [{ type: 'click', name: '', key: 'k' }] }), 'INVALID_ARGUMENT');
  await rejectsCode(menu.addConditional({ button: click(1), matchrule: {} }), 'INVALID_ARGUMENT');
  await rejectsCode(menu.tryMatch(''), 'INVALID_ARGUMENT');
  assert.equal(rec.calls.length, 2);
});
