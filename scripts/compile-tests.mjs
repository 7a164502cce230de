// Compiles src/ and test/ to .build-test/ (Node 20 cannot run .ts) and copies fixtures beside the
// compiled tests. Type errors are reported but do not stop emission: `npm run typecheck` is the gate.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';

rmSync('.build-test', { recursive: true, force: true });
const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.test.json'], { stdio: 'inherit' });
if (tsc.status !== 0) console.error('compile-tests: type errors above (emitted anyway; `npm run typecheck` fails on them)');
if (existsSync('test/fixtures')) cpSync('test/fixtures', '.build-test/test/fixtures', { recursive: true });
