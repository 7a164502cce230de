// Makes `npm start` / `npm test` work on a fresh clone: installs devDependencies when missing and
// (unless --deps-only) builds dist/ when it is missing or older than src/.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
if (!existsSync('node_modules/tsup') || !existsSync('node_modules/typescript')) {
  console.log('wxmp: installing development dependencies (first run)…');
  run('npm', [existsSync('package-lock.json') ? 'ci' : 'install', '--no-audit', '--no-fund']);
}
if (process.argv.includes('--deps-only')) process.exit(0);
const newest = (dir) => {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
};
if (!existsSync('dist/index.js') || statSync('dist/index.js').mtimeMs < newest('src')) {
  console.log('wxmp: building dist/…');
  run('npm', ['run', 'build', '--silent']);
}
