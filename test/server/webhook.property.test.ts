// Property: whatever arrives, the webhook answers a known status, never throws, and reports only WxmpErrors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { WxmpError } from '../../src/errors.js';
import { createWebhook } from '../../src/server/webhook.js';
import { createSimulator } from '../../src/testing/simulator.js';
import { keys, now } from './_kit.js';

const STATUSES = new Set([200, 400, 403, 405, 408, 413, 415]);

test('hostile requests: known statuses only, only WxmpError to onError, nothing thrown', async () => {
  const reported: unknown[] = [];
  const webhook = createWebhook({
    ...keys,
    mode: 'compatible',
    now,
    handler: (m) => ({ msgType: 'text', content: m.msgType }),
    onError: (e) => reported.push(e),
  });
  const sim = createSimulator({ ...keys, mode: 'compatible', now });
  const valid = sim.text('seed');
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom('GET', 'POST', 'PUT'),
      fc.oneof(fc.constant(new URL(valid.url).search.slice(1)), fc.string({ maxLength: 200 }), fc.webQueryParameters()),
      fc.oneof(
        fc.constant(valid.body),
        fc.string({ maxLength: 500 }),
        fc.integer({ min: 0, max: valid.body.length }).chain((cut) => fc.constant(valid.body.slice(0, cut))),
        fc
          .tuple(fc.integer({ min: 0, max: valid.body.length - 1 }), fc.string({ minLength: 1, maxLength: 3 }))
          .map(([i, s]) => valid.body.slice(0, i) + s + valid.body.slice(i + 1)),
      ),
      async (method, query, body) => {
        const init: RequestInit = { method };
        if (method !== 'GET') init.body = body;
        const res = await webhook(new Request(`http://127.0.0.1/wechat?${query}`, init));
        assert.ok(STATUSES.has(res.status), `status ${res.status}`);
        await res.text();
      },
    ),
    { numRuns: 300 },
  );
  assert.ok(reported.length > 0);
  for (const e of reported) assert.ok(e instanceof WxmpError);
});

test('a body in many small chunks is reassembled', async () => {
  const webhook = createWebhook({ ...keys, now, handler: (m) => ({ msgType: 'text', content: m.msgType === 'text' ? m.content : '' }) });
  const sim = createSimulator({ ...keys, now });
  const push = sim.text('多段 chunks');
  const bytes = new TextEncoder().encode(push.body);
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      if (i >= bytes.length) return c.close();
      c.enqueue(bytes.slice(i, i + 7)); // splits multi-byte characters too
      i += 7;
    },
  });
  const res = await webhook(new Request(push.url, { method: 'POST', body, duplex: 'half' } as RequestInit));
  const out = await sim.readReply(res, push);
  assert.ok(out.kind === 'reply' && out.reply.msgType === 'text' && out.reply.content === '多段 chunks');
});
