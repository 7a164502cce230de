// End-to-end over real node:http servers on 127.0.0.1.
import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { test } from 'node:test';
import { createWebhook } from '../../src/server/webhook.js';
import type { WebhookContext, WebhookOptions } from '../../src/server/types.js';
import { toNodeListener } from '../../src/server/node.js';
import { createSimulator, type SimulatorMode } from '../../src/testing/simulator.js';
import { collector, keys, now, raw, serve, token } from './_kit.js';

const echo: WebhookOptions['handler'] = (m) => (m.msgType === 'text' ? { msgType: 'text', content: `echo: ${m.content}` } : undefined);

for (const mode of ['plaintext', 'compatible', 'safe'] as const satisfies readonly SimulatorMode[]) {
  test(`${mode}: verification and a push over node:http`, async () => {
    const crypto = mode === 'plaintext' ? { token } : keys;
    const srv = await serve(toNodeListener(createWebhook({ ...crypto, mode, now, handler: echo })));
    try {
      const sim = createSimulator({ ...crypto, mode, now, url: srv.url });
      const v = await fetch(sim.verify('9876543210'));
      assert.equal(v.status, 200);
      assert.equal(v.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(await v.text(), '9876543210');
      const push = sim.text('你好');
      const out = await sim.readReply(await fetch(push.request()), push);
      assert.ok(out.kind === 'reply' && out.reply.msgType === 'text');
      assert.equal(out.reply.msgType === 'text' && out.reply.content, 'echo: 你好');
      assert.equal(out.encrypted, mode !== 'plaintext');
      const ev = sim.subscribe('123');
      assert.deepEqual(await sim.readReply(await fetch(ev.request()), ev), { kind: 'success' });
    } finally {
      await srv.close();
    }
  });
}

test('node: retries (sequential and concurrent) run the handler once and get identical replies', async () => {
  let calls = 0;
  const srv = await serve(
    toNodeListener(
      createWebhook({
        ...keys,
        now,
        handler: async () => {
          calls++;
          await new Promise((r) => setTimeout(r, 20));
          return { msgType: 'text', content: 'once' };
        },
      }),
    ),
  );
  try {
    const sim = createSimulator({ ...keys, now, url: srv.url });
    const push = sim.text('x');
    const concurrent = await Promise.all([1, 2, 3].map(async () => (await fetch(push.request())).text()));
    const sequential = [];
    for (let i = 0; i < 3; i++) sequential.push(await (await fetch(push.request())).text());
    assert.equal(calls, 1);
    assert.equal(new Set([...concurrent, ...sequential]).size, 1);
  } finally {
    await srv.close();
  }
});

test('node: wrong method → 405, bad signature → 403 without reflecting echostr, safe mode rejects plaintext', async () => {
  const log = collector();
  const srv = await serve(toNodeListener(createWebhook({ ...keys, now, handler: echo, onError: log.onError })));
  try {
    const r1 = await fetch(srv.url, { method: 'PUT', body: 'x' });
    assert.equal(r1.status, 405);
    assert.equal(r1.headers.get('allow'), 'GET, POST');
    const sim = createSimulator({ ...keys, now, url: srv.url });
    const u = new URL(sim.verify('<img src=x onerror=alert(1)>').url);
    u.searchParams.set('signature', 'e'.repeat(40));
    const r2 = await fetch(u);
    assert.equal(r2.status, 403);
    assert.ok(!(await r2.text()).includes('onerror'));
    const r3 = await fetch(sim.text('x', { mode: 'plaintext' }).request());
    assert.equal(r3.status, 403);
    assert.deepEqual(log.codes(), ['WEBHOOK_METHOD_NOT_ALLOWED', 'WEBHOOK_SIGNATURE_INVALID', 'WEBHOOK_PLAINTEXT_REJECTED']);
  } finally {
    await srv.close();
  }
});

test('node: a 10 MB Content-Length → 413 at once, without reading the body', async () => {
  const log = collector();
  const srv = await serve(toNodeListener(createWebhook({ token, now, handler: echo, onError: log.onError })));
  try {
    const sim = createSimulator({ token, now, url: srv.url });
    const path = new URL(sim.text('x').url);
    const answer = await raw(
      srv.port,
      `POST ${path.pathname}${path.search} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\nContent-Length: ${10 * 1024 * 1024}\r\n\r\n<xml>`,
    );
    assert.match(answer, /^HTTP\/1\.1 413 /);
    assert.match(answer, /connection: close/i);
    assert.deepEqual(log.codes(), ['WEBHOOK_BODY_TOO_LARGE']);
  } finally {
    await srv.close();
  }
});

test('node: a 10 MB chunked body without a length → 413 after the cap', async () => {
  const log = collector();
  const srv = await serve(toNodeListener(createWebhook({ token, now, handler: echo, onError: log.onError, maxBodyBytes: 64 * 1024 })));
  try {
    const sim = createSimulator({ token, now, url: srv.url });
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(sim.text('x').url, { method: 'POST', headers: { 'content-type': 'text/xml' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(16 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < 10 * 1024 * 1024 && !req.destroyed) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    assert.equal(status, 413);
    assert.deepEqual(log.codes(), ['WEBHOOK_BODY_TOO_LARGE']);
  } finally {
    await srv.close();
  }
});

test('node: a slow-drip body is aborted at the read deadline → 408', async () => {
  const log = collector();
  const srv = await serve(toNodeListener(createWebhook({ token, now, handler: echo, onError: log.onError, bodyTimeoutMs: 100 })));
  try {
    const sim = createSimulator({ token, now, url: srv.url });
    const path = new URL(sim.text('x').url);
    let timer: ReturnType<typeof setInterval> | undefined;
    const answer = await raw(srv.port, `POST ${path.pathname}${path.search} HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n<`, (write) => {
      timer = setInterval(() => {
        if (!write(' ')) clearInterval(timer);
      }, 20);
    });
    clearInterval(timer);
    assert.match(answer, /^HTTP\/1\.1 408 /);
    assert.deepEqual(log.codes(), ['WEBHOOK_BODY_TIMEOUT']);
  } finally {
    await srv.close();
  }
});

test("node: toNodeListener's maxBodyBytes is honoured for a createWebhook webhook (boundary pair, declared and chunked)", async () => {
  const sim = createSimulator({ token, now });
  const push = sim.text('a push of a known size');
  const size = new TextEncoder().encode(push.body).length;
  for (const [cap, status] of [
    [size, 200],
    [size - 1, 413],
  ] as const) {
    const log = collector();
    const srv = await serve(toNodeListener(createWebhook({ token, now, handler: echo, onError: log.onError }), { maxBodyBytes: cap }));
    try {
      const url = push.url.replace(/^http:\/\/[^/]+\/[^?]*/, srv.url);
      const declared = await fetch(url, { method: 'POST', body: push.body });
      assert.equal(declared.status, status, `Content-Length ${size}, cap ${cap}`);
      const chunked = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(url, { method: 'POST' }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end(push.body); // no Content-Length: chunked
      });
      assert.equal(chunked, status, `chunked ${size}, cap ${cap}`);
      assert.deepEqual(log.codes(), status === 200 ? [] : ['WEBHOOK_BODY_TOO_LARGE', 'WEBHOOK_BODY_TOO_LARGE']);
    } finally {
      await srv.close();
    }
  }
});

test("node: toNodeListener's bodyTimeoutMs is honoured for a createWebhook webhook; bad limits are INVALID_CONFIG", async () => {
  const log = collector();
  const webhook = createWebhook({ token, now, handler: echo, onError: log.onError, bodyTimeoutMs: 600_000 });
  const srv = await serve(toNodeListener(webhook, { bodyTimeoutMs: 100 }));
  try {
    const path = new URL(createSimulator({ token, now, url: srv.url }).text('x').url);
    const answer = await raw(srv.port, `POST ${path.pathname}${path.search} HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n<`);
    assert.match(answer, /^HTTP\/1\.1 408 /);
    assert.deepEqual(log.codes(), ['WEBHOOK_BODY_TIMEOUT']);
  } finally {
    await srv.close();
  }
  for (const bad of [0, -1, Number.NaN, Infinity]) {
    assert.throws(
      () => toNodeListener(webhook, { maxBodyBytes: bad }),
      (e: unknown) => e instanceof Error && /INVALID_CONFIG: maxBodyBytes/.test(e.message),
    );
    assert.throws(
      () => toNodeListener(webhook, { bodyTimeoutMs: bad }),
      (e: unknown) => e instanceof Error && /INVALID_CONFIG: bodyTimeoutMs/.test(e.message),
    );
  }
});

test('node: DOCTYPE body → 400', async () => {
  const log = collector();
  const srv = await serve(toNodeListener(createWebhook({ token, now, handler: echo, onError: log.onError })));
  try {
    const sim = createSimulator({ token, now, url: srv.url });
    const res = await fetch(sim.text('x').url, { method: 'POST', body: '<!DOCTYPE x [<!ENTITY a "b">]><xml>&a;</xml>' });
    assert.equal(res.status, 400);
    assert.deepEqual(log.codes(), ['XML_DOCTYPE_FORBIDDEN']);
  } finally {
    await srv.close();
  }
});

test('node: a body already read by a body parser (string, Buffer, rawBody) is used', async () => {
  const sim = createSimulator({ ...keys, now });
  const listener = toNodeListener(createWebhook({ ...keys, now, handler: echo, dedupe: false }));
  for (const kind of ['string', 'buffer', 'rawBody', 'emptyObjectUnread'] as const) {
    const srv = await serve((req, res) => {
      if (kind === 'emptyObjectUnread') {
        (req as IncomingMessage & { body?: unknown }).body = {}; // express.json() on a non-JSON type
        return listener(req, res);
      }
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const buf = Buffer.concat(chunks);
        const r = req as IncomingMessage & { body?: unknown; rawBody?: unknown };
        if (kind === 'string') r.body = buf.toString('utf8');
        else if (kind === 'buffer') r.body = buf;
        else {
          r.rawBody = buf;
          r.body = { parsed: true };
        }
        listener(req, res);
      });
    });
    try {
      const push = createSimulator({ ...keys, now, url: srv.url }).text(kind);
      const out = await sim.readReply(await fetch(push.request()), push);
      assert.ok(out.kind === 'reply' && out.reply.msgType === 'text' && out.reply.content === `echo: ${kind}`, kind);
    } finally {
      await srv.close();
    }
  }
});

test('node: a body parsed into an object cannot be verified → 400 with an explanation', async () => {
  const log = collector();
  const listener = toNodeListener(createWebhook({ token, now, handler: echo, onError: log.onError }));
  const srv = await serve((req, res) => {
    req.resume();
    req.on('end', () => {
      (req as IncomingMessage & { body?: unknown }).body = { xml: { ToUserName: 'gh' } };
      listener(req, res);
    });
  });
  try {
    const sim = createSimulator({ token, now, url: srv.url });
    const res = await fetch(sim.text('x').request());
    assert.equal(res.status, 400);
    assert.deepEqual(log.codes(), ['WEBHOOK_BODY_READ_FAILED']);
    assert.match(log.errors[0]?.message ?? '', /before body parsers/);
  } finally {
    await srv.close();
  }
});

test('node: ctx.request is built lazily with the URL, headers and body', async () => {
  let seen: { url: string; ua: string | null; body: string } | undefined;
  const srv = await serve(
    toNodeListener(
      createWebhook({
        token,
        now,
        handler: async (_m, ctx: WebhookContext) => {
          seen = { url: ctx.request.url, ua: ctx.request.headers.get('x-test'), body: await ctx.request.text() };
        },
      }),
    ),
  );
  try {
    const sim = createSimulator({ token, now, url: srv.url });
    const push = sim.text('lazy');
    await fetch(push.request({ headers: { 'x-test': 'yes' } }));
    assert.equal(seen?.url, push.url);
    assert.equal(seen?.ua, 'yes');
    assert.equal(seen?.body, push.body);
  } finally {
    await srv.close();
  }
});

test('node: a generic Request → Response function works through toNodeListener', async () => {
  const srv = await serve(
    toNodeListener(async (request) => new Response(`${request.method} ${await request.text()}`, { status: 201, headers: { 'x-a': 'b' } }), {
      maxBodyBytes: 10,
    }),
  );
  try {
    const ok = await fetch(srv.url, { method: 'POST', body: 'hello' });
    assert.equal(ok.status, 201);
    assert.equal(ok.headers.get('x-a'), 'b');
    assert.equal(await ok.text(), 'POST hello');
    assert.equal(await (await fetch(srv.url)).text(), 'GET ');
    assert.equal((await fetch(srv.url, { method: 'POST', body: 'x'.repeat(11) })).status, 413);
  } finally {
    await srv.close();
  }
  const failing = await serve(toNodeListener(() => Promise.reject(new Error('bug'))));
  try {
    assert.equal((await fetch(failing.url)).status, 500);
  } finally {
    await failing.close();
  }
});

test('node: a response already sent by someone else is left alone', async () => {
  const listener = toNodeListener(createWebhook({ token, now, handler: echo }));
  const srv = await serve((req: IncomingMessage, res: ServerResponse) => {
    res.end('first');
    listener(req, res);
  });
  try {
    assert.equal(await (await fetch(`${srv.url}?x=1`, { method: 'PUT' })).text(), 'first');
  } finally {
    await srv.close();
  }
});

test('node: a client that disconnects mid-body is reported as WEBHOOK_BODY_READ_FAILED', async () => {
  const log = collector();
  let reported!: () => void;
  const seen = new Promise<void>((resolve) => {
    reported = resolve;
  });
  const srv = await serve(
    toNodeListener(
      createWebhook({
        token,
        now,
        handler: echo,
        onError: (e, c) => {
          log.onError(e, c);
          reported();
        },
      }),
    ),
  );
  try {
    const sim = createSimulator({ token, now, url: srv.url });
    const path = new URL(sim.text('x').url);
    const socket = connect(srv.port, '127.0.0.1');
    socket.write(`POST ${path.pathname}${path.search} HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n<xml>`);
    setTimeout(() => socket.destroy(), 20);
    await seen;
    assert.deepEqual(log.codes(), ['WEBHOOK_BODY_READ_FAILED']);
  } finally {
    await srv.close();
  }
});
