// The transport-neutral seam: the pipeline behind a webhook (`webhook.handle`, createPipeline)
// driven with a hand-made WebhookIncoming, as any transport adapter would.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveWebhookOptions } from '../../src/server/options.js';
import { createPipeline } from '../../src/server/pipeline.js';
import type { WebhookIncoming } from '../../src/server/types.js';
import { createWebhook } from '../../src/server/webhook.js';
import { createSimulator } from '../../src/testing/simulator.js';
import { collector, keys, now, token } from './_kit.js';

/** An incoming request over no transport at all; `reads` records what the pipeline asked for. */
function incoming(url: string, method: string, body = '', headers: Record<string, string> = {}) {
  const reads: { maxBytes: number; timeoutMs: number; expectedBytes: number | undefined }[] = [];
  let discarded = 0;
  const request: WebhookIncoming = {
    method,
    query: new URL(url).search.slice(1),
    path: () => new URL(url).pathname,
    header: (name) => headers[name] ?? null,
    read: async (maxBytes, timeoutMs, expectedBytes) => {
      reads.push({ maxBytes, timeoutMs, expectedBytes });
      return body;
    },
    discard: () => void discarded++,
    request: () => new Request(url, { method }),
    receivedAt: Date.now(),
  };
  return { request, reads, discarded: () => discarded };
}

test('webhook.handle is the pipeline: verification and an encrypted push without Request or Response', async () => {
  const webhook = createWebhook({
    ...keys,
    now,
    maxBodyBytes: 4096,
    handler: (m) => (m.msgType === 'text' ? { msgType: 'text', content: `echo: ${m.content}` } : undefined),
  });
  const sim = createSimulator({ ...keys, now });
  const verify = await webhook.handle(incoming(sim.verify('12345').url, 'GET').request);
  assert.deepEqual(verify, { status: 200, body: '12345', xml: false });
  const push = sim.text('你好');
  const post = incoming(push.url, 'POST', push.body, { 'content-length': String(push.body.length) });
  const out = await webhook.handle(post.request);
  assert.equal(out.status, 200);
  assert.equal(out.xml, true);
  assert.equal(post.reads.length, 1);
  assert.equal(post.reads[0]?.maxBytes, 4096, 'the webhook cap is passed to the transport');
  assert.equal(post.reads[0]?.expectedBytes, push.body.length);
  const reply = await sim.readReply(new Response(out.body), push);
  assert.ok(reply.kind === 'reply' && reply.reply.msgType === 'text' && reply.reply.content === 'echo: 你好');
});

test('a refusal before reading discards the body and never calls read()', async () => {
  const log = collector();
  const core = createPipeline(resolveWebhookOptions({ token, now, handler: () => 'success', onError: log.onError }));
  const sim = createSimulator({ token: 'anotherToken9', now });
  const push = sim.text('forged');
  const req = incoming(push.url, 'POST', push.body);
  assert.deepEqual(await core(req.request), { status: 403, body: 'Forbidden', xml: false, close: false });
  assert.equal(req.reads.length, 0);
  assert.equal(req.discarded(), 1);
  assert.deepEqual(log.codes(), ['WEBHOOK_SIGNATURE_INVALID']);
});

test('the core never rejects: a transport that throws something else is a 500 WEBHOOK_INTERNAL_ERROR', async () => {
  const log = collector();
  const core = createPipeline(resolveWebhookOptions({ token, now, handler: () => 'success', onError: log.onError }));
  const push = createSimulator({ token, now }).text('x');
  const broken: WebhookIncoming = { ...incoming(push.url, 'POST').request, read: () => Promise.reject(new TypeError('socket gone')) };
  assert.deepEqual(await core(broken), { status: 500, body: 'Internal Server Error', xml: false, close: false });
  assert.deepEqual(log.codes(), ['WEBHOOK_INTERNAL_ERROR']);
});
