// Summaries of V8 profiles from node:inspector, shared by bench/profile.mjs and bench/profile-http.mjs.

const site = (f) => `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;

/** Self time per function (`name file:line`) of a CPU profile (`Profiler.stop`). */
export function cpuSelfTime(profile) {
  const dt = new Map(profile.nodes.map((n) => [n.id, 0]));
  for (let i = 0; i < profile.samples.length; i++) dt.set(profile.samples[i], dt.get(profile.samples[i]) + (profile.timeDeltas[i] ?? 0));
  const self = new Map();
  for (const n of profile.nodes) self.set(site(n.callFrame), (self.get(site(n.callFrame)) ?? 0) + dt.get(n.id));
  return self;
}

/** Bytes allocated per function of a sampling heap profile (`HeapProfiler.stopSampling`). */
export function heapSelfSize(profile) {
  const sites = new Map();
  const walk = (n) => {
    sites.set(site(n.callFrame), (sites.get(site(n.callFrame)) ?? 0) + n.selfSize);
    for (const c of n.children) walk(c);
  };
  walk(profile.head);
  return sites;
}

/** Sum of a summary's values. */
export const total = (summary) => [...summary.values()].reduce((a, b) => a + b, 0);

/** Prints the `n` largest entries of a summary as percentages of its total. */
export function printTop(summary, n) {
  const all = total(summary);
  for (const [k, v] of [...summary].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`${((100 * v) / all).toFixed(1).padStart(5)}%  ${k}`);
}
