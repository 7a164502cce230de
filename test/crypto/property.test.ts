import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { test } from 'node:test';
import fc from 'fast-check';
import { MessageCrypto } from '../../src/crypto/index.js';
import { WxmpError } from '../../src/errors.js';
import { checkMsgSignature, checkSignature, computeSignature, isTimestampFresh, jssdkSignature } from '../../src/signature.js';

const config = { token: 'pamtest', encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', appId: 'wxb11529c136998cb6' };
const mc = new MessageCrypto(config);

/** Any string of whole Unicode code points (no lone surrogates): ASCII, CJK, emoji, astral planes. */
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: fc.constantFrom('中', '文', '😀', '👨‍👩‍👧', 'é', '\u0000', ']]>', '<', '&', '\uFEFF'), maxLength: 500 }),
  fc.string({ unit: 'binary-ascii', minLength: 1000, maxLength: 5000 }),
);

/** Runs fn; passes when it returns or throws a WxmpError, fails on anything else. */
function onlyWxmpError(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch (e) {
    if (e instanceof WxmpError) return true;
    throw new Error(`non-WxmpError escaped: ${String(e)}`);
  }
}

test('decrypt(encrypt(x)) === x for arbitrary Unicode strings', () => {
  fc.assert(
    fc.property(text, fc.uint8Array({ minLength: 16, maxLength: 16 }), (x, random) => {
      assert.equal(mc.decrypt(mc.encrypt(x)), x);
      assert.equal(mc.decrypt(mc.encrypt(x, { random })), x);
    }),
    { numRuns: 300 },
  );
});

test('encryptMessage → decryptMessage round-trips with the envelope’s own signature', () => {
  fc.assert(
    fc.property(text, fc.stringMatching(/^[1-9][0-9]{0,9}$/), fc.stringMatching(/^[A-Za-z0-9]{1,32}$/), (x, timestamp, nonce) => {
      const xml = mc.encryptMessage(x, { timestamp, nonce });
      const msgSignature = /<MsgSignature><!\[CDATA\[([0-9a-f]{40})\]\]>/.exec(xml)?.[1] ?? '';
      assert.equal(mc.decryptMessage(xml, { msgSignature, timestamp, nonce }), x);
    }),
    { numRuns: 150 },
  );
});

test('ciphertext length is always a multiple of 32 and at most 32 bytes of padding', () => {
  fc.assert(
    fc.property(text, (x) => {
      const n = Buffer.from(mc.encrypt(x), 'base64').length;
      const unpadded = 20 + Buffer.byteLength(x) + config.appId.length;
      assert.equal(n % 32, 0);
      assert.ok(n - unpadded >= 1 && n - unpadded <= 32);
    }),
  );
});

test('decrypt on arbitrary strings raises nothing but WxmpError', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.base64String({ maxLength: 400 }),
        fc.string({ unit: fc.constantFrom('A', 'b', '+', '/', '=', ' ', '\n'), maxLength: 200 }),
      ),
      (s) => onlyWxmpError(() => mc.decrypt(s)),
    ),
    { numRuns: 500 },
  );
});

test('decrypt on arbitrary bytes (any length, valid base64) raises nothing but WxmpError', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => onlyWxmpError(() => mc.decrypt(Buffer.from(bytes).toString('base64')))),
    { numRuns: 500 },
  );
  // Whole 32-byte blocks reach AES and the plaintext checks.
  fc.assert(
    fc.property(
      fc.integer({ min: 2, max: 8 }).chain((k) => fc.uint8Array({ minLength: 32 * k, maxLength: 32 * k })),
      (bytes) => onlyWxmpError(() => mc.decrypt(Buffer.from(bytes).toString('base64'))),
    ),
    { numRuns: 500 },
  );
});

