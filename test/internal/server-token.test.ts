// One Token rule (3–32 characters of [A-Za-z0-9]) for MessageCrypto, createWebhook and the test kit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MessageCrypto } from '../../src/crypto/index.js';
import { WxmpError } from '../../src/errors.js';
import { assertServerToken } from '../../src/internal/server-token.js';
import { createWebhook } from '../../src/server/webhook.js';
import { createSimulator } from '../../src/testing/simulator.js';

const encodingAESKey = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const appId = 'wxb11529c136998cb6';

/** Whether each of the three entry points accepts `token`. */
function accepted(token: unknown): boolean[] {
  const attempt = (fn: () => unknown): boolean => {
    try {
      fn();
      return true;
    } catch (e) {
      assert.ok(e instanceof WxmpError && e.code === 'INVALID_CONFIG', String(e));
      if (typeof token === 'string' && token.length >= 6) assert.ok(!e.message.includes(token), 'the token is never echoed');
      return false;
    }
  };
  return [
    attempt(() => new MessageCrypto({ token: token as string, encodingAESKey, appId })),
    attempt(() => createWebhook({ token: token as string, handler: () => undefined })),
    attempt(() => createSimulator({ token: token as string })),
  ];
}

test('boundary pairs: 3 passes, 2 fails; 32 passes, 33 fails — the same in all three', () => {
  for (const ok of ['abc', 'ABC', '123', 'a1B', 'x'.repeat(32), 'QDG6eK', 'pamtest', 'wxmpTestToken1']) assert.deepEqual(accepted(ok), [true, true, true], ok);
  for (const bad of ['ab', '', 'x'.repeat(33)]) assert.deepEqual(accepted(bad), [false, false, false], bad);
});

test('only letters and digits: one character outside [A-Za-z0-9] fails everywhere', () => {
  for (const c of ['_', '-', ' ', '.', '\n', '\u0000', '中', 'é', '０', '+', '/', '=']) {
    assert.deepEqual(accepted(`abc${c}def`), [false, false, false], JSON.stringify(c));
  }
  for (const v of [undefined, null, 5, ['abc'], { toString: () => 'abcdef' }]) assert.deepEqual(accepted(v), [false, false, false], String(v));
});

test('assertServerToken says what is wrong without the token', () => {
  assert.throws(() => assertServerToken('ab'), /3-32 letters or digits.*got 2 characters\)/);
  assert.throws(
    () => assertServerToken('secret_token'),
    (e: unknown) => e instanceof WxmpError && /not all letters or digits/.test(e.message) && !e.message.includes('secret_token'),
  );
  assert.throws(() => assertServerToken(7), /got number/);
  assert.doesNotThrow(() => assertServerToken('abc'));
});
