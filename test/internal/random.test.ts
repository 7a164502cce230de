import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DIGITS, randomDigits, randomText } from '../../src/internal/random.js';
import { throwsCode } from '../helpers.js';

/** A source that hands out 0, 1, …, 255, 0, 1, … : every byte value exactly once per 256. */
function everyByte(): (size: number) => Uint8Array {
  let next = 0;
  return (size) => Uint8Array.from({ length: size }, () => next++ % 256);
}

test('no modulo bias: over every byte value each character comes out equally often', () => {
  for (const alphabet of [DIGITS, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'abc']) {
    const accepted = 256 - (256 % alphabet.length);
    const counts = new Map<string, number>();
    // 256 bytes in, exactly `accepted` characters out, each character accepted / size times
    for (const ch of randomText(everyByte(), accepted, alphabet)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    assert.equal(counts.size, alphabet.length);
    for (const n of counts.values()) assert.equal(n, accepted / alphabet.length, alphabet);
  }
});

test('bytes at or above the largest multiple of the alphabet size are skipped (boundary pair)', () => {
  const from = (bytes: number[]) => () => Uint8Array.from({ length: 16 }, (_, i) => bytes[i] ?? 0);
  assert.equal(randomText(from([249, 250, 255]), 2, DIGITS), '90', '249 is used (9); 250 and 255 are skipped');
  assert.equal(randomDigits(from([252, 251, 250, 249]), 2), '99', 'first digit: 252 skipped, 251 used; then 250 skipped, 249 used');
});

test('randomDigits: the first digit is never 0; a source that keeps failing is INVALID_ARGUMENT', () => {
  const zeros = () => new Uint8Array(16);
  assert.equal(randomDigits(zeros, 10), '1000000000');
  for (let i = 0; i < 200; i++)
    assert.match(
      randomDigits((n) => crypto.getRandomValues(new Uint8Array(n)), 19),
      /^[1-9][0-9]{18}$/,
    );
  throwsCode(() => randomDigits(() => new Uint8Array(16).fill(255), 10), 'INVALID_ARGUMENT');
});
