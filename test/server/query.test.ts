import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_QUERY_LENGTH, parseWebhookQuery } from '../../src/server/query.js';
import { throwsCode } from '../helpers.js';

const SIG = 'a'.repeat(40);

test('parses the parameters WeChat sends and ignores unknown ones', () => {
  const q = parseWebhookQuery(`signature=${SIG}&timestamp=1409659813&nonce=1372623149&openid=oABC&encrypt_type=aes&msg_signature=${'b'.repeat(40)}&x=1&&y`);
  assert.deepEqual(q, { signature: SIG, msgSignature: 'b'.repeat(40), timestamp: '1409659813', nonce: '1372623149', encryptType: 'aes', openId: 'oABC' });
  assert.deepEqual(parseWebhookQuery('timestamp=1&nonce=n&echostr=hello+world%21'), { timestamp: '1', nonce: 'n', echostr: 'hello world!' });
  assert.equal(parseWebhookQuery('timestamp=1&nonce=n&encrypt_type=raw').encryptType, 'raw');
});

test('repeated known parameters are rejected, also when the name is percent-encoded', () => {
  for (const qs of [
    `signature=${SIG}&signature=${SIG}&timestamp=1&nonce=n`,
    `signature=${SIG}&sig%6Eature=${SIG}&timestamp=1&nonce=n`,
    'timestamp=1&timestamp=2&nonce=n',
    'timestamp=1&nonce=a&nonce=b',
    'timestamp=1&nonce=n&echostr=a&echostr=b',
    'timestamp=1&nonce=n&encrypt_type=aes&encrypt_type=aes',
    `timestamp=1&nonce=n&msg_signature=${SIG}&msg_signature=${SIG}`,
    'timestamp=1&nonce=n&openid=a&openid=b',
  ]) {
    throwsCode(() => parseWebhookQuery(qs), 'WEBHOOK_BAD_QUERY');
  }
});

test('syntax: signatures are 40 lowercase hex, timestamp 1-10 digits, nonce present', () => {
  for (const qs of [
    `signature=${'A'.repeat(40)}&timestamp=1&nonce=n`,
    `signature=${'a'.repeat(39)}&timestamp=1&nonce=n`,
    `msg_signature=${'g'.repeat(40)}&timestamp=1&nonce=n`,
    'nonce=n',
    'timestamp=&nonce=n',
    'timestamp=12345678901&nonce=n',
    'timestamp=-1&nonce=n',
    'timestamp=1',
    'timestamp=1&nonce=',
    'timestamp=1&nonce',
    'timestamp=1&nonce=n&encrypt_type=des',
    'timestamp=1&nonce=%E0%A4%A',
    'timestamp=1&nonce=n&echostr=%',
  ]) {
    throwsCode(() => parseWebhookQuery(qs), 'WEBHOOK_BAD_QUERY');
  }
  assert.equal(parseWebhookQuery('timestamp=1234567890&nonce=n').timestamp, '1234567890');
});

test('length caps: boundary pairs for nonce, echostr and openid', () => {
  assert.equal(parseWebhookQuery(`timestamp=1&nonce=${'n'.repeat(128)}`).nonce.length, 128);
  throwsCode(() => parseWebhookQuery(`timestamp=1&nonce=${'n'.repeat(129)}`), 'WEBHOOK_BAD_QUERY');
  assert.equal(parseWebhookQuery(`timestamp=1&nonce=n&echostr=${'e'.repeat(1024)}`).echostr?.length, 1024);
  throwsCode(() => parseWebhookQuery(`timestamp=1&nonce=n&echostr=${'e'.repeat(1025)}`), 'WEBHOOK_BAD_QUERY');
  throwsCode(() => parseWebhookQuery(`timestamp=1&nonce=n&echostr=${'%41'.repeat(1025)}`), 'WEBHOOK_BAD_QUERY');
  throwsCode(() => parseWebhookQuery(`timestamp=1&nonce=n&openid=${'o'.repeat(129)}`), 'WEBHOOK_BAD_QUERY');
  // a huge encoded value is refused before decoding
  throwsCode(() => parseWebhookQuery(`timestamp=1&nonce=n&echostr=${'e'.repeat(20_000)}`), 'WEBHOOK_BAD_QUERY');
});

test('error messages never echo the values', () => {
  const e = throwsCode(() => parseWebhookQuery('timestamp=1&nonce=n&encrypt_type=<script>'), 'WEBHOOK_BAD_QUERY');
  assert.ok(!e.message.includes('<script>'));
});

test('the whole query is at most MAX_QUERY_LENGTH characters (boundary pair), checked before it is split', () => {
  const base = `signature=${SIG}&timestamp=1&nonce=n&x=`;
  const at = base + 'a'.repeat(MAX_QUERY_LENGTH - base.length);
  assert.equal(at.length, MAX_QUERY_LENGTH);
  assert.equal(parseWebhookQuery(at).signature, SIG);
  const e = throwsCode(() => parseWebhookQuery(`${at}a`), 'WEBHOOK_BAD_QUERY');
  assert.match(e.message, /longer than 4096/);
});
