import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WxmpError } from '../../src/errors.js';
import { headersOf, refusal } from '../../src/server/answer.js';

test('the status of each refusal, close for unread bodies, and the headers', () => {
  const cases = [
    ['WEBHOOK_METHOD_NOT_ALLOWED', 405, 'Method Not Allowed', false],
    ['WEBHOOK_SIGNATURE_INVALID', 403, 'Forbidden', false],
    ['CRYPTO_SIGNATURE_INVALID', 403, 'Forbidden', false],
    ['WEBHOOK_BODY_TOO_LARGE', 413, 'Payload Too Large', true],
    ['WEBHOOK_BODY_TIMEOUT', 408, 'Request Timeout', true],
    ['WEBHOOK_UNSUPPORTED_ENCODING', 415, 'Unsupported Media Type', false],
    ['WEBHOOK_INTERNAL_ERROR', 500, 'Internal Server Error', false],
    ['XML_SYNTAX', 400, 'Bad Request', false],
  ] as const;
  for (const [code, status, body, close] of cases) {
    assert.deepEqual(
      refusal(new WxmpError(code, 'x', code === 'XML_SYNTAX' ? { position: { offset: 0, line: 1, column: 1 } } : {})),
      { status, body, xml: false, close },
      code,
    );
  }
  assert.deepEqual(headersOf({ status: 405, body: '', xml: false }), {
    'content-type': 'text/plain; charset=utf-8',
    'x-content-type-options': 'nosniff',
    allow: 'GET, POST',
  });
  assert.equal(headersOf({ status: 200, body: '<xml/>', xml: true })['content-type'], 'application/xml; charset=utf-8');
});
