import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeSignature } from '../../src/signature.js';
import { MessageCrypto } from '../../src/crypto/index.js';
import { createWebhook } from '../../src/server/webhook.js';
import type { WebhookContext, WebhookOptions } from '../../src/server/types.js';
import { dedupeKey } from '../../src/server/dedupe.js';
import { createSimulator, type SimulatorMode } from '../../src/testing/simulator.js';
import type { Message } from '../../src/messages/index.js';
import { appId, collector, encodingAESKey, keys, now, NOW, token } from './_kit.js';
import { throwsCode } from '../helpers.js';

const echo: WebhookOptions['handler'] = (m) => (m.msgType === 'text' ? { msgType: 'text', content: `echo: ${m.content}` } : undefined);

function setup(mode: SimulatorMode, extra: Partial<WebhookOptions> = {}) {
  const log = collector();
  const crypto = mode === 'plaintext' ? { token } : keys;
  const webhook = createWebhook({ ...crypto, mode, now, handler: echo, onError: log.onError, ...extra });
  const sim = createSimulator({ ...crypto, mode, now });
  return { webhook, sim, log };
}

for (const mode of ['plaintext', 'compatible', 'safe'] as const) {
  test(`${mode}: a text push gets the echoed reply${mode === 'plaintext' ? '' : ', encrypted'}`, async () => {
    const { webhook, sim, log } = setup(mode);
    const push = sim.text('你好 <b>&]]>');
    const res = await webhook(push.request());
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/xml; charset=utf-8');
    const out = await sim.readReply(res, push);
    assert.equal(out.kind, 'reply');
    if (out.kind !== 'reply') return;
    assert.deepEqual(out.reply, { msgType: 'text', content: 'echo: 你好 <b>&]]>' });
    assert.equal(out.encrypted, mode !== 'plaintext');
    assert.equal(out.createTime, NOW);
    assert.deepEqual(log.errors, []);
  });

  test(`${mode}: URL verification echoes echostr as text/plain with nosniff`, async () => {
    const { webhook, sim } = setup(mode);
    const res = await webhook(sim.verify('1234567890123456789'));
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '1234567890123456789');
    assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  });
}

test('compatible mode accepts plaintext and encrypted pushes; the reply follows the push', async () => {
  const { webhook, sim } = setup('compatible');
  const plain = sim.text('a', { mode: 'plaintext' });
  const r1 = await sim.readReply(await webhook(plain.request()), plain);
  assert.ok(r1.kind === 'reply' && !r1.encrypted);
  const enc = sim.text('b');
  const r2 = await sim.readReply(await webhook(enc.request()), enc);
  assert.ok(r2.kind === 'reply' && r2.encrypted);
});

test('safe mode rejects a plaintext push (downgrade) with 403 before reading the body', async () => {
  let calls = 0;
  const { webhook, sim, log } = setup('safe', {
    handler: () => {
      calls++;
    },
  });
  const push = sim.text('hi', { mode: 'plaintext' });
  const res = await webhook(push.request());
  assert.equal(res.status, 403);
  assert.equal(await res.text(), 'Forbidden');
  assert.deepEqual(log.codes(), ['WEBHOOK_PLAINTEXT_REJECTED']);
  assert.equal(log.contexts[0]?.status, 403);
  assert.equal(calls, 0);
});

test('compatible mode ignores the unauthenticated plaintext fields beside <Encrypt>', async () => {
  let seen: Message | undefined;
  const { webhook, sim } = setup('compatible', {
    handler: (m) => {
      seen = m;
    },
  });
  const push = sim.text('real');
  const forged = push.body.replace('<![CDATA[real]]>', '<![CDATA[forged]]>');
  assert.notEqual(forged, push.body);
  const res = await webhook(new Request(push.url, { method: 'POST', body: forged }));
  assert.equal(await res.text(), 'success');
  assert.ok(seen?.msgType === 'text' && seen.content === 'real');
});

test('bad or stale signatures answer 403 and never reflect echostr', async () => {
  const { webhook, sim, log } = setup('plaintext');
  const marker = '<script>alert(1)</script>';
  const good = new URL(sim.verify(marker).url);
  good.searchParams.set('signature', 'f'.repeat(40));
  const r1 = await webhook(new Request(good));
  assert.equal(r1.status, 403);
  const t1 = await r1.text();
  assert.ok(!t1.includes('script'));
  const stale = createSimulator({ token, now: () => NOW - 301 });
  const r2 = await webhook(stale.verify(marker));
  assert.equal(r2.status, 403);
  assert.ok(!(await r2.text()).includes('script'));
  const edge = createSimulator({ token, now: () => NOW + 300 });
  assert.equal((await webhook(edge.verify('ok'))).status, 200, 'inside the window (boundary)');
  const push = stale.text('x');
  assert.equal((await webhook(push.request())).status, 403);
  assert.deepEqual(log.codes(), ['WEBHOOK_SIGNATURE_INVALID', 'WEBHOOK_TIMESTAMP_EXPIRED', 'WEBHOOK_TIMESTAMP_EXPIRED']);
  for (const e of log.errors) assert.ok(!e.message.includes('script'));
});

