// Authenticate before reading: every refusal that needs no body is answered before a byte of it is
// read, over a real node:http server; the malformed and the well-formed body get the same answer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeSignature } from '../../src/signature.js';
import { parseXml } from '../../src/xml/index.js';
import { createWebhook } from '../../src/server/webhook.js';
import type { WebhookOptions } from '../../src/server/types.js';
import { toNodeListener } from '../../src/server/node.js';
import { MAX_QUERY_LENGTH } from '../../src/server/query.js';
import { createSimulator } from '../../src/testing/simulator.js';
import { collector, keys, NOW, now, raw, serve, token } from './_kit.js';

// The body deadline is far away: a server that waited for the body would hang, not answer.
const LONG = 600_000;

function query(url: string, edit: (q: URLSearchParams) => void): string {
  const u = new URL(url);
  edit(u.searchParams);
  return `${u.pathname}?${u.searchParams.toString()}`;
}

test('node: refusals that need no body are answered at once, while the announced body is never sent', { timeout: 120_000 }, async () => {
  const log = collector();
  let calls = 0;
  const srv = await serve(
    toNodeListener(
      createWebhook({
        ...keys,
        now,
        handler: () => {
          calls++;
        },
        onError: log.onError,
        bodyTimeoutMs: LONG,
        deadlineMs: LONG,
      }),
    ),
  );
  try {
    const sim = createSimulator({ ...keys, now, url: srv.url });
    const push = sim.text('x');
    const cases: [string, string, string, RegExp][] = [
      ['only msg_signature (no signature)', query(push.url, (q) => q.delete('signature')), 'WEBHOOK_BAD_QUERY', /^HTTP\/1\.1 400 /],
      ['a wrong signature', query(push.url, (q) => q.set('signature', 'f'.repeat(40))), 'WEBHOOK_SIGNATURE_INVALID', /^HTTP\/1\.1 403 /],
      [
        'a stale timestamp',
        new URL(createSimulator({ ...keys, now: () => NOW - 301 }).text('x').url).pathname +
          new URL(createSimulator({ ...keys, now: () => NOW - 301 }).text('x').url).search,
        'WEBHOOK_TIMESTAMP_EXPIRED',
        /^HTTP\/1\.1 403 /,
      ],
      ['a plaintext downgrade', query(sim.text('x', { mode: 'plaintext' }).url, () => {}), 'WEBHOOK_PLAINTEXT_REJECTED', /^HTTP\/1\.1 403 /],
      ['a query over the size limit', `${query(push.url, () => {})}&pad=${'a'.repeat(MAX_QUERY_LENGTH)}`, 'WEBHOOK_BAD_QUERY', /^HTTP\/1\.1 400 /],
      ['an encrypted push without msg_signature', query(push.url, (q) => q.delete('msg_signature')), 'WEBHOOK_BAD_QUERY', /^HTTP\/1\.1 400 /],
    ];
    for (const [name, path, code, status] of cases) {
      const before = log.errors.length;
      const answer = await raw(srv.port, `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\nContent-Length: 100000\r\n\r\n`);
      assert.match(answer, status, name);
      assert.match(answer, /connection: close/i, `${name}: the unread body is never drained`);
      assert.deepEqual(log.codes().slice(before), [code], name);
    }
    assert.equal(calls, 0);
  } finally {
    await srv.close();
  }
});

