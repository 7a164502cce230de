// The Web adapter: a Request as the pipeline sees it, and the answer as a Response.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromRequest, toWebhook } from '../../src/server/web.js';
import { rejectsCode } from '../helpers.js';

test('fromRequest: the query without ? and #fragment, headers, and a body read under the caps', async () => {
  const req = new Request('http://h/wechat?signature=s&nonce=n#frag', { method: 'POST', body: 'x'.repeat(10), headers: { 'X-A': 'b' } });
  const incoming = fromRequest(req, { waitUntil: () => {} });
  assert.equal(incoming.method, 'POST');
  assert.equal(incoming.query, 'signature=s&nonce=n');
  assert.equal(incoming.header('x-a'), 'b');
  assert.equal(incoming.request(), req);
  assert.equal(typeof incoming.platform?.waitUntil, 'function');
  assert.equal(fromRequest(new Request('http://h/wechat')).query, '');
  assert.equal((await incoming.read(10, 1000)).length, 10, 'exactly the cap passes');
  await rejectsCode(fromRequest(new Request('http://h/', { method: 'POST', body: 'x'.repeat(11) })).read(10, 1000), 'WEBHOOK_BODY_TOO_LARGE');
});

test('discard() cancels an unread body (and leaves a read or absent one alone)', async () => {
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    pull: () => new Promise<void>(() => {}),
    cancel: () => {
      cancelled = true;
    },
  });
  fromRequest(new Request('http://h/', { method: 'POST', body, duplex: 'half' } as RequestInit)).discard();
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(cancelled, true);
  fromRequest(new Request('http://h/')).discard(); // no body: nothing to do
});

test('toWebhook: the answer becomes a Response with its headers; the core is exposed as handle', async () => {
  const core = async () => ({ status: 405, body: 'Method Not Allowed', xml: false });
  const webhook = toWebhook(core);
  assert.equal(webhook.handle, core);
  const res = await webhook(new Request('http://h/', { method: 'PUT' }));
  assert.equal(res.status, 405);
  assert.equal(res.headers.get('allow'), 'GET, POST');
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(await res.text(), 'Method Not Allowed');
});
