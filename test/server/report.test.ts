// Nothing fails silently: without onError every failure leaves a redacted, rate-limited line.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';
import type { WxmpError } from '../../src/errors.js';
import { createWebhook } from '../../src/server/webhook.js';
import type { WebhookLogger, WebhookOptions } from '../../src/server/types.js';
import { LOG_LINES_PER_MINUTE } from '../../src/server/report.js';
import { createSimulator } from '../../src/testing/simulator.js';
import { collector, encodingAESKey, keys, NOW, now, token } from './_kit.js';

const ACCESS_TOKEN = '79_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-abcdefghij_KLMNOP';
const APP_SECRET = '0123456789abcdef0123456789abcdef';

/** Replaces console.warn/error while `fn` runs; returns the lines. */
async function console_(fn: () => Promise<void>): Promise<{ level: string; line: string }[]> {
  const lines: { level: string; line: string }[] = [];
  const { warn, error } = console;
  console.warn = (line: unknown) => void lines.push({ level: 'warn', line: String(line) });
  console.error = (line: unknown) => void lines.push({ level: 'error', line: String(line) });
  try {
    await fn();
  } finally {
    console.warn = warn;
    console.error = error;
  }
  return lines;
}

test('without onError: a throwing handler, a wrong reply shape and a 403 each leave a console line, without secrets', async () => {
  const sim = createSimulator({ ...keys, now });
  const handlers: WebhookOptions['handler'][] = [
    () => {
      throw new Error(`db failed for ${token} ${encodingAESKey} access_token=${ACCESS_TOKEN} secret ${APP_SECRET}`);
    },
    () => ({ msgType: 'text', content: '' }),
    () => 'hello' as never,
  ];
  const lines = await console_(async () => {
    for (const handler of handlers) await createWebhook({ ...keys, now, handler })(sim.text('x').request());
    const forged = new URL(sim.text('x').url);
    forged.searchParams.set('signature', 'e'.repeat(40));
    await createWebhook({ ...keys, now, handler: () => undefined })(new Request(forged, { method: 'POST', body: 'x' }));
  });
  assert.deepEqual(
    lines.map((l) => l.level),
    ['error', 'error', 'error', 'warn'],
  );
  assert.match(
    lines[0]?.line ?? '',
    /^wxmp webhook: WEBHOOK_HANDLER_FAILED: handler threw: db failed for \*\*\* \*\*\* access_token=\*\*\* secret \*\*\* \(answered HTTP 200\)$/,
  );
  assert.match(lines[1]?.line ?? '', /REPLY_EMPTY_CONTENT/);
  assert.match(lines[2]?.line ?? '', /REPLY_INVALID/);
  assert.match(lines[3]?.line ?? '', /WEBHOOK_SIGNATURE_INVALID.*\(answered HTTP 403\)/);
  for (const { line } of lines) for (const secret of [token, encodingAESKey, ACCESS_TOKEN, APP_SECRET]) assert.ok(!line.includes(secret), line);
});

test('the handler error is scrubbed the same way in message, stack, JSON, inspect and cause; other text is kept', async () => {
  const log = collector();
  const webhook = createWebhook({
    ...keys,
    now,
    onError: log.onError,
    handler: () => {
      throw new TypeError(`boom at /srv/app/handlers/menu_click_handler_module: {"access_token":"${ACCESS_TOKEN}"} ${APP_SECRET.toUpperCase()} ${token}`);
    },
  });
  await webhook(
    createSimulator({ ...keys, now })
      .text('x')
      .request(),
  );
  const e = log.errors[0] as WxmpError & { cause?: Error };
  assert.equal(e.code, 'WEBHOOK_HANDLER_FAILED');
  assert.match(e.message, /boom at \/srv\/app\/handlers\/menu_click_handler_module/, 'a long path without digits is not token-shaped');
  assert.equal(e.cause?.name, 'TypeError');
  const dump = [e.message, e.stack, JSON.stringify(e), inspect(e), e.cause?.message, e.cause?.stack].join('\n');
  for (const secret of [token, encodingAESKey, ACCESS_TOKEN, APP_SECRET, APP_SECRET.toUpperCase()]) assert.ok(!dump.includes(secret), secret);
});

