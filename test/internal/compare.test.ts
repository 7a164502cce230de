import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { equalConstantTime, secretDigest } from '../../src/internal/compare.js';
import { redactBytes } from '../../src/internal/redact.js';

test('equalConstantTime is string equality (property), lengths differing → false', () => {
  fc.assert(fc.property(fc.string(), fc.string(), (a, b) => equalConstantTime(a, b) === (a === b)));
  assert.equal(equalConstantTime('abc', 'abc'), true);
  assert.equal(equalConstantTime('abc', 'abd'), false);
  assert.equal(equalConstantTime('abc', 'ab'), false);
  assert.equal(equalConstantTime('', ''), true);
});

test('secretDigest: 43 base64url characters whatever the length; equal secrets, equal digests', () => {
  for (const s of ['x', 'k'.repeat(16), 'k'.repeat(10_000)]) assert.match(secretDigest(s), /^[A-Za-z0-9_-]{43}$/);
  assert.equal(secretDigest('same-secret-value'), secretDigest('same-secret-value'));
  assert.notEqual(secretDigest('secret-a-0123456789'), secretDigest('secret-b-0123456789'));
});

test('redactBytes replaces every occurrence of each secret (6+ characters), keeps the rest, and returns the input when nothing matches', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  const dec = (b: Uint8Array) => new TextDecoder().decode(b);
  assert.equal(dec(redactBytes(enc('a TOKEN123 b TOKEN123 c SECRET99'), ['TOKEN123', 'SECRET99'])), 'a *** b *** c ***');
  assert.equal(dec(redactBytes(enc('TOKEN123TOKEN123'), ['TOKEN123'])), '******');
  const untouched = enc('nothing here');
  assert.equal(redactBytes(untouched, ['TOKEN123', undefined, 'short']), untouched);
  assert.equal(dec(redactBytes(enc('abcde abcde'), ['abcde'])), 'abcde abcde', 'secrets shorter than 6 are ignored');
  const sub = enc('xxTOKEN123yy').subarray(2, 10);
  assert.equal(dec(redactBytes(sub, ['TOKEN123'])), '***', 'works on a view with an offset');
  fc.assert(
    fc.property(
      fc.string({ minLength: 6, maxLength: 20 }).filter((s) => !s.includes('*')),
      fc.array(
        fc.string({ maxLength: 10 }).filter((s) => !s.includes('*')),
        { maxLength: 4 },
      ),
      (secret, parts) => {
        const out = dec(redactBytes(enc(parts.join(secret)), [secret]));
        return !out.includes(secret) || parts.join('***').includes(secret);
      },
    ),
  );
});
