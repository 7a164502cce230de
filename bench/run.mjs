#!/usr/bin/env node
// `npm run bench`: builds wxmp if stale, installs the peers on first use, then measures wxmp against
// the peers and hand-written floors in one process and writes bench/results.json and BENCHMARKS.md.
// Options: --only parse,render,crypto,signature,pipeline,engine,webhook,heap,sizes   --quick   --no-write
// Env: WXMP_DIST=<dir with index.js> (default ../dist, relative to bench/) — skips the build step.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = resolve(benchDir, '..');
const argv = process.argv.slice(2);
const opt = (name) => {
  const i = argv.indexOf(name);
  return i < 0 ? undefined : argv[i + 1];
};
const only = opt('--only')?.split(',');
const quick = argv.includes('--quick');
const write = !argv.includes('--no-write') && !only && !quick;
const want = (g) => !only || only.includes(g);

if (!process.env.WXMP_BENCH_CHILD) {
  if (!process.env.WXMP_DIST) {
    // the ESM build is what is measured; tsc -b rebuilds it only when src/ changed
    const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-b', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  if (!existsSync(join(benchDir, 'node_modules'))) {
    console.log('bench: installing the peer packages into bench/node_modules (first run)…');
    const r = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: benchDir, stdio: 'inherit', shell: process.platform === 'win32' });
    if (r.status !== 0) console.log('bench: npm install failed; peers that did not install are reported as skipped');
  }
  if (typeof globalThis.gc !== 'function') {
    // The heap case needs global.gc: re-run this script with --expose-gc.
    const r = spawnSync(process.execPath, ['--expose-gc', ...process.execArgv, fileURLToPath(import.meta.url), ...argv], {
      stdio: 'inherit',
      env: { ...process.env, WXMP_BENCH_CHILD: '1' },
    });
    process.exit(r.status ?? 1);
  }
}

const { measureCase } = await import('./lib/harness.mjs');
const { addRatios, fmtGot, markdown, printCase, targets } = await import('./lib/report.mjs');
const peers = await import('./lib/peers.mjs');
const distDir = resolve(benchDir, process.env.WXMP_DIST ?? '../dist');
const wxmpUrl = pathToFileURL(join(distDir, 'index.js')).href;
const wxmp = await import(wxmpUrl);

const config = {
  rounds: quick ? 3 : 7,
  sliceMs: quick ? 40 : 60,
  warmupMs: quick ? 60 : 120,
  batchMs: 4,
  notes: [
    'In-process rows are timed in process CPU time (user + system, `process.cpuUsage()`), not wall time: the bench machine is shared, and CPU time does not count the time other processes hold the CPU. The HTTP case is wall-clock (req/s and latency).',
    'The encrypt floor draws its 16 random bytes with `randomFillSync` per call; wxmp draws from a pooled buffer, which is why it can beat that floor.',
    'kind: `wxmp` = this package (built dist/), `peer` = a package users pick today, `floor` = hand-written minimum (raw node:crypto, an indexOf scanner with no validation, template strings, JSON.parse of the same fields) — a floor does far less checking than wxmp and is the speed limit, not a competitor.',
    'parse rows: fast-xml-parser with default options (`new XMLParser()`), xml2js with `explicitArray: false` (its callback runs synchronously), txml `simplify(parse())`; tnwx has no XML parser of its own for pushes besides the regex it applies to decrypted XML (`CryptoKit.parseXmlToObj`), measured as "tnwx (regex)".',
    'wxmp parseMessage returns the typed message (camelCase, numbers converted, ids as strings, limits enforced); wxmp parseXml returns the raw record.',
    'pipeline peers run in-process through their public entry points with fake framework objects (co-wechat: a Koa-like ctx with the body pre-read; node-webot wechat: req.rawBody + a res stub; node-easywechat: ServerRequest + Server.serve(); tnwx: WeChat.handleMsg with a MsgAdapter). The composed peers (crypto lib + XML lib + template) are what a user assembles by hand.',
    'node-easywechat 3.6.2 does not load with node-socialite 1.5.x (missing dist/Core/ProviderInterface); bench/package.json overrides node-socialite to 1.4.1.',
  ],
};

function gitHead() {
  const r = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : 'unknown';
}

const machine = {
  CPU: `${cpus()[0]?.model ?? '?'} × ${cpus().length}`,
  memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
  Node: process.version,
  platform: `${process.platform} ${process.arch}`,
  date: new Date().toISOString(),
  'wxmp build': `${relative(root, distDir) || '.'}/ (git ${gitHead()})`,
};
console.log(`wxmp bench — ${machine.CPU}, Node ${machine.Node}, ${machine.date}`);
const skippedPeers = Object.entries(peers.skipped);
if (skippedPeers.length) for (const [n, why] of skippedPeers) console.log(`  skipped peer ${n}: ${why}`);

const ctx = { wxmp, wxmpUrl, peers };
const cases = [];
for (const group of ['parse', 'render', 'crypto', 'signature', 'pipeline', 'engine']) {
  if (!want(group)) continue;
  const make = (await import(`./cases/${group}.mjs`)).default;
  for (const c of await make(ctx)) {
    await measureCase(c.impls, config);
    cases.push(c);
    addRatios([c]);
    printCase(c);
  }
}

let webhook;
if (want('webhook')) webhook = await (await import('./cases/webhook.mjs')).default(ctx, { quick });
let heap;
if (want('heap')) heap = await (await import('./cases/heap.mjs')).default(ctx);
let sizes;
if (want('sizes')) {
  // What an application ships for one import: the built package of this checkout, bundled by esbuild.
  const { measureSizes, withLocalPackage } = await import('../scripts/sizes.mjs');
  sizes = await withLocalPackage(root, measureSizes);
  console.log('\nbundle size of single imports (minified / gzip)');
  for (const s of sizes) console.log(`  ${s.label.padEnd(34)} ${(s.bytes / 1024).toFixed(1).padStart(6)} KB ${(s.gzip / 1024).toFixed(1).padStart(6)} KB`);
}

const tgts = targets(cases, webhook);
console.log('\nTargets');
for (const t of tgts) console.log(`  ${t.met ? 'met   ' : 'MISSED'} ${t.target}: ${fmtGot(t)} ${t.note ?? ''}`);

if (write) {
  const strip = (c) => ({ ...c, impls: c.impls.map(({ fn, check, ...rest }) => rest) });
  const results = { machine, config, peers: peers.versions, skipped: peers.skipped, targets: tgts, cases: cases.map(strip), webhook, heap, sizes };
  writeFileSync(join(benchDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(root, 'BENCHMARKS.md'), markdown({ machine, cases, webhook, heap, sizes, tgts, peers: peers.versions, skipped: peers.skipped, config }));
  console.log('\nwrote bench/results.json and BENCHMARKS.md');
}
