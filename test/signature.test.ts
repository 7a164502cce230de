import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import { checkMsgSignature, checkSignature, computeSignature, isTimestampFresh, jssdkSignature, secondsUntilStale } from '../src/signature.js';
import { fixtureJson, throwsCode } from './helpers.js';

interface SigVector {
  source: string;
  token: string;
  timestamp: string;
  nonce: string;
  signature: string;
}
interface MsgSigVector {
  source: string;
  token: string;
  timestamp: string;
  nonce: string;
  encrypt: string;
  msgSignature: string;
}
interface JssdkVector {
  source: string;
  jsapiTicket: string;
  nonceStr: string;
  timestamp: number;
  url: string;
  signature: string;
}
const V = fixtureJson<{
  signature: SigVector[];
  signatureMismatch: SigVector[];
  computeSignature: { source: string; parts: string[]; signature: string }[];
  msgSignature: MsgSigVector[];
  jssdk: JssdkVector[];
}>('vectors/signature.json');

const sha1 = (s: string) => createHash('sha1').update(s, 'utf8').digest('hex');

test('published server signature vectors verify; the mismatching one does not', () => {
  assert.ok(V.signature.length > 0 && V.signatureMismatch.length > 0);
  for (const v of V.signature) {
    assert.ok(v.source.length > 0);
    assert.equal(computeSignature(v.token, v.timestamp, v.nonce), v.signature, v.source);
    assert.equal(checkSignature(v.token, v), true, v.source);
  }
  for (const v of V.signatureMismatch) assert.equal(checkSignature(v.token, v), false, v.source);
});

test('computeSignature vectors and order independence', () => {
  for (const v of V.computeSignature) {
    assert.equal(computeSignature(...v.parts), v.signature, v.source);
    assert.equal(computeSignature(...[...v.parts].reverse()), v.signature);
  }
  assert.equal(computeSignature(), sha1(''));
});

test('computeSignature sorts by UTF-16 code units (documented), not by code points', () => {
  // U+FF61 (one unit 0xFF61) vs U+1F600 (surrogates 0xD83D…): code-unit order puts the emoji first.
  const a = '\uFF61';
  const b = '😀';
  assert.equal(computeSignature(a, b), sha1(b + a));
});

test('computeSignature and the checks agree with sort().join() for any parts, duplicates included', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.string(), fc.constantFrom('a', 'A', 'ab', '')), { maxLength: 6 }), (parts) => {
      const want = sha1([...parts].sort().join(''));
      assert.equal(computeSignature(...parts), want);
      if (parts.length === 3 && parts.every((p) => p !== '')) {
        const [token, timestamp, nonce] = parts as [string, string, string];
        assert.equal(checkSignature(token, { signature: sha1([token, timestamp, nonce].sort().join('')), timestamp, nonce }), true);
      }
    }),
    { numRuns: 500 },
  );
});

test('computeSignature rejects non-string parts with INVALID_ARGUMENT', () => {
  throwsCode(() => computeSignature('a', 1 as unknown as string), 'INVALID_ARGUMENT');
  throwsCode(() => computeSignature(undefined as unknown as string), 'INVALID_ARGUMENT');
});

test('msg_signature vectors verify with checkMsgSignature', () => {
  for (const v of V.msgSignature) {
    assert.equal(computeSignature(v.token, v.timestamp, v.nonce, v.encrypt), v.msgSignature, v.source);
    assert.equal(checkMsgSignature(v.token, v), true, v.source);
    assert.equal(checkMsgSignature(v.token, { ...v, encrypt: `${v.encrypt.slice(0, -4)}AAA=` }), false);
    assert.equal(checkMsgSignature(v.token, { ...v, msgSignature: v.msgSignature.toUpperCase() }), false);
  }
});

