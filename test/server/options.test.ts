import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveWebhookOptions } from '../../src/server/options.js';
import { keys, now, token } from './_kit.js';

test('derived settings — default mode by keys, claim TTL = deadline + 3 s, replay TTL until the window ends', () => {
  assert.equal(resolveWebhookOptions({ token, handler: () => undefined }).auth.mode, 'plaintext');
  const c = resolveWebhookOptions({ ...keys, now, deadlineMs: 4500, handler: () => undefined });
  assert.equal(c.auth.mode, 'safe');
  assert.equal(c.dedupe?.claimTtl, 8);
  assert.equal(c.dedupe?.replayTtl(String(now())), 301, 'the whole window (+1 for rounding)');
  assert.equal(c.dedupe?.replayTtl(String(now() - 290)), 300, 'at least dedupeTtlSeconds');
  assert.equal(resolveWebhookOptions({ token, handler: () => undefined, dedupe: false }).dedupe, undefined);
});

test('the options are checked once, here: each bad one is INVALID_CONFIG naming it', () => {
  const handler = () => undefined;
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ token, handler: 'no' }, /handler must be a function/],
    [{ token, handler, appId: 'wx1' }, /given together/],
    [{ token, handler, mode: 'safe' }, /needs encodingAESKey and appId/],
    [{ ...keys, handler, mode: 'plaintext' }, /ignores encodingAESKey/],
    [{ token, handler, auth: 'msg_signature' }, /needs encodingAESKey, appId and mode 'safe'/],
    [{ token, handler, deadlineMs: 0 }, /deadlineMs must be a positive number/],
    [{ token, handler, maxBodyBytes: Number.NaN }, /maxBodyBytes must be a positive number/],
    [{ token, handler, dedupe: {} }, /dedupe must be a DedupeStore or false/],
    [{ token, handler, fallbackReply: 'ok' }, /fallbackReply/],
    [{ token, handler, xmlLimits: { maxDepth: 0 } }, /xmlLimits: /],
  ];
  for (const [options, message] of cases) {
    assert.throws(
      () => resolveWebhookOptions(options as never),
      (e: unknown) => e instanceof Error && /^INVALID_CONFIG: /.test(e.message) && message.test(e.message),
      String(message),
    );
  }
});
