// Per-module coverage gate: every core module must keep >= 95 % of its lines covered
// (c8's own gate checks the total). Reads coverage/coverage-summary.json written by c8.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const CORE = /^src\/(errors\.ts|signature\.ts|crypto\/|xml\/|messages\/|replies\/|internal\/)/;
const MIN = 95;
const summary = JSON.parse(readFileSync('coverage/coverage-summary.json', 'utf8'));
let bad = 0;
let n = 0;
for (const [file, v] of Object.entries(summary)) {
  if (file === 'total') continue;
  const rel = relative(process.cwd(), file);
  if (!CORE.test(rel)) continue;
  n++;
  if (v.lines.pct < MIN) {
    bad++;
    console.log(`coverage: ${rel} ${v.lines.pct}% lines < ${MIN}%`);
  }
}
if (n === 0) {
  console.log('coverage: no core module found in the summary');
  process.exit(1);
}
console.log(`coverage: ${n} core modules checked, ${bad} below ${MIN}% lines`);
process.exit(bad ? 1 : 0);
