import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WeChatClient } from '../../src/client/client.js';
import type { WeChatClientOptions } from '../../src/client/types.js';
import { rejectsCode, throwsCode } from '../helpers.js';
import { SECRET, kit } from './_kit.js';

test('request appends access_token, serialises JSON as raw UTF-8 and defaults the method', async () => {
  const { api, client } = kit();
  const token = await client.getAccessToken();
  await client.request('/cgi-bin/message/custom/send', { body: { touser: 'o1', msgtype: 'text', text: { content: '你好 😀' } } });
  await client.request('/cgi-bin/user/info', { query: { openid: 'o1', lang: 'zh_CN', skip: undefined, n: 1, b: true } });
  const [send] = api.callsTo('/cgi-bin/message/custom/send');
  assert.equal(send?.method, 'POST');
  assert.equal(send?.query['access_token'], token);
  assert.ok(send?.bodyText?.includes('你好 😀'), 'no \\u escapes (40033)');
  assert.ok(!send?.bodyText?.includes('\\u'));
  assert.match(send?.headers['content-type'] ?? '', /^application\/json; charset=utf-8$/);
  const [info] = api.callsTo('/cgi-bin/user/info');
  assert.equal(info?.method, 'GET');
  assert.deepEqual(info?.query, { openid: 'o1', lang: 'zh_CN', n: '1', b: 'true', access_token: token });
});

test('string bodies are sent as-is (64-bit integers in requests); FormData passes through', async () => {
  const { api, client } = kit();
  await client.request('/cgi-bin/message/mass/delete', { body: '{"msg_id":271781022721654784}' });
  assert.equal(api.callsTo('/cgi-bin/message/mass/delete')[0]?.bodyText, '{"msg_id":271781022721654784}');
  const fd = new FormData();
  fd.append('media', new Blob([new Uint8Array([1, 2])], { type: 'image/png' }), 'a.png');
  await client.request('/cgi-bin/media/upload', { body: fd, query: { type: 'image' } });
  assert.ok(api.callsTo('/cgi-bin/media/upload')[0]?.body instanceof FormData);
  await client.request('/x/bytes', { body: new Uint8Array([1]) });
  await client.request('/x/blob', { body: new Blob(['a']) });
  await client.request('/x/params', { body: new URLSearchParams({ a: '1' }) });
  await client.request('/x/buffer', { body: new Uint8Array([7]).buffer });
  assert.deepEqual([...(api.callsTo('/x/buffer')[0]!.body as Uint8Array)], [7]);
  await rejectsCode(client.request('/x', { body: new ReadableStream() }), 'INVALID_ARGUMENT');
  await rejectsCode(client.request('/x', { body: { n: 1n } }), 'INVALID_ARGUMENT');
  await rejectsCode(client.request('/x', { body: () => 1 }), 'INVALID_ARGUMENT');
});

test('auth: false sends no token; baseUrl override; path validation', async () => {
  const { api, client } = kit();
  await client.request('/cgi-bin/clear_quota/v2', { auth: false, query: { appid: api.appId, appsecret: api.appSecret } });
  assert.equal(api.calls.length, 1);
  assert.equal(api.calls[0]?.query['access_token'], undefined);
  api.script('/cgi-bin/showqrcode', new Response(new Uint8Array([0xff, 0xd8]), { headers: { 'content-type': 'image/jpg' } })); // 'T1' is no live ticket
  await client.request('/cgi-bin/showqrcode', { auth: false, baseUrl: 'https://mp.weixin.qq.com/', query: { ticket: 'T1' }, responseType: 'binary' });
  assert.equal(api.calls[1]?.url, 'https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=T1');
  for (const bad of ['cgi-bin/x', '//evil.example/x', '/a?b=1', '/a#b', '/a b', ''])
    await rejectsCode(client.request(bad, { auth: false }), 'INVALID_ARGUMENT');
  await rejectsCode(client.request('/a', { auth: false, baseUrl: 'ftp://x' }), 'INVALID_ARGUMENT');
  await rejectsCode(client.request('/a', { auth: false, method: 'PUT' as 'GET' }), 'INVALID_ARGUMENT');
});

