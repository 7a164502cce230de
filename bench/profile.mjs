#!/usr/bin/env node
// Profiles one wxmp row of a case: `node bench/profile.mjs <case id> [row name substring] [seconds]`.
// Runs it under the V8 sampling profiler (node:inspector) and prints the top functions by self time.
// Env WXMP_DIST as in run.mjs. Example: node bench/profile.mjs pipeline wxmp 3
import { Session } from 'node:inspector/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const benchDir = dirname(fileURLToPath(import.meta.url));
const [id = 'pipeline', rowName = 'wxmp', seconds = '3'] = process.argv.slice(2);
const wxmp = await import(pathToFileURL(join(resolve(benchDir, process.env.WXMP_DIST ?? '../dist'), 'index.js')).href);
const peers = await import('./lib/peers.mjs');
const { cpuSelfTime, printTop } = await import('./lib/profiles.mjs');
let found;
for (const group of ['parse', 'render', 'crypto', 'signature', 'pipeline']) {
  for (const c of (await import(`./cases/${group}.mjs`)).default({ wxmp, peers })) {
    if (c.id === id) found = c.impls.find((i) => i.name.includes(rowName));
  }
}
if (!found) throw new Error(`no row matching ${rowName} in case ${id}`);
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 50 });
for (let i = 0; i < 2000; i++) await found.fn(); // warm up before sampling
await session.post('Profiler.start');
const end = Date.now() + Number(seconds) * 1000;
let ops = 0;
while (Date.now() < end) {
  for (let i = 0; i < 200; i++) await found.fn();
  ops += 200;
}
const { profile } = await session.post('Profiler.stop');
console.log(`${found.name}: ${ops} ops; top self time:`);
printTop(cpuSelfTime(profile), 25);
