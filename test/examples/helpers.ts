// Helpers of the example smoke tests: locating examples/ from the compiled test, and servers on port 0.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { WxmpError } from '../../src/errors.js';
import { createSimulator } from '../../src/testing/index.js';

/** The repository root: compiled tests live in .build-test/ (or another directory), examples/ do not move. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'examples', 'echo-bot', 'bot.mjs')) && existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('repository root not found above the compiled test');
    dir = up;
  }
}

/** Imports a plain-JS example module (not compiled, so it is loaded from the repository). */
export async function importExample<T>(path: string): Promise<T> {
  return (await import(pathToFileURL(join(repoRoot(), path)).href)) as T;
}

/** Listens on 127.0.0.1, port 0; returns the base URL and a closer. */
export async function listen(server: Server): Promise<{ base: string; close: () => Promise<void> }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A 43-character EncodingAESKey and an AppID for the encrypted-mode tests (not a real account). */
export const TEST_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
export const TEST_APP_ID = 'wx1234567890abcdef';

/** The token of the framework examples' smoke tests. */
export const SMOKE_TOKEN = 'smokeTestToken';

/**
 * The example's WeChat configuration: plaintext, or safe mode (安全模式) with the test key. With
 * `reported`, the example's onError is replaced by one collecting the error codes.
 */
export function smokeConfig(
  encrypted: boolean,
  reported?: string[],
): { token: string; encodingAESKey?: string; appId?: string; onError?: (e: WxmpError) => void } {
  const base = encrypted ? { token: SMOKE_TOKEN, encodingAESKey: TEST_KEY, appId: TEST_APP_ID } : { token: SMOKE_TOKEN };
  return reported ? { ...base, onError: (e) => void reported.push(e.code) } : base;
}

/**
 * What every framework example must do at `url`: answer the URL verification, echo a text and
 * thank a subscriber (encrypted replies in safe mode), acknowledge other messages, refuse a forged push.
 */
export async function exerciseWebhook(url: string, encrypted: boolean, reported?: string[], token = SMOKE_TOKEN): Promise<void> {
  const sim = createSimulator({ url, ...smokeConfig(encrypted), token });
  const verify = await fetch(sim.verify('5837397520665436492'));
  assert.equal(verify.status, 200);
  assert.equal(await verify.text(), '5837397520665436492');

  const text = sim.text('你好 <smoke> ]]>');
  const echoed = await sim.readReply(await fetch(text.request()), text);
  assert.ok(echoed.kind === 'reply', JSON.stringify(echoed));
  assert.deepEqual(echoed.reply, { msgType: 'text', content: '你好 <smoke> ]]>' });
  assert.equal(echoed.encrypted, encrypted);

  const subscribe = sim.subscribe('7');
  const thanks = await sim.readReply(await fetch(subscribe.request()), subscribe);
  assert.ok(thanks.kind === 'reply' && thanks.reply.msgType === 'text');
  assert.equal(thanks.reply.content, '感谢关注！');

  const image = sim.image();
  assert.deepEqual(await sim.readReply(await fetch(image.request()), image), { kind: 'success' });

  const forged = createSimulator({ url, token: 'wrongToken' }).text('hi');
  assert.equal((await fetch(forged.request())).status, 403);
  // every example logs failures (its onError)
  if (reported) assert.equal(reported.at(-1), 'WEBHOOK_SIGNATURE_INVALID');
}
