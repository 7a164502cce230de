import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dedupeKey, MemoryDedupeStore } from '../../src/server/dedupe.js';
import type { XmlRecord } from '../../src/xml.js';
import { throwsCode } from '../helpers.js';

function rec(o: Record<string, string>): XmlRecord {
  return Object.assign(Object.create(null) as XmlRecord, o);
}

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

test('dedupeKey: MsgId for messages, sender + time + event fields for events', () => {
  assert.equal(dedupeKey(rec({ ToUserName: 'gh', FromUserName: 'o', CreateTime: '1', MsgType: 'text', MsgId: '9223372036854775807' })), 'gh|9223372036854775807');
  assert.equal(
    dedupeKey(rec({ ToUserName: 'gh', FromUserName: 'o', CreateTime: '1', MsgType: 'event', Event: 'CLICK', EventKey: 'K', MsgId: 'ignored' })),
    'gh|o|1|event|CLICK|K',
  );
  assert.equal(dedupeKey(rec({ ToUserName: 'gh', FromUserName: 'o', CreateTime: '1', MsgType: 'text' })), 'gh|o|1|text||');
  const nested = rec({ ToUserName: 'gh', FromUserName: 'o', CreateTime: '1', MsgType: 'event', Event: 'x' });
  (nested as Record<string, unknown>).EventKey = rec({ a: 'b' });
  assert.equal(dedupeKey(nested), 'gh|o|1|event|x|');
});
