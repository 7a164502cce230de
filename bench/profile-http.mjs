#!/usr/bin/env node
// Profiles one server of the HTTP case: `node bench/profile-http.mjs [wxmp|wxmp-nodedupe|webot|floor] [seconds] [--heap]`.
// --heap samples allocations instead of CPU time (bytes allocated per site, whether freed or not).
// The server runs on this thread under the V8 sampling profiler; the load generator (as in the
// bench: keep-alive sockets, 32 in flight) runs in a worker thread. Prints req/s, GC share and the
// top functions by self time. Env WXMP_DIST as in run.mjs.
import { createServer } from 'node:http';
import { Session } from 'node:inspector/promises';
import { dirname, join, resolve } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

if (!isMainThread) {
  const { makePool } = await import('./lib/push.mjs');
  const { runLoad } = await import('./lib/load.mjs');
  const { port, ms } = workerData;
  let pool = makePool(Math.min(400_000, ms * 60));
  const next = () => pool.pop() ?? makePool(1)[0];
  const r = await runLoad({ port, ms: 1000, concurrency: 32, next, validate: (s) => s === 200 }); // warm-up
  parentPort.postMessage({ phase: 'warm', ...r, latencies: undefined });
  await new Promise((ok) => parentPort.once('message', ok));
  const run = await runLoad({ port, ms, concurrency: 32, next, validate: (s) => s === 200 });
  const lat = Float64Array.from(run.latencies).sort();
  parentPort.postMessage({
    phase: 'done',
    done: run.done,
    errors: run.errors,
    seconds: run.seconds,
    p50: lat[lat.length >> 1],
    p99: lat[Math.floor(lat.length * 0.99)],
  });
  pool = [];
} else {
  const heap = process.argv.includes('--heap');
  const [impl = 'wxmp', seconds = '5'] = process.argv.slice(2).filter((a) => a !== '--heap');
  const benchDir = dirname(fileURLToPath(import.meta.url));
  const wxmpUrl = pathToFileURL(join(resolve(benchDir, process.env.WXMP_DIST ?? '../dist'), 'index.js')).href;
  const { makeListener } = await import('./lib/listeners.mjs');
  const { cpuSelfTime, heapSelfSize, printTop, total } = await import('./lib/profiles.mjs');
  const server = createServer(await makeListener(impl, wxmpUrl));
  server.keepAliveTimeout = 60_000;
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { port: server.address().port, ms: Number(seconds) * 1000 } });
  await new Promise((ok) => worker.once('message', ok));
  let gcMs = 0;
  let gcMax = 0;
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcMs += e.duration;
      gcMax = Math.max(gcMax, e.duration);
    }
  });
  obs.observe({ entryTypes: ['gc'] });
  const session = new Session();
  session.connect();
  if (heap) {
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 4096,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  } else {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
  }
  const t0 = performance.now();
  worker.postMessage('go');
  const r = await new Promise((ok) => worker.on('message', (m) => m.phase === 'done' && ok(m)));
  const wall = performance.now() - t0;
  const { profile } = await session.post(heap ? 'HeapProfiler.stopSampling' : 'Profiler.stop');
  obs.disconnect();
  server.closeAllConnections();
  server.close();
  console.log(
    `${impl}: ${(r.done / r.seconds).toFixed(0)} req/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, errors ${r.errors}; GC ${((100 * gcMs) / wall).toFixed(1)}% of wall time, longest pause ${gcMax.toFixed(1)} ms`,
  );
  if (heap) {
    const sites = heapSelfSize(profile);
    console.log(`allocated ≈ ${(total(sites) / r.done).toFixed(0)} bytes per request (sampled); top sites:`);
    printTop(sites, 30);
  } else {
    printTop(cpuSelfTime(profile), 30);
  }
  process.exit(0);
}
