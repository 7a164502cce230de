#!/usr/bin/env node
// The `wxmp` executable (package "bin"): a shim; the logic lives in ./cli/main.ts.
import { main } from './cli/main.js';
main(process.argv.slice(2), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), env: process.env }).then((code) => { process.exitCode = code; }, (e: unknown) => { console.error(e); process.exitCode = 1; });