test('node: an unauthenticated push gets the same answer for a malformed and a well-formed body (nothing was parsed)', async () => {
  const log = collector();
  const srv = await serve(toNodeListener(createWebhook({ ...keys, now, handler: () => ({ msgType: 'text', content: 'no' }), onError: log.onError })));
  try {
    const sim = createSimulator({ ...keys, now, url: srv.url });
    const push = sim.text('genuine'); // a valid msg_signature over a valid <Encrypt>
    const url = `${srv.url.replace('/wechat', '')}${query(push.url, (q) => q.delete('signature'))}`;
    const answers: string[] = [];
    for (const body of [push.body, '<xml><a></b></xml>', '<!DOCTYPE x [<!ENTITY e "e">]><xml>&e;</xml>']) {
      const res = await fetch(url, { method: 'POST', body });
      answers.push(`${res.status} ${res.headers.get('content-type')} ${await res.text()}`);
    }
    assert.deepEqual(answers, Array(3).fill('400 text/plain; charset=utf-8 Bad Request'));
    assert.deepEqual(log.codes(), Array(3).fill('WEBHOOK_BAD_QUERY'), 'never XML_MISMATCHED_TAG or XML_DOCTYPE_FORBIDDEN');
    const ok = await fetch(push.request());
    assert.equal(ok.status, 200, 'the same push with its signature is answered');
  } finally {
    await srv.close();
  }
});

test('the query size limit is a boundary pair: 4096 characters pass, 4097 are refused', async () => {
  const log = collector();
  const webhook = createWebhook({ token, now, handler: () => undefined, onError: log.onError });
  const sim = createSimulator({ token, now });
  const push = sim.text('x');
  const base = new URL(push.url).search.slice(1);
  const padded = (n: number) => `${push.url}&pad=${'a'.repeat(n - base.length - '&pad='.length)}`;
  const at = padded(MAX_QUERY_LENGTH);
  assert.equal(new URL(at).search.length - 1, MAX_QUERY_LENGTH);
  assert.equal((await webhook(new Request(at, { method: 'POST', body: push.body }))).status, 200);
  assert.equal((await webhook(new Request(padded(MAX_QUERY_LENGTH + 1), { method: 'POST', body: push.body }))).status, 400);
  assert.deepEqual(log.codes(), ['WEBHOOK_BAD_QUERY']);
});

function wecom(extra: Partial<WebhookOptions> = {}) {
  const log = collector();
  let calls = 0;
  const webhook = createWebhook({
    ...keys,
    auth: 'msg_signature',
    now,
    onError: log.onError,
    handler: (m) => {
      calls++;
      return m.msgType === 'text' ? { msgType: 'text', content: `re: ${m.content}` } : undefined;
    },
    ...extra,
  });
  const sim = createSimulator({ ...keys, now });
  // WeCom sends only msg_signature, timestamp and nonce (no signature, no encrypt_type)
  const strip = (url: string) => {
    const u = new URL(url);
    u.searchParams.delete('signature');
    u.searchParams.delete('encrypt_type');
    u.searchParams.delete('openid');
    return u.href;
  };
  return { webhook, sim, log, strip, calls: () => calls };
}

test("auth 'msg_signature' (WeCom style): a push with only msg_signature is verified, decrypted and answered encrypted", async () => {
  const { webhook, sim, log, strip, calls } = wecom();
  const push = sim.text('hi');
  const res = await webhook(new Request(strip(push.url), { method: 'POST', body: push.body }));
  const out = await sim.readReply(res, push);
  assert.ok(out.kind === 'reply' && out.encrypted && out.reply.msgType === 'text' && out.reply.content === 're: hi');
  const v = await webhook(sim.verify('echo-42', { encrypted: true }));
  assert.equal(await v.text(), 'echo-42', "echostr defaults to 'encrypted'");
  assert.equal(calls(), 1);
  assert.deepEqual(log.codes(), []);
});

