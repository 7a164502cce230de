// toNodeListener for Web handlers: bytes are written unchanged, and a handler marked as reading
// its own body (token server, API proxy) gets the body as a stream over real node:http.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { test } from 'node:test';
import type { OwnBodyHandler } from '../../src/server/node-stream.js';
import { toNodeListener } from '../../src/server/node.js';
import { serve } from './_kit.js';

const own = (fn: (request: Request) => Promise<Response>): OwnBodyHandler => Object.assign(fn, { readsOwnBody: true as const });

function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1', () => sock.write(text));
    let data = '';
    sock.on('data', (d) => (data += d.toString('latin1')));
    sock.on('end', () => resolve(data));
    sock.on('error', reject);
  });
}

test('a generic handler: binary answers are written byte for byte with their length', async () => {
  const bytes = new Uint8Array(256).map((_, i) => i);
  const srv = await serve(toNodeListener(async () => new Response(bytes, { headers: { 'content-type': 'application/octet-stream' } })));
  try {
    const r = await fetch(srv.url);
    assert.equal(r.headers.get('content-length'), '256');
    assert.deepEqual(new Uint8Array(await r.arrayBuffer()), bytes);
  } finally {
    await srv.close();
  }
});

test('an own-body handler gets a large body as a stream (no 256 KiB pre-read cap) and its bytes arrive intact', async () => {
  const sizes: number[] = [];
  const srv = await serve(
    toNodeListener(
      own(async (request) => {
        const got = new Uint8Array(await request.arrayBuffer());
        sizes.push(got.byteLength);
        return new Response(got.subarray(0, 4), { status: 201 });
      }),
    ),
  );
  try {
    const body = new Uint8Array(1_000_000).map((_, i) => i & 0xff);
    const r = await fetch(srv.url, { method: 'POST', body });
    assert.equal(r.status, 201);
    assert.deepEqual(new Uint8Array(await r.arrayBuffer()), body.subarray(0, 4));
    assert.deepEqual(sizes, [1_000_000]);
    assert.equal((await fetch(srv.url)).status, 201, 'a GET has no body');
  } finally {
    await srv.close();
  }
});

test('an own-body handler that answers before reading (or stops early) closes the connection; its answer is still sent', async () => {
  const srv = await serve(
    toNodeListener(
      own(async (request) => {
        if (request.headers.get('x-read') === 'some') {
          const reader = (request.body as ReadableStream<Uint8Array>).getReader();
          await reader.read();
          await reader.cancel();
        }
        return new Response('refused', { status: 413 });
      }),
    ),
  );
  try {
    for (const read of ['none', 'some']) {
      const answer = await raw(srv.port, `POST /x HTTP/1.1\r\nHost: a\r\nx-read: ${read}\r\nContent-Length: 100000\r\n\r\n${'y'.repeat(1000)}`);
      assert.match(answer, /^HTTP\/1\.1 413/);
      assert.match(answer, /connection: close/i);
      assert.match(answer, /refused$/);
    }
  } finally {
    await srv.close();
  }
});

test('the path reaches the handler as sent (// stays a path), a malformed Host cannot change it; failures are 500/400', async () => {
  const seen: string[] = [];
  const srv = await serve(
    toNodeListener(
      own(async (request) => {
        seen.push(new URL(request.url).pathname);
        if (request.headers.get('x-fail')) throw new Error('bug');
        return new Response('ok');
      }),
    ),
  );
  try {
    await raw(srv.port, 'GET //cgi-bin/menu/get HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
    await raw(srv.port, 'GET /info HTTP/1.1\r\nHost: evil/cgi-bin/user\r\nConnection: close\r\n\r\n');
    assert.deepEqual(seen, ['//cgi-bin/menu/get', '/info']);
    assert.match(await raw(srv.port, 'GET / HTTP/1.1\r\nHost: a\r\nx-fail: 1\r\nConnection: close\r\n\r\n'), /^HTTP\/1\.1 500/);
    assert.match(await raw(srv.port, 'GET http://[bad/ HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n'), /^HTTP\/1\.1 400/);
  } finally {
    await srv.close();
  }
});

test('a client that disconnects mid-body: the handler sees a failed read, nothing crashes', async () => {
  let failed: unknown;
  const done = new Promise<void>((resolve) => {
    void serve(
      toNodeListener(
        own(async (request) => {
          try {
            await request.arrayBuffer();
          } catch (e) {
            failed = e;
          }
          resolve();
          return new Response('late');
        }),
      ),
    ).then((srv) => {
      const sock = connect(srv.port, '127.0.0.1', () => {
        sock.write('POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\n\r\nabc');
        setTimeout(() => sock.destroy(), 50);
      });
      void done.then(() => srv.close());
    });
  });
  await done;
  assert.ok(failed instanceof Error);
});

test("toNodeListener's body limits are refused for an own-body handler (they would be ignored): it sets its own", () => {
  const handler = own(async () => new Response('ok'));
  for (const options of [{ maxBodyBytes: 10 }, { bodyTimeoutMs: 10 }]) {
    assert.throws(
      () => toNodeListener(handler, options),
      (e: unknown) => e instanceof Error && /^INVALID_CONFIG: maxBodyBytes\/bodyTimeoutMs do not apply/.test(e.message),
    );
  }
  assert.equal(typeof toNodeListener(handler), 'function');
});
