// Packaging gates: publint and @arethetypeswrong/cli must be clean, and the `npm pack` tarball,
// installed into a throw-away project, must work through both `import` and `require` (root,
// `wxmp/testing`, `wxmp/redis`, `wxmp/central` and `wxmp/open-platform`), expose the `wxmp` bin, and keep
// single imports within their bundle budgets (scripts/sizes.mjs). Prints a closing "N passed, N failed" line.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { kb, measureSizes, overBudget } from './sizes.mjs';

let passed = 0;
let failed = 0;
const step = async (name, fn) => {
  try {
    await fn();
    passed++;
    console.log(`ok - ${name}`);
  } catch (e) {
    failed++;
    console.log(`not ok - ${name}\n${String(e.stdout ?? '')}${String(e.stderr ?? '')}${e.message}`);
  }
};
const sh = (cmd, args, opts = {}) => execFileSync(cmd, args, { encoding: 'utf8', stdio: 'pipe', ...opts });

const root = resolve('.');
const work = mkdtempSync(join(tmpdir(), 'wxmp-pack-'));
try {
  await step('publint', () => {
    console.log(sh(process.execPath, ['node_modules/publint/src/cli.js', 'run', '--strict', '--pack', 'npm']).trim());
  });
  let tarball = '';
  await step('npm pack', () => {
    sh('npm', ['pack', '--pack-destination', work, '--silent']);
    tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz')) ?? '');
  });
  await step('attw (all resolution modes)', () => {
    // node10 resolution cannot see subpath exports; wxmp requires Node >= 20, so the node16 profile applies.
    sh(process.execPath, ['node_modules/@arethetypeswrong/cli/dist/index.js', tarball, '--profile', 'node16', '--format', 'ascii']);
  });
  await step('zero runtime dependencies', () => {
    const pkg = JSON.parse(sh('tar', ['-xOzf', tarball, 'package/package.json']));
    if (Object.keys(pkg.dependencies ?? {}).length) throw new Error(`dependencies: ${JSON.stringify(pkg.dependencies)}`);
  });
  const app = join(work, 'app');
  await step('install tarball into a fresh project', () => {
    sh('mkdir', ['-p', app]);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
    sh('npm', ['install', '--no-audit', '--no-fund', '--silent', tarball], { cwd: app });
  });
  const esm = `import * as w from 'wxmp'; import * as t from 'wxmp/testing'; import * as r from 'wxmp/redis'; import * as c from 'wxmp/central';
if (typeof c.createTokenServer !== 'function' || typeof c.remoteTokenProvider !== 'function' || typeof c.createApiProxy !== 'function' || c.createApiProxy !== w.createApiProxy || typeof r.RedisRateLimiter !== 'function') throw new Error('missing wxmp/central exports');
if (typeof w.WxmpError !== 'function' || typeof w.computeSignature !== 'function' || typeof t.createSimulator !== 'function') throw new Error('missing exports');
if (typeof r.RedisTokenCache !== 'function' || typeof r.RedisLock !== 'function' || typeof r.RedisDedupeStore !== 'function' || r.RedisLock !== w.RedisLock) throw new Error('missing wxmp/redis exports');
if (w.computeSignature('a','b') !== w.computeSignature('b','a')) throw new Error('bad');
const o = await import('wxmp/open-platform');
if (typeof o.ComponentClient !== 'function' || typeof o.createComponentWebhook !== 'function' || o.ComponentClient !== w.ComponentClient) throw new Error('missing wxmp/open-platform exports');`;
  const cjs = `const w = require('wxmp'); const t = require('wxmp/testing'); const r = require('wxmp/redis'); const c = require('wxmp/central');
try { c.createTokenServer({ accounts: [], clients: [] }); throw new Error('accepted no accounts'); } catch (e) { if (!(e instanceof w.WxmpError) || e.code !== 'INVALID_CONFIG') throw e; }
if (typeof w.WxmpError !== 'function' || typeof w.MessageCrypto !== 'function' || typeof t.createSimulator !== 'function') throw new Error('missing exports');
try { new r.RedisDedupeStore({ client: {} }); throw new Error('accepted a non-client'); } catch (e) { if (!(e instanceof w.WxmpError) || e.code !== 'INVALID_CONFIG') throw e; }
if (!(new w.WxmpError('INVALID_ARGUMENT', 'x') instanceof Error)) throw new Error('bad');
const o = require('wxmp/open-platform');
try { new o.ComponentClient({}); throw new Error('accepted an empty config'); } catch (e) { if (!(e instanceof w.WxmpError) || e.code !== 'INVALID_CONFIG') throw e; }`;
  await step('import (ESM) works', () => sh(process.execPath, ['--input-type=module', '-e', esm], { cwd: app }));
  await step('require (CJS) works', () => sh(process.execPath, ['-e', cjs], { cwd: app }));
  await step('bundle budgets of single imports (esbuild, minified)', async () => {
    const sizes = await measureSizes(app);
    console.log(sizes.map((x) => `  ${x.label}: ${kb(x.bytes)}${x.budget ? ` (budget ${kb(x.budget)})` : ''}`).join('\n'));
    const bad = overBudget(sizes);
    if (bad.length) throw new Error(bad.join('\n'));
  });
  await step('bin: wxmp --help', () => {
    const out = sh(join(app, 'node_modules/.bin/wxmp'), ['--help'], { cwd: app });
    if (!/simulate/.test(out) || !/token-server/.test(out) || !/proxy/.test(out)) throw new Error(out);
  });
} finally {
  rmSync(work, { recursive: true, force: true });
  void root;
}
console.log(`pack: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