test('checkSignature returns false (never throws) on every malformed input', () => {
  const v = V.signature[0]!;
  const ok = { signature: v.signature, timestamp: v.timestamp, nonce: v.nonce };
  const bad: [unknown, unknown][] = [
    ['', ok],
    [null, ok],
    [123, ok],
    [v.token, null],
    [v.token, undefined],
    [v.token, 'signature=x'],
    [v.token, { ...ok, signature: v.signature.toUpperCase() }],
    [v.token, { ...ok, signature: v.signature.slice(1) }],
    [v.token, { ...ok, signature: `${v.signature}0` }],
    [v.token, { ...ok, signature: `${v.signature.slice(1)}g` }],
    [v.token, { ...ok, signature: 42 }],
    [v.token, { ...ok, timestamp: '' }],
    [v.token, { ...ok, timestamp: 1410685589 }],
    [v.token, { ...ok, nonce: '' }],
    [v.token, { ...ok, nonce: ['test'] }],
    [v.token, { signature: v.signature }],
    [
      v.token,
      Object.defineProperty({}, 'signature', {
        get: () => {
          throw new Error('hostile');
        },
      }),
    ],
  ];
  for (const [token, query] of bad) {
    assert.equal(checkSignature(token as string, query as never), false, JSON.stringify([token, query]));
  }
  assert.equal(checkSignature(v.token, ok), true);
});

test('checkMsgSignature returns false on malformed input', () => {
  const v = V.msgSignature[0]!;
  assert.equal(checkMsgSignature('', v), false);
  assert.equal(checkMsgSignature(v.token, null as never), false);
  assert.equal(checkMsgSignature(v.token, { ...v, encrypt: '' }), false);
  assert.equal(checkMsgSignature(v.token, { ...v, nonce: '' }), false);
  assert.equal(checkMsgSignature(v.token, { ...v, timestamp: 5 as never }), false);
  assert.equal(
    checkMsgSignature(
      v.token,
      Object.defineProperty({}, 'msgSignature', {
        get: () => {
          throw new Error('x');
        },
      }) as never,
    ),
    false,
  );
});

test('official JS-SDK vector; number or string timestamp; #fragment dropped', () => {
  for (const v of V.jssdk) {
    assert.equal(jssdkSignature(v), v.signature, v.source);
    assert.equal(jssdkSignature({ ...v, timestamp: String(v.timestamp) }), v.signature);
    assert.equal(jssdkSignature({ ...v, url: `${v.url}#/page?x=1` }), v.signature);
    assert.equal(jssdkSignature({ ...v, url: `${v.url}#` }), v.signature);
  }
});

test('jssdkSignature uses raw (not URL-encoded) values, keys in order', () => {
  const p = { jsapiTicket: 't', nonceStr: 'n', timestamp: 1, url: 'https://example.com/a b?q=中' };
  throwsCode(() => jssdkSignature(p), 'INVALID_ARGUMENT'); // whitespace is malformed
  const url = 'https://example.com/a?q=中&x=%20';
  assert.equal(jssdkSignature({ ...p, url }), sha1(`jsapi_ticket=t&noncestr=n&timestamp=1&url=${url}`));
});

test('jssdkSignature rejects empty/malformed input with INVALID_ARGUMENT', () => {
  const v = V.jssdk[0]!;
  const cases: unknown[] = [
    null,
    { ...v, jsapiTicket: '' },
    { ...v, jsapiTicket: 1 },
    { ...v, nonceStr: '' },
    { ...v, timestamp: '' },
    { ...v, timestamp: '12345678901' },
    { ...v, timestamp: '-1' },
    { ...v, timestamp: '1e9' },
    { ...v, timestamp: -1 },
    { ...v, timestamp: 1.5 },
    { ...v, timestamp: Number.NaN },
    { ...v, timestamp: 10_000_000_000 },
    { ...v, url: '' },
    { ...v, url: '/relative/path' },
    { ...v, url: 'ftp://example.com/' },
    { ...v, url: 'javascript:alert(1)' },
    { ...v, url: 'http://example.com/\n' },
    { ...v, url: 42 },
  ];
  for (const c of cases) throwsCode(() => jssdkSignature(c as never), 'INVALID_ARGUMENT');
  assert.equal(jssdkSignature({ ...v, timestamp: 0 }).length, 40);
  assert.equal(jssdkSignature({ ...v, url: 'HTTPS://EXAMPLE.COM' }).length, 40);
});

