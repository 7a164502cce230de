// The engine tricks give exactly what the obvious code gives (their speed is the bench's business).
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { fastRecord, knownName, plainObject, pooledRandomBytes, rememberName, StreamCipher, StreamDecipher } from '../../src/internal/engine.js';

test('fastRecord: no inherited keys; __proto__ and constructor are own data properties', () => {
  const r = fastRecord<Record<string, unknown>>();
  assert.equal(r.constructor, undefined);
  assert.equal('toString' in r, false);
  // biome-ignore lint/suspicious/noProto: the point of the test
  r['__proto__'] = 'x';
  assert.deepEqual(Object.keys(r), ['__proto__']);
  assert.equal(Object.getPrototypeOf(Object.getPrototypeOf(r)), null);
});

test('plainObject: an ordinary object', () => {
  const o = plainObject<Record<string, number>>();
  assert.equal(Object.getPrototypeOf(o), Object.prototype);
  for (let i = 0; i < 30; i++) o[`f${i}`] = i;
  assert.deepEqual({ ...o }, Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}`, i])));
});

test('knownName/rememberName: a name is recognised only where it was seen, followed by ">", within the limits', () => {
  const ordinal = 60; // far from the positions the other tests' documents use
  assert.equal(rememberName(ordinal, 'ToUserName'), 'ToUserName');
  assert.equal(knownName('<ToUserName>', 1, ordinal, 128), 'ToUserName');
  assert.equal(knownName('<ToUserNameX>', 1, ordinal, 128), undefined, 'a longer name');
  assert.equal(knownName('<ToUserName/>', 1, ordinal, 128), undefined, 'not followed by ">"');
  assert.equal(knownName('<ToUserName>', 1, ordinal, 9), undefined, 'longer than the caller allows');
  assert.equal(knownName('<ToUserName>', 1, ordinal + 1, 128), undefined, 'another position');
  rememberName(ordinal, 'Encrypt');
  assert.equal(knownName('<ToUserName>', 1, ordinal, 128), 'ToUserName', 'two names per position');
  assert.equal(knownName('<Encrypt>', 1, ordinal, 128), 'Encrypt');
  const long = 'n'.repeat(129);
  assert.equal(rememberName(ordinal + 2, 'n'.repeat(128)), 'n'.repeat(128));
  assert.equal(knownName(`<${'n'.repeat(128)}>`, 1, ordinal + 2, 200), 'n'.repeat(128), '128 characters are kept');
  rememberName(ordinal + 3, long);
  assert.equal(knownName(`<${long}>`, 1, ordinal + 3, 200), undefined, '129 are not');
  assert.equal(rememberName(64, 'Beyond'), 'Beyond');
  assert.equal(knownName('<Beyond>', 1, 64, 128), undefined, 'positions past the cache are never remembered');
});

test('StreamDecipher: every block after the first of each message equals a fresh decipher; a failure restarts the stream', () => {
  const key = randomBytes(32);
  const iv = key.subarray(0, 16);
  const encrypt = (plain: Buffer) => createCipheriv('aes-256-cbc', key, iv).setAutoPadding(false).update(plain);
  const fresh = (c: Buffer) => createDecipheriv('aes-256-cbc', key, iv).setAutoPadding(false).update(c);
  const stream = new StreamDecipher(key, iv);
  for (let i = 0; i < 5; i++) {
    const c = encrypt(randomBytes(32 * (i + 1)));
    const out = stream.decrypt(c);
    assert.deepEqual(out.subarray(16), fresh(c).subarray(16));
    if (i === 0) assert.deepEqual(out, fresh(c), 'the first message starts from the IV');
  }
  assert.throws(() => stream.decrypt(randomBytes(17)), /returned 16 of 17 bytes/);
  const c = encrypt(randomBytes(64));
  assert.deepEqual(stream.decrypt(c), fresh(c), 'a new stream after the failure');
});

test('StreamCipher: every message equals a fresh cipher byte for byte; a failure restarts the stream', () => {
  const key = randomBytes(32);
  const iv = key.subarray(0, 16);
  const fresh = (plain: Buffer) => createCipheriv('aes-256-cbc', key, iv).setAutoPadding(false).update(plain);
  const stream = new StreamCipher(key, iv);
  const check = (blocks: number) => {
    const plain = randomBytes(32 * blocks);
    const expected = fresh(plain);
    assert.deepEqual(stream.encrypt(Buffer.from(plain)), expected);
  };
  for (let i = 0; i < 60; i++) {
    check(1 + (i % 7));
    if (i % 20 === 19) assert.throws(() => stream.encrypt(randomBytes(17)), /returned 16 of 17 bytes/);
  }
  assert.throws(() => stream.encrypt(Buffer.alloc(0)), /returned 0 of 0 bytes/);
  check(2);
});

test('pooledRandomBytes: views of the requested size, fresh after a refill; large sizes bypass the pool', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 600; i++) {
    const b = pooledRandomBytes(16);
    assert.equal(b.length, 16);
    seen.add(Buffer.from(b).toString('hex'));
  }
  assert.equal(seen.size, 600, 'no 16 bytes handed out twice across refills');
  assert.equal(pooledRandomBytes(4097).length, 4097);
  assert.equal(pooledRandomBytes(4096).length, 4096);
});
