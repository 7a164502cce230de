// A small HTTP/1.1 load generator on raw keep-alive sockets (127.0.0.1 only): `concurrency`
// connections, one request in flight on each, for a fixed duration. Parsing is minimal
// (status line, Content-Length or chunked) so the client costs far less CPU than the servers.
import { connect } from 'node:net';

const CRLF2 = Buffer.from('\r\n\r\n');

/** Byte length of a complete response at the start of `buf`, or -1 if incomplete. Sets `out.status`, `out.body`. */
function complete(buf, out) {
  const h = buf.indexOf(CRLF2);
  if (h < 0) return -1;
  const head = buf.toString('latin1', 0, h);
  out.status = Number(head.slice(9, 12));
  const cl = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  if (cl) {
    const end = h + 4 + Number(cl[1]);
    if (buf.length < end) return -1;
    out.body = buf.subarray(h + 4, end);
    return end;
  }
  if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
    let p = h + 4;
    const parts = [];
    for (;;) {
      const e = buf.indexOf('\r\n', p);
      if (e < 0) return -1;
      const size = parseInt(buf.toString('latin1', p, e), 16);
      if (buf.length < e + 2 + size + 2) return -1;
      if (size === 0) {
        out.body = Buffer.concat(parts);
        return e + 4;
      }
      parts.push(buf.subarray(e + 2, e + 2 + size));
      p = e + 2 + size + 2;
    }
  }
  out.body = Buffer.alloc(0);
  return h + 4;
}

/**
 * Sends requests from `next()` (a Buffer with the whole request) for `ms` milliseconds.
 * `validate(status, body, i)` is called for every response; returns false to count an error.
 */
export function runLoad({ port, ms, concurrency, next, validate }) {
  return new Promise((resolve) => {
    const latencies = [];
    let done = 0;
    let errors = 0;
    let open = concurrency;
    const t0 = performance.now();
    const stopAt = t0 + ms;
    let last = t0;
    for (let c = 0; c < concurrency; c++) {
      const sock = connect(port, '127.0.0.1');
      sock.setNoDelay(true);
      let buf = Buffer.alloc(0);
      let sent = 0;
      let seq = 0;
      const out = {};
      const send = () => {
        const req = next();
        seq = req.seq;
        sent = performance.now();
        sock.write(req.bytes);
      };
      sock.on('connect', send);
      sock.on('data', (chunk) => {
        buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
        const end = complete(buf, out);
        if (end < 0) return;
        buf = buf.subarray(end);
        const t = performance.now();
        latencies.push(t - sent);
        done++;
        last = t;
        if (!validate(out.status, out.body, seq)) errors++;
        if (t < stopAt) send();
        else sock.end();
      });
      const close = () => {
        if (--open === 0) resolve({ done, errors, seconds: (last - t0) / 1000, latencies });
      };
      sock.on('close', close);
      sock.on('error', () => {
        errors++;
      });
    }
  });
}

export function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}
