// Table-driven hostile inputs: test/fixtures/adversarial-crypto.json. Crafted ciphertexts are built
// here with raw node:crypto from their description, so the fixture stays readable.
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { createCipheriv } from 'node:crypto';
import { test } from 'node:test';
import { MessageCrypto, type MessageCryptoOptions } from '../../src/crypto/index.js';
import { WxmpError } from '../../src/errors.js';
import { checkSignature, computeSignature } from '../../src/signature.js';
import { assertFields, fixtureJson, throwsCode } from '../helpers.js';

interface Craft {
  msg?: string;
  msgHex?: string;
  msgLen?: number;
  msgLenDelta?: number;
  appId?: string;
  appIdHex?: string;
  pad?: number;
  inconsistentPad?: boolean;
  blockSize?: number;
  encodingAESKey?: string;
}
interface Case {
  name: string;
  target: 'decrypt' | 'decryptMessage' | 'checkSignature' | 'config';
  expect: string | boolean;
  ciphertext?: unknown;
  craft?: Craft;
  body?: string;
  sig?: 'valid' | 'wrong' | 'upper' | 'short' | 'empty';
  query?: Record<string, unknown>;
  tamper?: boolean;
  token?: unknown;
  options?: Record<string, unknown>;
  errcode?: number;
}
const F = fixtureJson<{ source: string; config: MessageCryptoOptions; cases: Case[] }>('adversarial-crypto.json');
const cfg = F.config;
const mc = new MessageCrypto(cfg);
const DEFAULT_MSG = '<xml>hi</xml>';
const TS = '1409304348';
const NONCE = '1234567890';

function craft(spec: Craft): string {
  const key = Buffer.from(`${spec.encodingAESKey ?? cfg.encodingAESKey}=`, 'base64');
  const msg = spec.msgHex !== undefined ? Buffer.from(spec.msgHex, 'hex') : Buffer.from(spec.msg ?? DEFAULT_MSG, 'utf8');
  const appId = spec.appIdHex !== undefined ? Buffer.from(spec.appIdHex, 'hex') : Buffer.from(spec.appId ?? cfg.appId, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(spec.msgLen ?? msg.length + (spec.msgLenDelta ?? 0));
  const body = Buffer.concat([Buffer.alloc(16, 0x61), len, msg, appId]);
  const block = spec.blockSize ?? 32;
  const pad = block - (body.length % block);
  const plain = Buffer.concat([body, Buffer.alloc(pad, pad)]);
  if (spec.pad !== undefined) plain[plain.length - 1] = spec.pad;
  if (spec.inconsistentPad) {
    assert.ok(pad >= 2, 'inconsistentPad needs a pad of at least 2');
    plain[plain.length - 2]! ^= 0x01;
  }
  const c = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([c.update(plain), c.final()]).toString('base64');
}

function run(fn: () => unknown): unknown {
  try {
    return fn();
  } catch (e) {
    return e;
  }
}

function assertOutcome(c: Case, outcome: unknown, ok: unknown): void {
  if (c.expect === 'ok') {
    assert.equal(outcome, ok, c.name);
    return;
  }
  assert.ok(outcome instanceof WxmpError, `${c.name}: expected WxmpError ${String(c.expect)}, got ${String(outcome)}`);
  assert.equal(outcome.code, c.expect, `${c.name}: ${outcome.message}`);
  assertFields(outcome);
}

test('the adversarial table has at least 25 cases, each with an expected outcome', () => {
  assert.ok(F.source.length > 0);
  assert.ok(F.cases.length >= 25, `${F.cases.length} cases`);
  for (const c of F.cases) assert.ok(c.name && c.target && c.expect !== undefined, JSON.stringify(c));
  assert.equal(new Set(F.cases.map((c) => c.name)).size, F.cases.length, 'names are unique');
});

test('the crafting helper produces ciphertexts MessageCrypto accepts when unaltered', () => {
  assert.equal(mc.decrypt(craft({})), DEFAULT_MSG);
  assert.equal(mc.decrypt(craft({ msg: '中文' })), '中文');
});

for (const c of F.cases.filter((x) => x.target === 'decrypt')) {
  test(`decrypt: ${c.name} → ${String(c.expect)}`, () => {
    const input = c.craft !== undefined ? craft(c.craft) : c.ciphertext;
    assertOutcome(
      c,
      run(() => mc.decrypt(input as string)),
      undefined,
    );
  });
}

for (const c of F.cases.filter((x) => x.target === 'decryptMessage')) {
  test(`decryptMessage: ${c.name} → ${String(c.expect)}`, () => {
    const encrypt = craft({});
    const valid = computeSignature(cfg.token, TS, NONCE, encrypt);
    const msgSignature = {
      valid,
      wrong: valid === '0'.repeat(40) ? '1'.repeat(40) : '0'.repeat(40),
      upper: valid.toUpperCase(),
      short: valid.slice(0, 39),
      empty: '',
    }[c.sig ?? 'valid'];
    const sent = c.tamper ? `${encrypt[0] === 'A' ? 'B' : 'A'}${encrypt.slice(1)}` : encrypt;
    const body = (c.body ?? '').split('{{ENCRYPT}}').join(sent);
    const query = { msgSignature, timestamp: TS, nonce: NONCE, ...c.query } as never;
    assertOutcome(
      c,
      run(() => mc.decryptMessage(body, query)),
      DEFAULT_MSG,
    );
  });
}

for (const c of F.cases.filter((x) => x.target === 'checkSignature')) {
  test(`checkSignature: ${c.name} → ${String(c.expect)}`, () => {
    assert.equal(checkSignature(c.token as string, c.query as never), c.expect);
  });
}

for (const c of F.cases.filter((x) => x.target === 'config')) {
  test(`constructor: ${c.name} → ${String(c.expect)}`, () => {
    const e = throwsCode(() => new MessageCrypto(c.options as unknown as MessageCryptoOptions), c.expect as 'INVALID_CONFIG');
    if (c.errcode !== undefined) assert.equal(e.errcode, c.errcode);
    for (const secret of [cfg.token, cfg.encodingAESKey]) assert.ok(!e.message.includes(secret));
  });
}
