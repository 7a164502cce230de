// Memory per request is the body cap plus a small constant, whatever the chunk framing: 262 144
// one-byte chunks must not become 262 144 retained objects (issue: 60 MB of heap per request).
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { Buffer } from 'node:buffer';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { readRequestBody } from '../../src/server/body.js';
import { createWebhook } from '../../src/server/webhook.js';
import { toNodeListener } from '../../src/server/node.js';
import { createSimulator, type SimulatedPush } from '../../src/testing/simulator.js';
import { now, raw, serve, token } from './_kit.js';

const CHUNKS = 262_144;
const MB = 1024 * 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function retained(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A push whose body is exactly `bytes` long (the text content pads it). */
function padded(sim: ReturnType<typeof createSimulator>, bytes: number): SimulatedPush {
  const base = Buffer.byteLength(sim.text('a').body);
  const push = sim.text('a'.repeat(bytes - base + 1));
  assert.equal(Buffer.byteLength(push.body), bytes);
  return push;
}

/** The head and the chunked body of `body`, one byte per chunk (6 bytes on the wire per byte). */
function oneByteChunks(path: string, body: string, end = true): { head: string; chunks: Buffer } {
  const bytes = Buffer.from(body);
  const out = Buffer.alloc(bytes.length * 6 + (end ? 5 : 0));
  let o = 0;
  for (const b of bytes) {
    out.write('1\r\n', o, 'latin1');
    out[o + 3] = b;
    out.write('\r\n', o + 4, 'latin1');
    o += 6;
  }
  if (end) out.write('0\r\n\r\n', o, 'latin1');
  return { head: `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`, chunks: out };
}

test('Web path: a body of 262 144 one-byte chunks retains a few MB at most while it is read', { timeout: 120_000 }, async () => {
  let pulled = 0;
  let release!: () => void;
  const stalled = new Promise<void>((resolve) => {
    release = resolve;
  });
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(c) {
        if (pulled === CHUNKS - 1) {
          await stalled;
          c.enqueue(new Uint8Array([0x20]));
          return c.close();
        }
        pulled++;
        c.enqueue(new Uint8Array([0x20]));
      },
    },
    { highWaterMark: 0 },
  );
  const before = retained();
  const reading = readRequestBody(body, { maxBytes: CHUNKS, timeoutMs: 120_000 });
  while (pulled < CHUNKS - 1) await settle();
  const during = retained() - before;
  release();
  const bytes = await reading;
  assert.equal(bytes.length, CHUNKS);
  assert.ok(during < 8 * MB, `retained ${(during / MB).toFixed(1)} MB while reading`);
});

test('node adapter: a body of 262 144 one-byte chunks retains a few MB at most while it is read', { timeout: 120_000 }, async () => {
  let received = 0;
  const listener = toNodeListener(createWebhook({ token, now, handler: () => 'success', bodyTimeoutMs: 120_000, deadlineMs: 120_000 }));
  const srv = await serve((req, res) => {
    listener(req, res);
    req.on('data', (c: Buffer) => {
      received += c.length;
    });
  });
  try {
    const sim = createSimulator({ token, now, url: srv.url });
    const push = padded(sim, CHUNKS);
    const u = new URL(push.url);
    const { head, chunks } = oneByteChunks(u.pathname + u.search, push.body, false);
    const before = retained();
    let finish!: (b: string) => void;
    const answer = raw(srv.port, head, (write) => {
      write(chunks.subarray(0, chunks.length - 6)); // all but the last byte
      finish = (b) => void write(b);
    });
    while (received < CHUNKS - 1) await settle();
    const during = retained() - before;
    finish(`1\r\n${String.fromCharCode(chunks[chunks.length - 3] as number)}\r\n0\r\n\r\n`);
    assert.match(await answer, /^HTTP\/1\.1 200 [\s\S]*\r\n\r\nsuccess$/);
    assert.ok(during < 8 * MB, `retained ${(during / MB).toFixed(1)} MB while reading`);
  } finally {
    await srv.close();
  }
});

test('a server with a 96 MB heap survives 6 concurrent bodies of 262 144 one-byte chunks and keeps answering', { timeout: 300_000 }, async (t) => {
  const child = fork(fileURLToPath(new URL('./_heap-server.js', import.meta.url)), [], {
    execArgv: ['--max-old-space-size=96'],
    env: { ...process.env, WXMP_HEAP_CHILD: '1', WXMP_HEAP_TOKEN: token, NODE_OPTIONS: '' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const next = <T>(): Promise<T> => new Promise((resolve) => child.once('message', (m) => resolve(m as T)));
  try {
    const { port } = await next<{ port: number }>();
    const sim = createSimulator({ token, url: `http://127.0.0.1:${port}/wechat` });
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => {
        const push = padded(sim, CHUNKS);
        const u = new URL(push.url);
        const { head, chunks } = oneByteChunks(u.pathname + u.search, push.body);
        return raw(port, head, (write) => void write(chunks));
      }),
    );
    for (const a of answers) assert.match(a, /^HTTP\/1\.1 200 [\s\S]*\r\n\r\nsuccess$/, a.slice(0, 200));
    const after = await fetch(sim.text('still alive?').request());
    assert.equal(after.status, 200);
    assert.equal(await after.text(), 'success');
    assert.equal(child.exitCode, null, 'the server process is alive');
    child.send('peak');
    const { peak } = await next<{ peak: number }>();
    t.diagnostic(`peak heap of the server: ${(peak / MB).toFixed(1)} MB (6 × ${CHUNKS} one-byte chunks)`);
    assert.ok(peak < 96 * MB);
  } finally {
    if (child.connected) child.send('exit');
    else child.kill();
    await exited;
  }
});