test('timestampWindowSeconds: false disables the window', async () => {
  const { webhook } = setup('plaintext', { timestampWindowSeconds: false });
  const old = createSimulator({ token, now: () => 1000 });
  assert.equal((await webhook(old.verify('e'))).status, 200);
});

test('wrong method → 405 with Allow: GET, POST', async () => {
  const { webhook, log } = setup('plaintext');
  for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']) {
    const res = await webhook(new Request('http://x/wechat?timestamp=1&nonce=1', { method }));
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'GET, POST');
  }
  assert.equal(log.codes()[0], 'WEBHOOK_METHOD_NOT_ALLOWED');
});

test('malformed queries → 400', async () => {
  const { webhook, sim, log } = setup('plaintext');
  const url = new URL(sim.verify('e').url);
  const dup = `${url.href}&nonce=2`;
  assert.equal((await webhook(new Request(dup))).status, 400);
  url.searchParams.delete('signature');
  assert.equal((await webhook(new Request(url))).status, 400, 'signature missing');
  const noEcho = new URL(sim.verify('e').url);
  noEcho.searchParams.delete('echostr');
  const ts = noEcho.searchParams.get('timestamp') ?? '';
  const nonce = noEcho.searchParams.get('nonce') ?? '';
  assert.equal(noEcho.searchParams.get('signature'), computeSignature(token, ts, nonce));
  assert.equal((await webhook(new Request(noEcho))).status, 400, 'echostr missing');
  assert.equal((await webhook(new Request('http://x/wechat'))).status, 400, 'no query');
  assert.deepEqual(log.codes(), ['WEBHOOK_BAD_QUERY', 'WEBHOOK_BAD_QUERY', 'WEBHOOK_BAD_QUERY', 'WEBHOOK_BAD_QUERY']);
});

test('hostile bodies: DOCTYPE/entities, invalid UTF-8, gzip, non-XML → 4xx; missing fields → 200 + warning', async () => {
  const { webhook, sim, log } = setup('plaintext');
  const url = sim.text('x').url;
  const post = (body: string | Uint8Array, headers: Record<string, string> = {}) => webhook(new Request(url, { method: 'POST', body, headers }));
  const xxe = '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><ToUserName>&x;</ToUserName></xml>';
  assert.equal((await post(xxe)).status, 400);
  const bomb = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><xml>&lol2;</xml>';
  assert.equal((await post(bomb)).status, 400);
  assert.equal((await post(new Uint8Array([0x3c, 0x78, 0xff, 0x3e]))).status, 400);
  assert.equal((await post('<xml/>', { 'content-encoding': 'gzip' })).status, 415);
  assert.equal((await post('{"MsgType":"text"}')).status, 400);
  assert.equal((await post('<xml><MsgType>text</MsgType></xml>')).status, 200);
  assert.equal((await post('<xml/>', { 'content-length': 'abc' })).status, 400);
  assert.deepEqual(log.codes().slice(0, 3), ['XML_DOCTYPE_FORBIDDEN', 'XML_DOCTYPE_FORBIDDEN', 'WEBHOOK_INVALID_UTF8']);
  assert.deepEqual(log.codes().slice(3), ['WEBHOOK_UNSUPPORTED_ENCODING', 'XML_SYNTAX', 'MESSAGE_SCHEMA_DRIFT', 'WEBHOOK_BAD_HEADER']);
  assert.equal((await post(sim.text('x').body, { 'content-encoding': 'identity' })).status, 200);
});

test('a UTF-8 BOM is accepted; xmlLimits apply', async () => {
  const { webhook, sim } = setup('plaintext');
  const push = sim.text('bom');
  const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(push.body)]);
  assert.equal((await webhook(new Request(push.url, { method: 'POST', body: bytes }))).status, 200);
  const small = setup('plaintext', { xmlLimits: { maxLength: 64 } });
  assert.equal((await small.webhook(small.sim.text('x'.repeat(100)).request())).status, 400);
  assert.equal(small.log.codes()[0], 'XML_TOO_LARGE');
});

