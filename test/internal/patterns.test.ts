import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONTROL_CHAR_RE, HTTP_URL_RE, isPrintableAscii, LOWER_HEX_40_RE, TIMESTAMP_RE } from '../../src/internal/patterns.js';

test('TIMESTAMP_RE and LOWER_HEX_40_RE: boundary pairs, no coercion', () => {
  assert.ok(TIMESTAMP_RE.test('1') && TIMESTAMP_RE.test('9'.repeat(10)));
  for (const bad of ['', '9'.repeat(11), '-1', '+1', '1.0', ' 1', '1e3', '１']) assert.ok(!TIMESTAMP_RE.test(bad), bad);
  assert.ok(LOWER_HEX_40_RE.test('a'.repeat(40)));
  for (const bad of ['a'.repeat(39), 'a'.repeat(41), 'A'.repeat(40), `${'a'.repeat(39)}g`]) assert.ok(!LOWER_HEX_40_RE.test(bad), bad);
});

test('CONTROL_CHAR_RE, HTTP_URL_RE', () => {
  for (const c of ['\u0000', '\u001f', '\u007f', '\n']) assert.ok(CONTROL_CHAR_RE.test(`a${c}b`));
  for (const c of [' ', '~', '\u0080', '中']) assert.ok(!CONTROL_CHAR_RE.test(`a${c}b`));
  assert.ok(HTTP_URL_RE.test('https://example.com/a?b=1#c') && HTTP_URL_RE.test('HTTP://x'));
  for (const bad of ['ftp://x', 'https://', 'https://a b', '/relative', 'https://x\n']) assert.ok(!HTTP_URL_RE.test(bad), bad);
});

test('isPrintableAscii: length bounds are a boundary pair; space, controls and non-ASCII are refused', () => {
  assert.ok(isPrintableAscii('!', 1, 3) && isPrintableAscii('~~~', 1, 3));
  assert.ok(!isPrintableAscii('', 1, 3) && !isPrintableAscii('aaaa', 1, 3));
  for (const bad of ['a b', 'a\tb', 'ä', 42, null, undefined]) assert.ok(!isPrintableAscii(bad, 1, 3), String(bad));
});
