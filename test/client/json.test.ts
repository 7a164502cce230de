import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseJsonLossless } from '../../src/client/json.js';
import { throwsCode } from '../helpers.js';

test('integers beyond 2^53 stay exact as strings; safe ones stay numbers', () => {
  assert.deepEqual(parseJsonLossless('{"errcode":0,"errmsg":"ok","msgid":271781022721654784}'), { errcode: 0, errmsg: 'ok', msgid: '271781022721654784' });
  assert.deepEqual(parseJsonLossless('{"a":9007199254740991,"b":9007199254740992,"c":-9007199254740993}'), {
    a: 9007199254740991,
    b: '9007199254740992',
    c: '-9007199254740993',
  });
  // biome-ignore lint/correctness/noPrecisionLoss: the literal is the double JSON.parse gives for that text
  assert.deepEqual(parseJsonLossless('[1.5e300, 12345678901234567.5, 0, -0.25, 1E2]'), [1.5e300, 12345678901234567.5, 0, -0.25, 100]);
});

test('raw control characters inside strings are tolerated', () => {
  assert.deepEqual(parseJsonLossless('{"nickname":"a\u0001b\tc\nd","city":"x"}'), { nickname: 'a\u0001b\tc\nd', city: 'x' });
  assert.deepEqual(parseJsonLossless('{"n":"\u0000","id":12345678901234567890}'), { n: '\u0000', id: '12345678901234567890' });
});

test('escapes, nesting, literals and __proto__ as data', () => {
  const v = parseJsonLossless(
    '{"s":"\\"\\\\\\/\\b\\f\\n\\r\\t\\u4e2d\\ud83d\\ude00","t":true,"f":false,"n":null,"a":[[],{}],"__proto__":{"x":1},"big":[11111111111111111]}',
  ) as Record<string, unknown>;
  assert.equal(v['s'], '"\\/\b\f\n\r\t中😀');
  assert.equal(Object.getPrototypeOf(v), Object.prototype);
  assert.deepEqual(Object.getOwnPropertyDescriptor(v, '__proto__')?.value, { x: 1 });
  assert.deepEqual(v['a'], [[], {}]);
  assert.equal(v['t'], true);
  assert.equal(v['n'], null);
});

test('malformed JSON is RESPONSE_PARSE', () => {
  for (const bad of [
    '',
    '{',
    '{"a"}',
    '{"a":1,}',
    '[1 2]',
    'tru',
    '01',
    '-',
    '1.',
    '1e',
    '"\\x"',
    '"\\u12"',
    '"abc',
    '{"a":1} x',
    '{1:2}',
    'nul',
    '+1',
    '{"a":1 "b":2}',
    `${'['.repeat(300)}12345678901234567${']'.repeat(300)}`,
    '{"a":11111111111111111,}',
  ]) {
    throwsCode(() => parseJsonLossless(bad), 'RESPONSE_PARSE');
  }
});

test('property: agrees with JSON.parse on any JSON without unsafe integers', () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => {
      const text = JSON.stringify(v);
      fc.pre(!/\d{16}/.test(text));
      const expected = JSON.parse(text) as unknown;
      // force the hand-written path by appending an unsafe integer
      const wrapped = `{"v":${text},"big":12345678901234567890}`;
      assert.deepEqual(parseJsonLossless(wrapped), { v: expected, big: '12345678901234567890' });
      assert.deepEqual(parseJsonLossless(text), expected);
    }),
    { numRuns: 300 },
  );
});