function stream(chunks: number, size: number, onCancel?: () => void, delayMs = 0): { body: ReadableStream<Uint8Array>; pulls: () => number } {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (pulled >= chunks) return controller.close();
        pulled++;
        if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
        controller.enqueue(new Uint8Array(size).fill(0x20));
      },
      cancel() {
        onCancel?.();
      },
    },
    { highWaterMark: 0 },
  );
  return { body, pulls: () => pulled };
}

test('a 10 MB body → 413: by Content-Length without reading, and while streaming without a length', async () => {
  const { webhook, sim, log } = setup('plaintext');
  const url = sim.text('x').url;
  let cancelled = 0;
  const s1 = stream(160, 65536, () => cancelled++);
  const r1 = await webhook(
    new Request(url, { method: 'POST', body: s1.body, headers: { 'content-length': String(10 * 1024 * 1024) }, duplex: 'half' } as RequestInit),
  );
  assert.equal(r1.status, 413);
  assert.equal(s1.pulls(), 0, 'nothing read');
  const s2 = stream(160, 65536, () => cancelled++);
  const r2 = await webhook(new Request(url, { method: 'POST', body: s2.body, duplex: 'half' } as RequestInit));
  assert.equal(r2.status, 413);
  assert.ok(s2.pulls() <= 6, `read only up to the cap, pulled ${s2.pulls()}`);
  assert.equal(cancelled, 2);
  assert.deepEqual(log.codes(), ['WEBHOOK_BODY_TOO_LARGE', 'WEBHOOK_BODY_TOO_LARGE']);
});

test('maxBodyBytes boundary pair', async () => {
  const { webhook, sim } = setup('plaintext', { maxBodyBytes: 1000 });
  const push = sim.text('x');
  const pad = (n: number) => push.body.replace('</xml>', `${' '.repeat(n - new TextEncoder().encode(push.body).length)}</xml>`);
  assert.equal((await webhook(new Request(push.url, { method: 'POST', body: pad(1000) }))).status, 200);
  assert.equal((await webhook(new Request(push.url, { method: 'POST', body: pad(1001) }))).status, 413);
  assert.equal((await webhook(new Request(push.url, { method: 'POST', body: pad(1000), headers: { 'content-length': '1001' } }))).status, 413);
});

test('a slow-drip body is aborted at the read deadline (408) and the stream is cancelled', async () => {
  const { webhook, sim, log } = setup('plaintext', { bodyTimeoutMs: 60 });
  let cancelled = false;
  const drip = stream(
    1_000_000,
    1,
    () => {
      cancelled = true;
    },
    20,
  );
  const res = await webhook(new Request(sim.text('x').url, { method: 'POST', body: drip.body, duplex: 'half' } as RequestInit));
  assert.equal(res.status, 408);
  assert.equal(await res.text(), 'Request Timeout');
  assert.ok(cancelled);
  assert.deepEqual(log.codes(), ['WEBHOOK_BODY_TIMEOUT']);
});

test('a body stream that errors → 400 WEBHOOK_BODY_READ_FAILED', async () => {
  const { webhook, sim, log } = setup('plaintext');
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      c.error(new Error('socket hang up'));
    },
  });
  const res = await webhook(new Request(sim.text('x').url, { method: 'POST', body, duplex: 'half' } as RequestInit));
  assert.equal(res.status, 400);
  assert.deepEqual(log.codes(), ['WEBHOOK_BODY_READ_FAILED']);
  const used = new Request(sim.text('x').url, { method: 'POST', body: 'x' });
  await used.text();
  assert.equal((await webhook(used)).status, 400);
});

