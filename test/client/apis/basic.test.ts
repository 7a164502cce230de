import assert from 'node:assert/strict';
import { test } from 'node:test';
import { basicApi, type CallbackCheckRequest, type CallbackCheckResponse } from '../../../src/client/apis/basic.js';
import { quotaApi } from '../../../src/client/apis/quota.js';
import { SHORT_KEY_MAX_EXPIRE_SECONDS, shortlinkApi } from '../../../src/client/apis/shortlink.js';
import { rejectsCode } from '../../helpers.js';
import { get, post, recorder } from './recorder.js';

test('basic: IPs, callback check, auto-reply info', async () => {
  const rec = recorder((path) =>
    path.endsWith('/check')
      ? {
          dns: [{ ip: '111.161.64.40', real_operator: 'UNICOM' }],
          ping: [{ ip: '111.161.64.40', from_operator: 'UNICOM', package_loss: '0%', time: '23.079ms' }],
        }
      : { ip_list: ['101.226.62.77'] },
  );
  const basic = basicApi(rec.requester);
  assert.deepEqual((await basic.getCallbackIp()).ip_list, ['101.226.62.77']);
  assert.deepEqual(rec.last(), get('/cgi-bin/getcallbackip'));
  await basic.getApiDomainIp();
  assert.deepEqual(rec.last(), get('/cgi-bin/get_api_domain_ip'));
  const check = await basic.callbackCheck();
  check satisfies CallbackCheckResponse;
  assert.equal(check.ping?.[0]?.package_loss, '0%');
  assert.deepEqual(rec.last(), post('/cgi-bin/callback/check', { action: 'all', check_operator: 'DEFAULT' }, true));
  await basic.callbackCheck({ action: 'dns', check_operator: 'CAP' });
  assert.deepEqual(rec.last().body, { action: 'dns', check_operator: 'CAP' });
  await basic.getCurrentAutoreplyInfo();
  assert.deepEqual(rec.last(), get('/cgi-bin/get_current_autoreply_info'));
  const n = rec.calls.length;
  await rejectsCode(basic.callbackCheck({ action: 'trace', check_operator: 'CAP' } as unknown as CallbackCheckRequest), 'INVALID_ARGUMENT');
  await rejectsCode(basic.callbackCheck({ action: 'all', check_operator: 'MOBILE' } as unknown as CallbackCheckRequest), 'INVALID_ARGUMENT');
  assert.equal(rec.calls.length, n);
});

test('quota: get, clear (appId from the requester or argument), clearV2 without token, getRid', async () => {
  const rec = recorder(() => ({ quota: { daily_limit: 100000, used: 1, remain: 99999 } }), 'wxapp');
  const quota = quotaApi(rec.requester);
  assert.equal((await quota.get('/cgi-bin/message/custom/send')).quota.remain, 99999);
  assert.deepEqual(rec.last(), post('/cgi-bin/openapi/quota/get', { cgi_path: '/cgi-bin/message/custom/send' }, true));
  await quota.clear();
  assert.deepEqual(rec.last(), post('/cgi-bin/clear_quota', { appid: 'wxapp' }, false));
  await quota.clear('wxother');
  assert.deepEqual(rec.last().body, { appid: 'wxother' });
  await quota.clearV2('wxapp', 'secret-value');
  assert.deepEqual(rec.last(), {
    path: '/cgi-bin/clear_quota/v2',
    method: 'POST',
    idempotent: false,
    auth: false,
    query: { appid: 'wxapp', appsecret: 'secret-value' },
  });
  await quota.getRid('61234567-1234-1234');
  assert.deepEqual(rec.last(), post('/cgi-bin/openapi/rid/get', { rid: '61234567-1234-1234' }, true));
  const anon = recorder();
  await rejectsCode(quotaApi(anon.requester).clear(), 'INVALID_ARGUMENT');
  await rejectsCode(quota.clearV2('wxapp', ''), 'INVALID_ARGUMENT');
  await rejectsCode(quota.get(''), 'INVALID_ARGUMENT');
  await rejectsCode(quota.getRid(''), 'INVALID_ARGUMENT');
  assert.equal(anon.calls.length, 0);
});

test('shortlink: gen and fetch, 4 KB and 30-day limits', async () => {
  const rec = recorder((path) => (path.endsWith('/gen') ? { short_key: 'iTqRJFSEqk9RvPk' } : { long_data: 'x', create_time: 1, expire_seconds: 10 }));
  const sl = shortlinkApi(rec.requester);
  assert.equal((await sl.gen('loooooong data', 86400)).short_key, 'iTqRJFSEqk9RvPk');
  assert.deepEqual(rec.last(), post('/cgi-bin/shorten/gen', { long_data: 'loooooong data', expire_seconds: 86400 }, false));
  await sl.gen('x');
  assert.deepEqual(rec.last().body, { long_data: 'x', expire_seconds: SHORT_KEY_MAX_EXPIRE_SECONDS });
  assert.equal((await sl.fetch('iTqRJFSEqk9RvPk')).expire_seconds, 10);
  assert.deepEqual(rec.last(), post('/cgi-bin/shorten/fetch', { short_key: 'iTqRJFSEqk9RvPk' }, true));
  await sl.gen('a'.repeat(4096));
  const n = rec.calls.length;
  await rejectsCode(sl.gen('a'.repeat(4097)), 'INVALID_ARGUMENT');
  await rejectsCode(sl.gen('汉'.repeat(1366)), 'INVALID_ARGUMENT'); // 4098 bytes in UTF-8
  await rejectsCode(sl.gen('x', SHORT_KEY_MAX_EXPIRE_SECONDS + 1), 'INVALID_ARGUMENT');
  await rejectsCode(sl.gen('x', 0), 'INVALID_ARGUMENT');
  await rejectsCode(sl.gen(''), 'INVALID_ARGUMENT');
  await rejectsCode(sl.fetch(''), 'INVALID_ARGUMENT');
  assert.equal(rec.calls.length, n);
});