test('-1 on a GET is retried with bounded jittered backoff; -1 on a send is NOT retried', async () => {
  const { api, client, sleeps } = kit({ random: () => 0.5 });
  await client.getAccessToken();
  api.script('/cgi-bin/user/get', -1, -1);
  await client.request('/cgi-bin/user/get');
  assert.equal(api.callsTo('/cgi-bin/user/get').length, 3);
  assert.deepEqual(sleeps, [150, 300]);
  api.script('/cgi-bin/user/get', -1, -1, -1, -1);
  const e = await rejectsCode(client.request('/cgi-bin/user/get'), 'API_ERROR');
  assert.equal(e.errcode, -1);
  assert.equal(e.retryable, true);
  assert.equal(api.callsTo('/cgi-bin/user/get').length, 6, 'at most maxRetries (2) extra attempts');

  api.script('/cgi-bin/message/template/send', -1);
  await rejectsCode(client.request('/cgi-bin/message/template/send', { body: { touser: 'o1' } }), 'API_ERROR');
  assert.equal(api.callsTo('/cgi-bin/message/template/send').length, 1);
  // an explicitly idempotent POST (a query) is retried
  api.script('/datacube/getusersummary', -1);
  await client.request('/datacube/getusersummary', { body: { begin_date: '2024-01-01', end_date: '2024-01-02' }, idempotent: true });
  assert.equal(api.callsTo('/datacube/getusersummary').length, 2);
});

test('retry policy is configurable (0 disables it)', async () => {
  const { api, client } = kit({ retry: { maxRetries: 0 } });
  await client.getAccessToken();
  api.script('/cgi-bin/user/get', -1);
  await rejectsCode(client.request('/cgi-bin/user/get'), 'API_ERROR');
  assert.equal(api.callsTo('/cgi-bin/user/get').length, 1);
});

test('45011 (minute quota) is neither retried nor retryable: retryable means "the client retries it"', async () => {
  const { api, client } = kit();
  await client.getAccessToken();
  api.script('/cgi-bin/user/get', 45011);
  const e = await rejectsCode(client.request('/cgi-bin/user/get'), 'API_ERROR');
  assert.equal(e.retryable, false);
  assert.equal(api.callsTo('/cgi-bin/user/get').length, 1);
});

test('HTTP 500 on an idempotent call is retried; on a send it is not', async () => {
  const { api, client } = kit();
  await client.getAccessToken();
  api.script('/cgi-bin/menu/get', new Response('oops', { status: 500 }), new Response('oops', { status: 502 }));
  await client.request('/cgi-bin/menu/get');
  assert.equal(api.callsTo('/cgi-bin/menu/get').length, 3);
  api.script('/cgi-bin/message/custom/send', new Response('oops', { status: 503 }));
  assert.equal((await rejectsCode(client.request('/cgi-bin/message/custom/send', { body: {} }), 'HTTP_STATUS')).status, 503);
  assert.equal(api.callsTo('/cgi-bin/message/custom/send').length, 1);
  api.script('/cgi-bin/menu/get', new Response('nope', { status: 404 }));
  await rejectsCode(client.request('/cgi-bin/menu/get'), 'HTTP_STATUS');
  assert.equal(api.callsTo('/cgi-bin/menu/get').length, 4, '4xx is not retried');
});

test('a timed-out template send is not resent (fake latency > timeout)', async () => {
  const { api, client } = kit({ timeoutMs: 10 });
  await client.getAccessToken();
  api.setLatency(5_000, '/cgi-bin/message/template/send');
  const e = await rejectsCode(client.request('/cgi-bin/message/template/send', { body: { touser: 'o1', template_id: 't' } }), 'HTTP_TIMEOUT');
  assert.equal(e.retryable, true);
  const calls = api.callsTo('/cgi-bin/message/template/send');
  assert.equal(calls.length, 1);
  assert.equal(calls[0]?.aborted, true);
  // a timed-out GET is retried (bounded) and then reported
  api.setLatency(5_000, '/cgi-bin/user/get');
  await rejectsCode(client.request('/cgi-bin/user/get', { timeoutMs: 5 }), 'HTTP_TIMEOUT');
  assert.equal(api.callsTo('/cgi-bin/user/get').length, 3);
});

