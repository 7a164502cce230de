import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dedupeKey, MemoryDedupeStore } from '../../src/server/dedupe.js';
import { createHash } from 'node:crypto';
import { Buffer } from 'node:buffer';
import { throwsCode } from '../helpers.js';

test('claim is set-if-absent with a TTL; replies are kept for retries', () => {
  let t = 1000;
  const s = new MemoryDedupeStore({ now: () => t });
  assert.equal(s.claim('k', 60), 'new');
  assert.equal(s.claim('k', 60), 'duplicate');
  assert.equal(s.getReply('k'), null);
  s.putReply('k', '<xml/>', 60);
  assert.equal(s.getReply('k'), '<xml/>');
  t += 59;
  assert.equal(s.claim('k', 60), 'duplicate');
  t += 1;
  assert.equal(s.getReply('k'), null, 'expired');
  assert.equal(s.claim('k', 60), 'new', 'claimable again after the TTL');
  assert.equal(s.getReply('k'), null, 'a new claim has no reply');
});

test('putReply without a claim (evicted key) still stores; getReply of unknown keys is null', () => {
  const s = new MemoryDedupeStore({ now: () => 0 });
  assert.equal(s.getReply('nope'), null);
  s.putReply('x', 'success', 10);
  assert.equal(s.getReply('x'), 'success');
  assert.equal(s.claim('x', 10), 'duplicate');
});

test('memory is bounded: the oldest keys are evicted beyond maxEntries (boundary pair)', () => {
  const s = new MemoryDedupeStore({ maxEntries: 3, now: () => 0 });
  for (const k of ['a', 'b', 'c']) assert.equal(s.claim(k, 100), 'new');
  assert.equal(s.size, 3);
  assert.equal(s.claim('a', 100), 'duplicate', 'at the limit nothing is evicted');
  assert.equal(s.claim('d', 100), 'new');
  assert.equal(s.size, 3);
  assert.equal(s.claim('a', 100), 'new', 'a was evicted');
  s.putReply('z', 'r', 100);
  assert.equal(s.size, 3);
});

test('expired keys are swept from the head', () => {
  let t = 0;
  const s = new MemoryDedupeStore({ now: () => t });
  for (let i = 0; i < 10; i++) s.claim(`k${i}`, 5);
  t = 10;
  s.claim('fresh', 5);
  assert.equal(s.size, 1);
  for (let i = 0; i < 100; i++) s.claim(`m${i}`, 5);
  t = 20;
  s.claim('again', 5); // sweeps at most 64 per call
  assert.equal(s.size, 101 + 1 - 64);
  s.claim('same-second', 5); // at most one sweep per second
  assert.equal(s.size, 101 + 2 - 64);
  t = 21;
  s.claim('next-second', 5);
  assert.equal(s.size, 3);
});

test('maxEntries must be a positive integer', () => {
  throwsCode(() => new MemoryDedupeStore({ maxEntries: 0 }), 'INVALID_CONFIG');
  throwsCode(() => new MemoryDedupeStore({ maxEntries: 1.5 }), 'INVALID_CONFIG');
  assert.equal(new MemoryDedupeStore().claim('k', 1), 'new');
});

test('putReply stores the reply and sets the remaining life to its TTL (short claim, long replay TTL)', () => {
  let t = 1000;
  const s = new MemoryDedupeStore({ now: () => t });
  assert.equal(s.claim('k', 7), 'new');
  t += 6;
  s.putReply('k', 'success', 300);
  t += 299;
  assert.equal(s.claim('k', 7), 'duplicate', 'one second before the replay TTL ends');
  assert.equal(s.getReply('k'), 'success');
  t += 1;
  assert.equal(s.getReply('k'), null);
  assert.equal(s.claim('k', 7), 'new', 'claimable once the replay TTL is over');
  t += 7;
  assert.equal(s.claim('k', 7), 'new', 'an unanswered claim lapses after its short TTL (its process died)');
});

test('liveEvictions counts keys evicted before they expired, not expired ones', () => {
  let t = 0;
  const s = new MemoryDedupeStore({ maxEntries: 16, now: () => t });
  for (let i = 0; i < 16; i++) s.claim(`live${i}`, 100);
  assert.equal(s.liveEvictions, 0, 'at the limit nothing is evicted');
  s.claim('one-more', 100);
  assert.equal(s.liveEvictions, 1, 'limit + 1 evicts one live key');
  assert.equal(s.claim('live0', 100), 'new', 'the evicted key is gone');
  const expired = new MemoryDedupeStore({ maxEntries: 16, now: () => t });
  for (let i = 0; i < 16; i++) expired.claim(`old${i}`, 0.2);
  t = 0.5; // expired, but not swept yet (the sweep runs at most once a second)
  for (let i = 0; i < 16; i++) expired.claim(`new${i}`, 100);
  assert.equal(expired.size, 16);
  assert.equal(expired.liveEvictions, 0, 'evicting 16 expired keys is harmless');
  expired.claim('one-more', 100);
  assert.equal(expired.liveEvictions, 1);
  assert.equal(expired.maxEntries, 16);
});

test('dedupeKey: SHA-256 of the message XML, base64url (FIPS 180-2 vector "abc")', () => {
  assert.equal(dedupeKey('abc'), Buffer.from('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', 'hex').toString('base64url'));
  assert.equal(dedupeKey('abc'), 'ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
  assert.equal(dedupeKey('<xml>你好</xml>'), createHash('sha256').update('<xml>你好</xml>', 'utf8').digest('base64url'));
  throwsCode(() => dedupeKey(1 as never), 'INVALID_ARGUMENT');
});