test('isTimestampFresh: boundary pair at the default ±300 s window', () => {
  const now = () => 1_700_000_000;
  assert.equal(isTimestampFresh('1700000300', { now }), true);
  assert.equal(isTimestampFresh('1700000301', { now }), false);
  assert.equal(isTimestampFresh('1699999700', { now }), true);
  assert.equal(isTimestampFresh('1699999699', { now }), false);
  assert.equal(isTimestampFresh(1_700_000_000, { now }), true);
});

test('isTimestampFresh: custom window, fractional clock, default clock', () => {
  assert.equal(isTimestampFresh('100', { now: () => 110, windowSeconds: 10 }), true);
  assert.equal(isTimestampFresh('100', { now: () => 111, windowSeconds: 10 }), false);
  assert.equal(isTimestampFresh('100', { now: () => 100.5, windowSeconds: 0 }), false);
  assert.equal(isTimestampFresh('100', { now: () => 100, windowSeconds: 0 }), true);
  assert.equal(isTimestampFresh(String(Math.floor(Date.now() / 1000))), true);
  assert.equal(isTimestampFresh('1'), false);
});

test('isTimestampFresh rejects non-digit strings and more than 10 digits', () => {
  const now = () => 1_700_000_000;
  for (const t of [
    '',
    ' 1700000000',
    '1700000000 ',
    '+1700000000',
    '-1',
    '1.7e9',
    '1700000000.0',
    '0x6553F100',
    '17000000000',
    '01700000000',
    '１７００００００００',
  ]) {
    assert.equal(isTimestampFresh(t, { now }), false, JSON.stringify(t));
  }
  for (const t of [Number.NaN, -1, 1.5, Infinity, 1e11]) assert.equal(isTimestampFresh(t, { now }), false, String(t));
  assert.equal(isTimestampFresh(null as never, { now }), false);
  assert.equal(isTimestampFresh('0000000001', { now: () => 1 }), true);
});

test('isTimestampFresh throws INVALID_ARGUMENT for a bad window or clock', () => {
  throwsCode(() => isTimestampFresh('1', { windowSeconds: -1 }), 'INVALID_ARGUMENT');
  throwsCode(() => isTimestampFresh('1', { windowSeconds: Number.NaN }), 'INVALID_ARGUMENT');
  throwsCode(() => isTimestampFresh('1', { now: () => Number.NaN }), 'INVALID_ARGUMENT');
  throwsCode(() => isTimestampFresh('1', { now: () => '1' as unknown as number }), 'INVALID_ARGUMENT');
});

test('secondsUntilStale: timestamp + window − now, whichever way the clock is skewed', () => {
  const ts = '1700000000';
  assert.equal(secondsUntilStale(ts, { now: () => 1_700_000_000 }), 300);
  assert.equal(secondsUntilStale(ts, { now: () => 1_699_999_900 }), 400, 'a server clock 100 s behind keeps it longer');
  assert.equal(secondsUntilStale(ts, { now: () => 1_700_000_100 }), 200, 'a clock 100 s ahead, shorter');
  assert.equal(secondsUntilStale(ts, { now: () => 1_700_000_301 }), -1, 'negative once stale');
  assert.equal(secondsUntilStale(1_700_000_000, { now: () => 1_700_000_000, windowSeconds: 60 }), 60);
  // the pair: accepted exactly while secondsUntilStale ≥ 0 (and the timestamp is not in the future beyond the window)
  for (const now of [1_700_000_299, 1_700_000_300, 1_700_000_301]) {
    assert.equal(isTimestampFresh(ts, { now: () => now }), secondsUntilStale(ts, { now: () => now }) >= 0);
  }
  throwsCode(() => secondsUntilStale('17e8', { now: () => 1 }), 'INVALID_ARGUMENT');
  throwsCode(() => secondsUntilStale(ts, { windowSeconds: -1 }), 'INVALID_ARGUMENT');
  throwsCode(() => secondsUntilStale(ts, { now: () => Number.NaN }), 'INVALID_ARGUMENT');
});