test('the timeout also covers reading the body', async () => {
  const client = new WeChatClient({
    appId: 'wxabc',
    appSecret: SECRET,
    timeoutMs: 10,
    retry: { maxRetries: 0 },
    fetch: async () =>
      new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode('{"a":')) }), { headers: { 'content-type': 'application/json' } }),
  });
  await rejectsCode(client.request('/x', { auth: false }), 'HTTP_TIMEOUT');
});

test("the caller's signal → HTTP_ABORTED, never retried", async () => {
  const { api, client } = kit();
  await client.getAccessToken();
  api.setLatency(5_000, '/cgi-bin/user/get');
  const ctrl = new AbortController();
  const p = client.request('/cgi-bin/user/get', { signal: ctrl.signal });
  setTimeout(() => ctrl.abort(), 5);
  await rejectsCode(p, 'HTTP_ABORTED');
  assert.equal(api.callsTo('/cgi-bin/user/get').length, 1);
  await rejectsCode(client.request('/cgi-bin/user/get', { signal: AbortSignal.abort() }), 'HTTP_ABORTED');
  assert.equal(api.callsTo('/cgi-bin/user/get').length, 1, 'an already-aborted signal sends nothing');
});

test('network errors → HTTP_NETWORK (retried only when idempotent)', async () => {
  let n = 0;
  const client = new WeChatClient({
    appId: 'wxabc',
    appSecret: SECRET,
    sleep: async () => {},
    fetch: async () => {
      n++;
      throw new TypeError('fetch failed: ECONNRESET');
    },
  });
  const e = await rejectsCode(client.request('/a', { auth: false }), 'HTTP_NETWORK');
  assert.equal(e.retryable, true);
  assert.equal(n, 3);
  await rejectsCode(client.request('/a', { auth: false, body: {} }), 'HTTP_NETWORK');
  assert.equal(n, 4);
  const odd = new WeChatClient({ appId: 'wxabc', appSecret: SECRET, retry: { maxRetries: 0 }, fetch: () => Promise.reject('string failure') });
  await rejectsCode(odd.request('/a', { auth: false }), 'HTTP_NETWORK');
});

test('redirect → HTTP_REDIRECT (fetch is called with redirect: manual); oversize → RESPONSE_TOO_LARGE', async () => {
  const seen: RequestInit[] = [];
  const client = new WeChatClient({
    appId: 'wxabc',
    appSecret: SECRET,
    maxResponseBytes: 64,
    fetch: async (_u, init) => {
      seen.push(init);
      return seen.length === 1 ? new Response(null, { status: 302, headers: { location: 'https://x' } }) : new Response(JSON.stringify({ a: 'x'.repeat(100) }));
    },
  });
  await rejectsCode(client.request('/a', { auth: false }), 'HTTP_REDIRECT');
  assert.equal(seen[0]?.redirect, 'manual');
  await rejectsCode(client.request('/a', { auth: false }), 'RESPONSE_TOO_LARGE');
  await client.request('/a', { auth: false, maxResponseBytes: 1000 });
});

test('RESPONSE_PARSE for top-level non-objects through the client', async () => {
  for (const body of ['[]', 'null', '"x"']) {
    const client = new WeChatClient({ appId: 'wxabc', appSecret: SECRET, fetch: async () => new Response(body) });
    await rejectsCode(client.request('/a', { auth: false }), 'RESPONSE_PARSE');
  }
  const client = new WeChatClient({ appId: 'wxabc', appSecret: SECRET, fetch: async () => new Response('{"msgid":271781022721654784}') });
  assert.deepEqual(await client.request('/a', { auth: false }), { msgid: '271781022721654784' });
});

