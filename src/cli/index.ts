#!/usr/bin/env node
// The `wxmp` executable (package "bin"): a shim; the logic lives in ./main.ts.
import { main } from './main.js';
import { useColor } from './style.js';

const env = process.env;
const color = { stdout: useColor(process.stdout, env), stderr: useColor(process.stderr, env) };
// `wxmp token-server` and `wxmp proxy` run until one of these signals
const stop = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort());
main(process.argv.slice(2), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), env, color, signal: stop.signal }).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  },
);