test('encrypted pushes: msg_signature, <Encrypt> and decryption failures', async () => {
  const { webhook, sim, log } = setup('safe');
  const push = sim.text('x');
  const u = new URL(push.url);
  u.searchParams.set('msg_signature', '0'.repeat(40));
  assert.equal((await webhook(new Request(u, { method: 'POST', body: push.body }))).status, 403);
  const noMsgSig = new URL(push.url);
  noMsgSig.searchParams.delete('msg_signature');
  assert.equal((await webhook(new Request(noMsgSig, { method: 'POST', body: push.body }))).status, 400);
  assert.equal((await webhook(new Request(push.url, { method: 'POST', body: '<xml><ToUserName>gh</ToUserName></xml>' }))).status, 400);
  const twice = push.body.replace('</xml>', '<Encrypt>abc</Encrypt></xml>');
  assert.equal((await webhook(new Request(push.url, { method: 'POST', body: twice }))).status, 400);
  // a validly signed but undecryptable Encrypt
  const bad = 'A'.repeat(64);
  const q = new URL(push.url);
  q.searchParams.set('msg_signature', computeSignature(token, q.searchParams.get('timestamp') ?? '', q.searchParams.get('nonce') ?? '', bad));
  assert.equal((await webhook(new Request(q, { method: 'POST', body: `<xml><Encrypt>${bad}</Encrypt></xml>` }))).status, 400);
  // encrypted for another appId
  const other = new MessageCrypto({ token, encodingAESKey, appId: 'wxOtherApp0000000' });
  const enc = other.encrypt(push.xml);
  q.searchParams.set('msg_signature', computeSignature(token, q.searchParams.get('timestamp') ?? '', q.searchParams.get('nonce') ?? '', enc));
  assert.equal((await webhook(new Request(q, { method: 'POST', body: `<xml><Encrypt>${enc}</Encrypt></xml>` }))).status, 400);
  const codes = log.codes();
  assert.deepEqual(codes.slice(0, 4), ['CRYPTO_SIGNATURE_INVALID', 'WEBHOOK_BAD_QUERY', 'CRYPTO_MISSING_ENCRYPT', 'CRYPTO_MISSING_ENCRYPT']);
  assert.ok(codes[4]?.startsWith('CRYPTO_'));
  assert.equal(codes[5], 'CRYPTO_APPID_MISMATCH');
});

test('an encrypted push to a plaintext-configured webhook → 400 INVALID_CONFIG', async () => {
  const { webhook, log } = setup('plaintext');
  const sim = createSimulator({ ...keys, now });
  assert.equal((await webhook(sim.text('x').request())).status, 400);
  assert.deepEqual(log.codes(), ['INVALID_CONFIG']);
});

test('WeCom-style encrypted echostr', async () => {
  const { webhook, sim, log } = setup('safe', { echostr: 'encrypted' });
  const res = await webhook(sim.verify('plain-echo-123', { encrypted: true }));
  assert.equal(res.status, 200);
  assert.equal(await res.text(), 'plain-echo-123');
  assert.equal((await webhook(sim.verify('x'))).status, 400, 'msg_signature required');
  const forged = new URL(sim.verify('x', { encrypted: true }).url);
  forged.searchParams.set('msg_signature', '1'.repeat(40));
  assert.equal((await webhook(new Request(forged))).status, 403);
  assert.deepEqual(log.codes(), ['WEBHOOK_BAD_QUERY', 'CRYPTO_SIGNATURE_INVALID']);
});

test('ctx carries the query facts, the request and the deadline', async () => {
  let ctx: WebhookContext | undefined;
  const { webhook, sim } = setup('safe', {
    handler: (_m, c) => {
      ctx = c;
    },
    deadlineMs: 1234,
  });
  const push = sim.text('x', { fromUserName: 'oUser42' });
  const req = push.request();
  await webhook(req);
  assert.ok(ctx);
  assert.equal(ctx.openId, 'oUser42');
  assert.equal(ctx.timestamp, push.query.timestamp);
  assert.equal(ctx.nonce, push.query.nonce);
  assert.equal(ctx.encrypted, true);
  assert.equal(ctx.request, req);
  assert.equal(ctx.deadline - ctx.receivedAt, 1234);
  assert.equal(ctx.dedupeKey, dedupeKey(push.xml));
  assert.match(ctx.dedupeKey ?? '', /^[A-Za-z0-9_-]{43}$/);
});

test('handler results: success, empty, nothing, a string, an invalid reply', async () => {
  const results: unknown[] = ['success', '', undefined, null, 'hello', { msgType: 'text', content: '   ' }, { msgType: 'nope' }];
  let i = 0;
  const { webhook, sim, log } = setup('safe', { handler: () => results[i++] as never, dedupe: false });
  const bodies: string[] = [];
  for (let k = 0; k < results.length; k++) {
    const res = await webhook(sim.text('x').request());
    assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8');
    bodies.push(await res.text());
  }
  assert.deepEqual(bodies, ['success', '', 'success', 'success', 'success', 'success', 'success']);
  assert.deepEqual(log.codes(), ['REPLY_INVALID', 'REPLY_EMPTY_CONTENT', 'REPLY_INVALID']);
});

