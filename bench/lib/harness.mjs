// Timing harness: warm-up, calibrated batches, interleaved rounds (A,B,C,A,B,C…), medians.
// Every implementation of a case runs in the same process, in rotated order each round, so slow
// drift on a shared machine hits all of them alike; the median of the rounds is reported.
// Time is the process's CPU time (user + system), not wall time: on a shared, oversubscribed machine
// the wall clock also counts the time other processes hold the CPU, the CPU clock does not.

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
};

/** Keeps results observable so the JIT cannot drop the measured call. */
export let sink;

/** Runs `fn` `n` times; returns elapsed CPU nanoseconds. */
async function batch(impl, n) {
  const t0 = cpuNow();
  if (impl.async) {
    for (let i = 0; i < n; i++) sink = await impl.fn();
  } else {
    const fn = impl.fn;
    for (let i = 0; i < n; i++) sink = fn();
  }
  return cpuNow() - t0;
}

/** Iterations per batch so one batch takes about `targetMs`. */
async function calibrate(impl, targetMs) {
  let n = 1;
  for (;;) {
    const ns = await batch(impl, n);
    if (ns >= (targetMs * 1e6) / 4 || n >= 1 << 24) return Math.max(1, Math.round((n * targetMs * 1e6) / Math.max(ns, 1)));
    n *= 4;
  }
}

/** Runs whole batches for about `sliceMs`; returns ops/s for that slice. */
async function slice(impl, n, sliceMs) {
  let ops = 0;
  let ns = 0;
  while (ns < sliceMs * 1e6) {
    ns += await batch(impl, n);
    ops += n;
  }
  return (ops * 1e9) / ns;
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Measures every implementation of a case. `impls`: [{ name, kind: 'wxmp'|'peer'|'floor', fn, async?, check? }].
 * Returns the impls with `opsPerSec` (median), `nsPerOp`, `samples` (ops/s per round), `spread` ((max-min)/median).
 */
export async function measureCase(impls, { rounds = 5, warmupMs = 120, sliceMs = 80, batchMs = 4 } = {}) {
  const live = [];
  for (const impl of impls) {
    try {
      if (impl.check) await impl.check(impl.async ? await impl.fn() : impl.fn());
      else await (impl.async ? impl.fn() : Promise.resolve(impl.fn()));
      live.push(impl);
    } catch (error) {
      impl.error = String(error?.message ?? error).slice(0, 200);
    }
  }
  for (const impl of live) {
    let spent = 0;
    while (spent < warmupMs * 1e6) spent += await batch(impl, 64);
    impl.n = await calibrate(impl, batchMs);
    impl.samples = [];
  }
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < live.length; k++) {
      const impl = live[(k + r) % live.length];
      impl.samples.push(await slice(impl, impl.n, sliceMs));
    }
  }
  for (const impl of live) {
    impl.opsPerSec = median(impl.samples);
    impl.nsPerOp = 1e9 / impl.opsPerSec;
    impl.spread = (Math.max(...impl.samples) - Math.min(...impl.samples)) / impl.opsPerSec;
  }
  return impls;
}

export function fmtOps(x) {
  if (x === undefined) return '—';
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)} M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(1)} k`;
  return x.toFixed(0);
}

export function fmtNs(x) {
  if (x === undefined) return '—';
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)} ms`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(2)} µs`;
  return `${x.toFixed(0)} ns`;
}