test('any bit flip of a signed ciphertext is rejected: msg_signature, not AES-CBC, provides integrity', () => {
  // AES-CBC alone is malleable (a flip in block i garbles block i and flips the same bit of block
  // i+1, which may still decrypt), so verifyAndDecrypt must check the signature first.
  const original = '<xml><Content><![CDATA[hello, 世界]]></Content></xml>';
  const enc = mc.encrypt(original);
  const ct = Buffer.from(enc, 'base64');
  const q = { msgSignature: computeSignature(config.token, '1', '2', enc), timestamp: '1', nonce: '2' };
  assert.equal(mc.verifyAndDecrypt(enc, q), original);
  fc.assert(
    fc.property(fc.integer({ min: 0, max: ct.length * 8 - 1 }), (bit) => {
      const b = Buffer.from(ct);
      b[bit >> 3]! ^= 1 << (bit & 7);
      const e = (() => {
        try {
          mc.verifyAndDecrypt(b.toString('base64'), q);
        } catch (err) {
          return err;
        }
        return undefined;
      })();
      assert.ok(e instanceof WxmpError && e.code === 'CRYPTO_SIGNATURE_INVALID', `bit ${bit}`);
    }),
    { numRuns: 300 },
  );
});

test('decryptMessage, verifyAndDecrypt and decryptEchostr raise nothing but WxmpError', () => {
  const q = fc.record({ msgSignature: fc.oneof(fc.string(), fc.stringMatching(/^[0-9a-f]{40}$/)), timestamp: fc.string(), nonce: fc.string() });
  const body = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.string({
      unit: fc.constantFrom('<xml>', '</xml>', '<Encrypt>', '</Encrypt>', '<![CDATA[', ']]>', 'AAAA', '<!DOCTYPE x>', '&amp;', '&#0;', '<a/>'),
      maxLength: 30,
    }),
  );
  fc.assert(
    fc.property(
      body,
      q,
      (b, query) =>
        onlyWxmpError(() => mc.decryptMessage(b, query)) &&
        onlyWxmpError(() => mc.verifyAndDecrypt(b, query)) &&
        onlyWxmpError(() => mc.decryptEchostr(b, query)),
    ),
    { numRuns: 500 },
  );
  fc.assert(
    fc.property(fc.anything(), fc.anything(), (b, query) => onlyWxmpError(() => mc.decryptMessage(b as string, query as never))),
    { numRuns: 300 },
  );
});

test('signed garbage (valid msg_signature over random base64) raises nothing but WxmpError', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), (bytes) => {
      const enc = Buffer.from(bytes).toString('base64');
      const msgSignature = computeSignature(config.token, '1', '2', enc);
      return onlyWxmpError(() => mc.decryptMessage(`<xml><Encrypt><![CDATA[${enc}]]></Encrypt></xml>`, { msgSignature, timestamp: '1', nonce: '2' }));
    }),
    { numRuns: 300 },
  );
});

test('checkSignature and checkMsgSignature never throw, whatever they are given', () => {
  fc.assert(
    fc.property(fc.anything(), fc.anything(), (token, query) => {
      assert.equal(typeof checkSignature(token as string, query as never), 'boolean');
      assert.equal(typeof checkMsgSignature(token as string, query as never), 'boolean');
    }),
    { numRuns: 500 },
  );
  fc.assert(
    fc.property(fc.string(), fc.record({ signature: fc.string(), timestamp: fc.string(), nonce: fc.string() }), (token, q) => {
      assert.equal(
        checkSignature(token, q),
        token.length > 0 && q.timestamp.length > 0 && q.nonce.length > 0 && q.signature === computeSignature(token, q.timestamp, q.nonce),
      );
    }),
    { numRuns: 300 },
  );
});

test('checkSignature accepts exactly the computed signature for arbitrary non-empty inputs', () => {
  fc.assert(
    fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (token, timestamp, nonce) => {
      const signature = computeSignature(token, timestamp, nonce);
      assert.equal(checkSignature(token, { signature, timestamp, nonce }), true);
      assert.equal(checkSignature(`${token}x`, { signature, timestamp, nonce }), false);
    }),
  );
});

test('isTimestampFresh and jssdkSignature raise nothing but WxmpError', () => {
  fc.assert(
    fc.property(fc.anything(), (t) => {
      assert.equal(typeof isTimestampFresh(t as string, { now: () => 1_700_000_000 }), 'boolean');
    }),
  );
  fc.assert(fc.property(fc.anything(), (p) => onlyWxmpError(() => jssdkSignature(p as never))));
});
