// Bundle size of single imports from the built package: what an application that imports one
// function from `wxmp` ships, minified by esbuild (the bundler tsup already brings). Used by
// scripts/pack-check.mjs (the budgets below, on the packed tarball) and by `npm run bench` (the
// table in BENCHMARKS.md). As a script: `node scripts/sizes.mjs [--check]` on this checkout's dist/.
import { mkdtempSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** What is imported, and the most it may cost minified (bytes) where the issue sets a budget. */
export const ROWS = [
  { label: 'checkSignature', code: "import { checkSignature } from 'wxmp'; use(checkSignature);", budget: 3 * 1024 },
  { label: 'computeSignature', code: "import { computeSignature } from 'wxmp'; use(computeSignature);" },
  { label: 'isWxmpError', code: "import { isWxmpError } from 'wxmp'; use(isWxmpError);" },
  { label: 'verifyRequest', code: "import { verifyRequest } from 'wxmp'; use(verifyRequest);" },
  { label: 'MessageCrypto', code: "import { MessageCrypto } from 'wxmp'; use(MessageCrypto);", budget: 20 * 1024 },
  { label: 'parseXml', code: "import { parseXml } from 'wxmp'; use(parseXml);" },
  { label: 'buildXml', code: "import { buildXml } from 'wxmp'; use(buildXml);" },
  { label: 'parseMessage', code: "import { parseMessage } from 'wxmp'; use(parseMessage);" },
  { label: 'renderReply', code: "import { renderReply } from 'wxmp'; use(renderReply);" },
  { label: 'createWebhook', code: "import { createWebhook } from 'wxmp'; use(createWebhook);" },
  { label: 'createWebhook + toNodeListener', code: "import { createWebhook, toNodeListener } from 'wxmp'; use(createWebhook, toNodeListener);" },
  { label: 'WeChatClient', code: "import { WeChatClient } from 'wxmp'; use(WeChatClient);" },
  { label: 'createSimulator (wxmp/testing)', code: "import { createSimulator } from 'wxmp/testing'; use(createSimulator);" },
  { label: 'RedisTokenCache (wxmp/redis)', code: "import { RedisTokenCache } from 'wxmp/redis'; use(RedisTokenCache);" },
  { label: 'everything (import * as wxmp)', code: "import * as wxmp from 'wxmp'; use(wxmp);" },
];

/**
 * Bundles every row with `wxmp` resolved from `resolveDir` (a project that has it in node_modules),
 * as an ESM application for Node would: bundled, minified, `node:*` external.
 * @returns {Promise<{ label: string, bytes: number, gzip: number, budget?: number }[]>}
 */
export async function measureSizes(resolveDir) {
  const out = [];
  for (const row of ROWS) {
    const r = await build({
      stdin: { contents: `const use = (...v) => globalThis.console.log(v.length);\n${row.code}`, resolveDir, sourcefile: 'app.mjs', loader: 'js' },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      write: false,
      logLevel: 'silent',
    });
    const bytes = r.outputFiles[0].contents;
    out.push({ label: row.label, bytes: bytes.length, gzip: gzipSync(bytes).length, ...(row.budget ? { budget: row.budget } : {}) });
  }
  return out;
}

/** The rows over their budget, as messages. */
export function overBudget(sizes) {
  return sizes.filter((s) => s.budget !== undefined && s.bytes > s.budget).map((s) => `${s.label}: ${s.bytes} B minified > budget ${s.budget} B`);
}

/** A project directory whose node_modules/wxmp is this checkout (for measuring without packing). */
export async function withLocalPackage(root, fn) {
  const dir = mkdtempSync(join(tmpdir(), 'wxmp-sizes-'));
  try {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(root, join(dir, 'node_modules', 'wxmp'), 'dir');
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
  const sizes = await withLocalPackage(root, measureSizes);
  for (const s of sizes)
    console.log(`${s.label.padEnd(34)} ${kb(s.bytes).padStart(9)} min ${kb(s.gzip).padStart(9)} gzip${s.budget ? `   budget ${kb(s.budget)}` : ''}`);
  const bad = overBudget(sizes);
  for (const b of bad) console.log(`over budget: ${b}`);
  if (process.argv.includes('--check')) process.exit(bad.length ? 1 : 0);
}