test('an explicit logger gets warn/error with meta, also beside onError; error falls back to warn', async () => {
  const sim = createSimulator({ token, now });
  const got: string[] = [];
  const logger: WebhookLogger = {
    warn: (_m, meta) => void got.push(`warn ${String(meta?.code)} ${String(meta?.status)}`),
    error: (_m, meta) => void got.push(`error ${String(meta?.code)}`),
  };
  const log = collector();
  const w = createWebhook({
    token,
    now,
    logger,
    onError: log.onError,
    handler: () => {
      throw new Error('x');
    },
  });
  await w(sim.text('x').request());
  await w(new Request('http://x/wechat', { method: 'PUT' }));
  assert.deepEqual(got, ['error WEBHOOK_HANDLER_FAILED', 'warn WEBHOOK_METHOD_NOT_ALLOWED 405']);
  assert.equal(log.errors.length, 2);
  const warnOnly: string[] = [];
  const w2 = createWebhook({
    token,
    now,
    logger: { warn: (m) => void warnOnly.push(m) },
    handler: () => {
      throw new Error('x');
    },
  });
  await w2(sim.text('x').request());
  assert.equal(warnOnly.length, 1);
  const silentConsole = await console_(async () => {
    await createWebhook({
      token,
      now,
      onError: () => {},
      handler: () => {
        throw new Error('x');
      },
    })(sim.text('x').request());
  });
  assert.deepEqual(silentConsole, [], 'with onError and no logger, the console stays quiet');
});

test(`the log is rate-limited: ${LOG_LINES_PER_MINUTE} lines a minute, then one line counting the rest`, async () => {
  let t = NOW;
  const lines: string[] = [];
  const w = createWebhook({ token, now: () => t, logger: { warn: (m) => void lines.push(m) }, handler: () => undefined });
  const flood = (n: number) => Promise.all(Array.from({ length: n }, () => w(new Request('http://x/wechat', { method: 'PUT' }))));
  await flood(LOG_LINES_PER_MINUTE);
  assert.equal(lines.length, LOG_LINES_PER_MINUTE, 'the limit passes');
  await flood(15);
  assert.equal(lines.length, LOG_LINES_PER_MINUTE, 'limit + 1 is dropped');
  t += 60;
  await flood(1);
  assert.equal(lines.length, LOG_LINES_PER_MINUTE + 2);
  assert.match(lines[LOG_LINES_PER_MINUTE] ?? '', /15 more lines were dropped in the last minute/);
  assert.match(lines[LOG_LINES_PER_MINUTE + 1] ?? '', /WEBHOOK_METHOD_NOT_ALLOWED/);
});

test('a throwing logger, or a clock that throws, does not change the answer', async () => {
  const sim = createSimulator({ token, now });
  const w = createWebhook({
    token,
    now,
    logger: {
      warn: () => {
        throw new Error('disk full');
      },
      error: () => {
        throw new Error('disk full');
      },
    },
    handler: () => {
      throw new Error('x');
    },
  });
  assert.equal(await (await w(sim.text('x').request())).text(), 'success');
  assert.equal((await w(new Request('http://x/', { method: 'PUT' }))).status, 405);
  const badClock = createWebhook({
    token,
    now: () => {
      throw new TypeError('clock broke');
    },
    logger: { warn: () => {} },
    handler: () => undefined,
  });
  assert.equal((await badClock(sim.text('x').request())).status, 500);
});

test('an unexpected exception inside the pipeline is WEBHOOK_INTERNAL_ERROR (500), never MESSAGE_INVALID', async () => {
  const log = collector();
  const w = createWebhook({
    token,
    now: () => {
      throw new TypeError('clock broke');
    },
    onError: log.onError,
    handler: () => undefined,
  });
  const res = await w(createSimulator({ token, now }).text('x').request());
  assert.equal(res.status, 500);
  assert.equal(await res.text(), 'Internal Server Error');
  assert.deepEqual(log.codes(), ['WEBHOOK_INTERNAL_ERROR']);
  assert.equal(log.contexts[0]?.status, 500);
  assert.throws(() => createWebhook({ token, handler: () => undefined, logger: 'console' as never }), { code: 'INVALID_CONFIG' });
});
