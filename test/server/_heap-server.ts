// Child process of heap.test.ts: a webhook on node:http under a small --max-old-space-size. It
// reports its port and, on request, its peak heap over IPC. Run without the parent (as `node --test`
// does with every file under test/), it does nothing.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWebhook } from '../../src/server/webhook.js';
import { toNodeListener } from '../../src/server/node.js';

if (process.env.WXMP_HEAP_CHILD === '1' && typeof process.send === 'function') {
  const token = process.env.WXMP_HEAP_TOKEN ?? '';
  let peak = 0;
  const sample = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 20);
  // Generous deadlines: under test load the point is memory, not speed.
  const webhook = createWebhook({ token, handler: () => 'success', onError: () => {}, bodyTimeoutMs: 120_000, deadlineMs: 120_000, dedupe: false });
  const server = createServer(toNodeListener(webhook));
  server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
  process.on('message', (m) => {
    if (m === 'peak') process.send?.({ peak: Math.max(peak, process.memoryUsage().heapUsed) });
    if (m === 'exit') {
      clearInterval(sample);
      server.close();
      process.disconnect();
    }
  });
}