test("auth 'msg_signature': the body is not parsed before msg_signature verifies", async () => {
  const { webhook, sim, log, strip, calls } = wecom();
  const push = sim.text('x');
  const encrypt = /<Encrypt><!\[CDATA\[([^\]]+)\]\]><\/Encrypt>/.exec(push.body)?.[1] ?? '';
  const url = new URL(strip(push.url));
  const post = (body: string, u = url) => webhook(new Request(u, { method: 'POST', body }));
  // a valid <Encrypt> inside an envelope that is otherwise malformed: only <Encrypt> is looked at
  const malformed = `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt><a></b><c x="></xml>`;
  assert.throws(() => parseXml(malformed), /XML_/, 'the envelope is not even XML');
  const forged = new URL(url);
  forged.searchParams.set('msg_signature', '0'.repeat(40));
  assert.equal((await post(malformed, forged)).status, 403);
  assert.equal((await post(`<xml><Encrypt>${'A'.repeat(64)}</Encrypt><a></b></xml>`)).status, 403);
  assert.equal((await post('<xml><a></b></xml>')).status, 400);
  assert.equal((await post(malformed)).status, 200, 'with the right msg_signature the message is decrypted and parsed');
  assert.deepEqual(log.codes(), ['CRYPTO_SIGNATURE_INVALID', 'CRYPTO_SIGNATURE_INVALID', 'CRYPTO_MISSING_ENCRYPT']);
  assert.equal(calls(), 1);
});

test("auth 'msg_signature': missing msg_signature → 400 before reading; the body caps apply", async () => {
  const { webhook, sim, log, strip } = wecom({ maxBodyBytes: 2000 });
  const push = sim.text('x');
  const noSig = new URL(strip(push.url));
  noSig.searchParams.delete('msg_signature');
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      pulled++;
      c.enqueue(new Uint8Array(1000));
    },
  });
  assert.equal((await webhook(new Request(noSig, { method: 'POST', body, duplex: 'half' } as RequestInit))).status, 400);
  assert.equal(pulled, 0, 'not a byte read');
  const big = `<xml><Pad>${' '.repeat(2000)}</Pad>${push.body.slice(5)}`;
  assert.equal((await webhook(new Request(strip(push.url), { method: 'POST', body: big }))).status, 413);
  const stale = createSimulator({ ...keys, now: () => NOW + 301 }).text('x');
  assert.equal((await webhook(new Request(strip(stale.url), { method: 'POST', body: stale.body }))).status, 403);
  assert.deepEqual(log.codes(), ['WEBHOOK_BAD_QUERY', 'WEBHOOK_BODY_TOO_LARGE', 'WEBHOOK_TIMESTAMP_EXPIRED']);
  const signed = new URL(strip(push.url));
  signed.searchParams.set('signature', computeSignature(token, push.query.timestamp ?? '', push.query.nonce ?? ''));
  assert.equal((await webhook(new Request(signed, { method: 'POST', body: push.body }))).status, 200, 'a signature, when present, is checked too');
  signed.searchParams.set('signature', '1'.repeat(40));
  assert.equal((await webhook(new Request(signed, { method: 'POST', body: push.body }))).status, 403);
});

test("auth 'msg_signature' is an explicit, checked configuration", () => {
  const h = () => undefined;
  assert.throws(() => createWebhook({ token, auth: 'msg_signature', handler: h }), { code: 'INVALID_CONFIG' });
  assert.throws(() => createWebhook({ ...keys, mode: 'compatible', auth: 'msg_signature', handler: h }), { code: 'INVALID_CONFIG' });
  assert.throws(() => createWebhook({ ...keys, auth: 'msg_signature', echostr: 'plain', handler: h }), { code: 'INVALID_CONFIG' });
  assert.throws(() => createWebhook({ ...keys, auth: 'both' as never, handler: h }), { code: 'INVALID_CONFIG' });
  assert.equal(typeof createWebhook({ ...keys, auth: 'msg_signature', handler: h }), 'function');
});

test('the default (signature) setup never accepts a push authenticated by msg_signature alone', async () => {
  const log = collector();
  const webhook = createWebhook({ ...keys, now, handler: () => undefined, onError: log.onError });
  const sim = createSimulator({ ...keys, now });
  const push = sim.text('x');
  const u = new URL(push.url);
  u.searchParams.delete('signature');
  assert.equal((await webhook(new Request(u, { method: 'POST', body: push.body }))).status, 400);
  assert.deepEqual(log.codes(), ['WEBHOOK_BAD_QUERY']);
  assert.match(log.errors[0]?.message ?? '', /signature is missing/);
});
