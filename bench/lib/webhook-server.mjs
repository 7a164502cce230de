// Worker thread: one webhook server on 127.0.0.1 (see listeners.mjs) doing the safe-mode echo.
// Its own thread, so the load generator does not share its event loop.
import { createServer } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { makeListener } from './listeners.mjs';

const server = createServer(await makeListener(workerData.impl, workerData.wxmpUrl, workerData));
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
parentPort.on('message', (m) => {
  if (m !== 'close') return;
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