test('a throwing handler answers success; onError gets a redacted WEBHOOK_HANDLER_FAILED', async () => {
  const { webhook, sim, log } = setup('safe', {
    handler: (m) => {
      if (m.msgType === 'text' && m.content === 'sync') throw new Error(`boom with ${token} and ${encodingAESKey}`);
      return Promise.reject(new TypeError(`async boom ${token}`));
    },
  });
  for (const text of ['sync', 'async']) {
    const res = await webhook(sim.text(text).request());
    assert.equal(await res.text(), 'success');
  }
  assert.deepEqual(log.codes(), ['WEBHOOK_HANDLER_FAILED', 'WEBHOOK_HANDLER_FAILED']);
  for (const e of log.errors) {
    const dump = JSON.stringify(e) + String(e.stack) + String((e as { cause?: { message?: string } }).cause?.message);
    assert.ok(!dump.includes(token) && !dump.includes(encodingAESKey), dump);
    assert.ok(e.message.includes('boom'));
  }
  assert.ok(log.contexts[0]?.message, 'the message is in the error context');
});

test('fallbackReply "" answers an empty body on failure', async () => {
  const { webhook, sim } = setup('plaintext', {
    fallbackReply: '',
    handler: () => {
      throw new Error('x');
    },
  });
  const res = await webhook(sim.text('x').request());
  assert.equal(res.status, 200);
  assert.equal(await res.text(), '');
});

test('a throwing onError does not change the answer', async () => {
  const webhook = createWebhook({
    token,
    now,
    handler: () => {
      throw new Error('x');
    },
    onError: () => {
      throw new Error('logger down');
    },
  });
  const sim = createSimulator({ token, now });
  assert.equal(await (await webhook(sim.text('x').request())).text(), 'success');
  assert.equal((await webhook(new Request('http://x/', { method: 'PUT' }))).status, 405);
});

test('the "success" answer in safe mode is plaintext, not encrypted', async () => {
  const { webhook, sim } = setup('safe', { handler: () => 'success' });
  const out = await sim.readReply(await webhook(sim.click('K').request()));
  assert.deepEqual(out, { kind: 'success' });
});

test('configuration is validated', () => {
  const h = () => undefined;
  throwsCode(() => createWebhook(null as never), 'INVALID_CONFIG');
  throwsCode(() => createWebhook({ token: '', handler: h }), 'INVALID_CONFIG');
  throwsCode(() => createWebhook({ token: 'ab', handler: h }), 'INVALID_CONFIG');
  throwsCode(() => createWebhook({ token: 'x'.repeat(33), handler: h }), 'INVALID_CONFIG');
  throwsCode(() => createWebhook({ token, handler: 1 as never }), 'INVALID_CONFIG');
  throwsCode(() => createWebhook({ token, encodingAESKey, handler: h }), 'INVALID_CONFIG');
  throwsCode(() => createWebhook({ token, appId, handler: h }), 'INVALID_CONFIG');
  throwsCode(() => createWebhook({ token, handler: h, mode: 'safe' }), 'INVALID_CONFIG');
  throwsCode(() => createWebhook({ token, handler: h, mode: 'compatible' }), 'INVALID_CONFIG');
  throwsCode(() => createWebhook({ ...keys, handler: h, mode: 'plaintext' }), 'INVALID_CONFIG');
  throwsCode(() => createWebhook({ ...keys, handler: h, mode: 'weird' as never }), 'INVALID_CONFIG');
  throwsCode(() => createWebhook({ token, handler: h, echostr: 'encrypted' }), 'INVALID_CONFIG');
  throwsCode(() => createWebhook({ ...keys, handler: h, echostr: 'x' as never }), 'INVALID_CONFIG');
  throwsCode(() => createWebhook({ token, handler: h, dedupe: {} as never }), 'INVALID_CONFIG');
  throwsCode(() => createWebhook({ token, handler: h, deadlineMs: 0 }), 'INVALID_CONFIG');
  throwsCode(() => createWebhook({ token, handler: h, maxBodyBytes: Number.NaN }), 'INVALID_CONFIG');
  throwsCode(() => createWebhook({ token, handler: h, timestampWindowSeconds: -1 }), 'INVALID_CONFIG');
  throwsCode(() => createWebhook({ token, handler: h, xmlLimits: { maxDepth: 0 } }), 'INVALID_CONFIG');
  throwsCode(() => createWebhook({ token, handler: h, xmlLimits: 'big' as never }), 'INVALID_CONFIG');
  throwsCode(() => createWebhook({ token, handler: h, fallbackReply: 'ok' as never }), 'INVALID_CONFIG');
  throwsCode(() => createWebhook({ ...keys, encodingAESKey: 'short', handler: h }), 'INVALID_CONFIG');
  assert.equal(typeof createWebhook({ ...keys, handler: h }), 'function');
});