test('binary downloads: media/get returns bytes; a JSON error is an API_ERROR', async () => {
  const { client } = kit();
  const file = await client.request<{ contentType: string; filename?: string; data: Uint8Array }>('/cgi-bin/media/get', {
    query: { media_id: 'MEDIA1' },
    responseType: 'binary',
  });
  assert.equal(file.contentType, 'image/jpeg');
  assert.equal(file.filename, 'MEDIA1.jpg');
  assert.equal(file.data[0], 0xff);
  assert.equal((await rejectsCode(client.request('/cgi-bin/media/get', { responseType: 'binary' }), 'API_ERROR')).errcode, 40007);
});

test('fetch is resolved at call time (globalThis.fetch)', async () => {
  const original = globalThis.fetch;
  const client = new WeChatClient({ appId: 'wxabc', appSecret: SECRET });
  try {
    globalThis.fetch = (async () => new Response('{"ok":1}')) as typeof fetch;
    assert.deepEqual(await client.request('/a', { auth: false }), { ok: 1 });
    (globalThis as { fetch?: unknown }).fetch = undefined;
    await rejectsCode(client.request('/a', { auth: false }), 'INVALID_CONFIG');
  } finally {
    globalThis.fetch = original;
  }
});

test('configuration is validated (INVALID_CONFIG)', () => {
  const ok: WeChatClientOptions = { appId: 'wx123', appSecret: SECRET };
  const bad: unknown[] = [
    null,
    'x',
    {},
    { appId: '', appSecret: SECRET },
    { appId: 'wx 1', appSecret: SECRET },
    { appId: 'wx123' },
    { appId: 'wx123', appSecret: 'short' },
    { appId: 'wx123', appSecret: 'has space inside' },
    { ...ok, tokenMode: 'x' },
    { ...ok, fetch: 'x' },
    { ...ok, tokenProvider: 'x' },
    { ...ok, baseUrl: 'javascript:alert(1)' },
    { ...ok, baseUrl: 'https://api.weixin.qq.com/path' },
    { ...ok, now: 1 },
    { ...ok, timeoutMs: 0 },
    { ...ok, timeoutMs: Infinity },
    { ...ok, refreshSkewSeconds: -1 },
    { ...ok, maxResponseBytes: 'big' },
    { ...ok, retry: null },
    { ...ok, retry: { maxRetries: 9 } },
    { ...ok, retry: { maxRetries: 1.5 } },
    { ...ok, retry: { baseDelayMs: -1 } },
    { ...ok, tokenCache: {} },
    { ...ok, tokenCache: null },
    { ...ok, lock: { acquire() {} } },
  ];
  for (const o of bad) throwsCode(() => new WeChatClient(o as WeChatClientOptions), 'INVALID_CONFIG');
  assert.ok(new WeChatClient({ ...ok, baseUrl: 'http://127.0.0.1:8080/', retry: { maxRetries: 0, baseDelayMs: 0 }, refreshSkewSeconds: 600 }));
  assert.ok(new WeChatClient({ appId: 'wx123', tokenProvider: async () => 'TOKEN_VALUE_123' }));
});

test('logger receives redacted lines and a throwing logger is harmless', async () => {
  const lines: string[] = [];
  const { api, client } = kit({ logger: { warn: (m) => lines.push(m), debug: (m) => lines.push(m) } });
  const token = await client.getAccessToken();
  api.script('/cgi-bin/user/get', -1, 40001);
  await client.request('/cgi-bin/user/get');
  assert.ok(lines.length >= 3);
  for (const l of lines) {
    assert.ok(!l.includes(token) && !l.includes(SECRET));
  }
  const k = kit({
    logger: {
      warn: () => {
        throw new Error('logger broke');
      },
    },
  });
  k.api.script('/cgi-bin/user/get', -1);
  await k.client.request('/cgi-bin/user/get');
});
