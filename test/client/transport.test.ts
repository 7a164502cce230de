// One attempt: the per-attempt timeout holds even against a fetch that ignores its signal, and
// the retry decision is exactly WxmpError.retryable.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { WeChatClient } from '../../src/client/client.js';
import { isTransient, sendOnce } from '../../src/client/transport.js';
import type { FetchLike } from '../../src/client/types.js';
import { WxmpError } from '../../src/errors.js';
import { rejectsCode } from '../helpers.js';

const never = new Promise<Response>(() => {});
const ok = (): Promise<Response> => Promise.resolve(new Response('{"errcode":0,"data":1}', { headers: { 'content-type': 'application/json' } }));

function client(fetch: FetchLike, extra: Partial<ConstructorParameters<typeof WeChatClient>[0]> = {}): WeChatClient {
  return new WeChatClient({ appId: 'wx1234567890', appSecret: 'secret_0123456789', fetch, sleep: async () => {}, ...extra });
}

test('a fetch that ignores its AbortSignal and never answers: HTTP_TIMEOUT, and the next call starts fresh', async () => {
  let calls = 0;
  let signalSeen: AbortSignal | undefined;
  const fetch: FetchLike = (_url, init) => {
    calls++;
    if (calls === 1) {
      signalSeen = init?.signal ?? undefined;
      return never; // ignores the signal entirely
    }
    return ok();
  };
  const c = client(fetch, { timeoutMs: 50, retry: { maxRetries: 0 } });
  const e = await rejectsCode(c.request('/cgi-bin/x', { auth: false }), 'HTTP_TIMEOUT');
  assert.equal(e.retryable, true);
  assert.equal(signalSeen?.aborted, true, 'the signal was aborted all the same');
  assert.deepEqual(await c.request('/cgi-bin/x', { auth: false }), { errcode: 0, data: 1 });
  assert.equal(calls, 2);
});

test('an idempotent call retries such a timeout; a send does not', async () => {
  let calls = 0;
  const fetch: FetchLike = () => {
    calls++;
    return calls < 3 ? never : ok();
  };
  const c = client(fetch, { timeoutMs: 30 });
  assert.deepEqual(await c.request('/cgi-bin/x', { auth: false }), { errcode: 0, data: 1 });
  assert.equal(calls, 3);
  calls = 0;
  await rejectsCode(c.request('/cgi-bin/message/template/send', { auth: false, body: { a: 1 } }), 'HTTP_TIMEOUT');
  assert.equal(calls, 1);
});

test('a body that never ends and whose cancel never settles: the attempt still times out', async () => {
  const stuck = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(new TextEncoder().encode('{"a":'));
    },
    pull: () => never.then(() => {}),
    cancel: () => never.then(() => {}),
  });
  const fetch: FetchLike = () => Promise.resolve(new Response(stuck));
  await rejectsCode(sendOnce({ fetch, url: 'https://api.weixin.qq.com/x', method: 'GET', timeoutMs: 40, interpret: {}, scrub: (s) => s }), 'HTTP_TIMEOUT');
});

test('the caller aborting wins over a fetch that ignores it: HTTP_ABORTED, not retried', async () => {
  let calls = 0;
  const fetch: FetchLike = () => {
    calls++;
    return never;
  };
  const ctrl = new AbortController();
  const p = client(fetch, { timeoutMs: 60_000 }).request('/cgi-bin/x', { auth: false, signal: ctrl.signal });
  setTimeout(() => ctrl.abort(), 20);
  const e = await rejectsCode(p, 'HTTP_ABORTED');
  assert.equal(e.retryable, false);
  assert.equal(calls, 1);
});

test('a late failure of the abandoned attempt is never an unhandled rejection', async () => {
  let reject!: (e: unknown) => void;
  const late = new Promise<Response>((_, r) => {
    reject = r;
  });
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown): void => {
    unhandled.push(e);
  };
  process.on('unhandledRejection', onUnhandled);
  try {
    await rejectsCode(
      sendOnce({ fetch: () => late, url: 'https://api.weixin.qq.com/x', method: 'GET', timeoutMs: 20, interpret: {}, scrub: (s) => s }),
      'HTTP_TIMEOUT',
    );
    reject(new Error('socket hang up, long after'));
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(unhandled, []);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});

// Every failure the client can meet, as a fetch outcome.
const outcome = fc.oneof(
  fc
    .integer({ min: 200, max: 599 })
    .filter((s) => s < 300 || s >= 400)
    .map((status) => ({ kind: 'status' as const, status })),
  fc.constantFrom(-1, 40001, 40014, 42001, 45009, 45011, 40164, 48001, 47001).map((errcode) => ({ kind: 'errcode' as const, errcode })),
  fc.constant({ kind: 'network' as const }),
);

test('property: the client retries a failure exactly when its WxmpError says retryable', async () => {
  await fc.assert(
    fc.asyncProperty(outcome, async (o) => {
      let calls = 0;
      const fetch: FetchLike = async () => {
        calls++;
        if (o.kind === 'network') throw new TypeError('fetch failed');
        if (o.kind === 'status') return new Response(o.status < 300 ? '{"errcode":-1}' : 'x', { status: o.status });
        return new Response(JSON.stringify({ errcode: o.errcode, errmsg: 'e' }));
      };
      const c = client(fetch, { retry: { maxRetries: 2 } });
      let error: unknown;
      try {
        await c.request('/cgi-bin/x', { auth: false });
      } catch (e) {
        error = e;
      }
      assert.ok(error instanceof WxmpError);
      assert.equal(isTransient(error), error.retryable);
      assert.equal(calls, error.retryable ? 3 : 1, `${error.code} ${String(error.status ?? error.errcode)}`);
      assert.equal(error.toJSON()['retryable'], error.retryable);
    }),
    { numRuns: 200 },
  );
});

test('retryable by kind: -1, 5xx, network, timeout yes; rate limits and token rejections no', () => {
  const yes = [
    new WxmpError('API_ERROR', 'x', { errcode: -1, errmsg: '' }),
    new WxmpError('HTTP_STATUS', 'x', { status: 500 }),
    new WxmpError('HTTP_STATUS', 'x', { status: 599 }),
    new WxmpError('HTTP_NETWORK', 'x'),
    new WxmpError('HTTP_TIMEOUT', 'x'),
  ];
  const no = [
    new WxmpError('API_ERROR', 'x', { errcode: 45011, errmsg: '' }),
    new WxmpError('HTTP_STATUS', 'x', { status: 429 }),
    new WxmpError('HTTP_STATUS', 'x', { status: 499 }),
    new WxmpError('API_ERROR', 'x', { errcode: 40001, errmsg: '' }),
    new WxmpError('TOKEN_LOCK_TIMEOUT', 'x'),
    new WxmpError('HTTP_ABORTED', 'x'),
    new WxmpError('API_TOKEN_CONFIG', 'x', { errcode: -1, errmsg: '' }),
  ];
  for (const e of yes) assert.equal(e.retryable, true, `${e.code} ${String(e.status ?? e.errcode)}`);
  for (const e of no) assert.equal(e.retryable, false, `${e.code} ${String(e.status ?? e.errcode)}`);
});
