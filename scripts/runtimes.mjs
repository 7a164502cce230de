// Runs the same core test vectors against the BUILT package (dist/) under Node, Deno and Bun.
// Deno and Bun come from the npm registry (their binaries ship inside the packages); they are
// installed with `npm i --no-save deno bun` when missing, never listed in package.json (their
// optional per-platform packages make `npm ci` fail on other platforms).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const bin = (name) => `node_modules/.bin/${name}`;
if (!existsSync(bin('deno')) || !existsSync(bin('bun'))) {
  console.log('runtimes: installing deno and bun from npm (--no-save)…');
  const r = spawnSync('npm', ['i', '--no-save', '--no-audit', '--no-fund', 'deno', 'bun'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const suite = 'test/runtime/core.mjs';
const runs = [
  ['node', process.execPath, [suite]],
  ['deno', bin('deno'), ['run', '--quiet', '--no-prompt', '--allow-read', '--allow-env', '--allow-net=127.0.0.1', suite]],
  ['bun', bin('bun'), ['run', suite]],
  ['deno check (examples/deno)', bin('deno'), ['check', '--quiet', '--sloppy-imports', 'examples/deno/server.ts']],
  ['bun build (examples/bun)', bin('bun'), ['build', '--target=bun', '--outdir=.tmp/bun-example', 'examples/bun/server.ts']],
  ['examples/deno and examples/bun run as their headers say', process.execPath, ['scripts/example-smoke.mjs', 'deno', 'bun']],
];
let failed = 0;
for (const [name, cmd, args] of runs) {
  if (args.some((a) => a.startsWith('examples/') && !existsSync(a))) {
    console.log(`runtimes: ${name}: missing ${args.at(-1)}`);
    failed++;
    continue;
  }
  console.log(`\n=== ${name}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' } });
  if (r.status !== 0) {
    failed++;
    console.log(`runtimes: ${name} FAILED (exit ${r.status})`);
  }
}
console.log(`\nruntimes: ${runs.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
