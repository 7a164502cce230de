// mpVerifyFile: answers /MP_verify_<code>.txt and nothing else.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mpVerifyFile } from '../../src/server/domain-file.js';
import { throwsCode } from '../helpers.js';

test('answers GET and HEAD of /MP_verify_<code>.txt with the code, as text/plain', async () => {
  const file = mpVerifyFile('Tq1nBXLhaLCnKDGX');
  const res = file(new Request('https://example.com/MP_verify_Tq1nBXLhaLCnKDGX.txt?x=1'));
  assert.ok(res);
  assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8');
  assert.equal(await res.text(), 'Tq1nBXLhaLCnKDGX');
  const head = file(new Request('https://example.com/MP_verify_Tq1nBXLhaLCnKDGX.txt', { method: 'HEAD' }));
  assert.equal(head?.status, 200);
  assert.equal(await head?.text(), '');
  assert.equal(await file('/MP_verify_Tq1nBXLhaLCnKDGX.txt')?.text(), 'Tq1nBXLhaLCnKDGX', 'a path (req.url) works too');
  assert.equal(await mpVerifyFile('MP_verify_abc.txt', 'custom content')('/MP_verify_abc.txt')?.text(), 'custom content');
});

test('anything else is left for the next handler', () => {
  const file = mpVerifyFile('abc');
  for (const other of ['/', '/wechat', '/MP_verify_abd.txt', '/sub/MP_verify_abc.txt', '/MP_verify_abc.txt.bak', 'not a url', 'https://x/MP_verify_ABC.txt'])
    assert.equal(file(other), undefined, other);
  assert.equal(file(new Request('https://example.com/MP_verify_abc.txt', { method: 'POST', body: 'x' })), undefined);
});

test('a bad code is a configuration error', () => {
  for (const bad of ['', 'a b', 'MP_verify_.txt', 'x'.repeat(65), 7 as unknown as string, '../etc']) throwsCode(() => mpVerifyFile(bad), 'INVALID_CONFIG');
  assert.ok(mpVerifyFile('x'.repeat(64)), '64 characters pass');
});
