import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { WxmpError, isWxmpError } from '../src/errors.js';
import { redact } from '../src/internal/redact.js';

const SECRET = 'TOKEN_abcdef0123456789_SECRET';

test('WxmpError carries a stable code and is an Error', () => {
  const e = new WxmpError('API_ERROR', 'boom', { errcode: 45009, errmsg: 'reach max api daily quota limit', rid: 'r-1' });
  assert.ok(e instanceof Error);
  assert.equal(e.name, 'WxmpError');
  assert.equal(e.code, 'API_ERROR');
  assert.equal(e.errcode, 45009);
  assert.equal(e.rid, 'r-1');
  assert.ok(isWxmpError(e));
  assert.ok(isWxmpError(e, 'API_ERROR'));
  assert.ok(!isWxmpError(e, 'HTTP_TIMEOUT'));
  assert.ok(!isWxmpError(new Error('x')));
});

test('secrets in URLs and JSON never reach message, stack, JSON or inspect', () => {
  const url = `https://api.weixin.qq.com/cgi-bin/user/info?access_token=${SECRET}&openid=o1`;
  const e = new WxmpError('HTTP_TIMEOUT', `timed out calling ${url}`, {
    cause: new Error(`connect ETIMEDOUT ${url} {"secret":"${SECRET}"}`),
    errmsg: `bad appsecret=${SECRET}`,
  });
  for (const text of [
    e.message,
    e.stack ?? '',
    JSON.stringify(e),
    inspect(e),
    inspect(e, { depth: 5 }),
    String(e.errmsg),
    inspect((e as { cause?: unknown }).cause),
  ]) {
    assert.ok(!text.includes(SECRET), `leaked in: ${text}`);
  }
  assert.ok(e.message.includes('access_token=***'));
});

test('redact handles each credential name in query and JSON form', () => {
  for (const name of [
    'access_token',
    'secret',
    'appsecret',
    'refresh_token',
    'ticket',
    'component_access_token',
    'authorizer_refresh_token',
    'component_verify_ticket',
  ]) {
    assert.equal(redact(`x?${name}=${SECRET}&a=1`), `x?${name}=***&a=1`);
    assert.equal(redact(`{"${name}": "${SECRET}"}`), `{"${name}": "***"}`);
  }
  assert.equal(redact('openid=o123&lang=zh_CN'), 'openid=o123&lang=zh_CN');
});
