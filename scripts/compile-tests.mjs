// Compiles src/ and test/ to .build-test/ (or the directory given as the first argument) because
// Node 20 cannot run .ts, and copies fixtures beside the compiled tests. Type errors are reported
// but do not stop emission: `npm run typecheck` is the gate.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';

const out = process.argv[2] ?? '.build-test';
rmSync(out, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.test.json', '--outDir', out], { stdio: 'inherit' });
if (tsc.status !== 0) console.error('compile-tests: type errors above (emitted anyway; `npm run typecheck` fails on them)');
if (existsSync('test/fixtures')) cpSync('test/fixtures', `${out}/test/fixtures`, { recursive: true });
