#!/usr/bin/env node
// The `wxmp` executable (package "bin"): a shim; the logic lives in ./main.ts.
import { main } from './main.js';
import { useColor } from './style.js';

const env = process.env;
const color = { stdout: useColor(process.stdout, env), stderr: useColor(process.stderr, env) };
main(process.argv.slice(2), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), env, color }).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  },
);
