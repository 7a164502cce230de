// The framework examples run exactly as their headers say (`npm run example:<name>`, tsx, no
// prompt), on the built-in defaults, and log refused pushes: a child process per example.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { exerciseWebhook, importExample, repoRoot } from './helpers.js';

interface Running {
  url: string;
  logs: () => string;
  stop: () => Promise<void>;
}
const smoke = await importExample<{ startExample: (name: string, env?: Record<string, string>) => Promise<Running> }>('scripts/example-smoke.mjs');
const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { scripts: Record<string, string>; devDependencies: Record<string, string> };

describe('examples run as their headers say', () => {
  it('tsx is a devDependency, so `npx tsx` never prompts', () => assert.ok(pkg.devDependencies['tsx']));
  for (const name of ['express', 'koa', 'fastify', 'hono']) {
    it(`npm run example:${name}`, { timeout: 120_000 }, async () => {
      const header = readFileSync(join(repoRoot(), `examples/${name}/server.ts`), 'utf8');
      assert.match(header, new RegExp(`Run \\(from the repository\\): npm run example:${name} +— the same as: npx tsx examples/${name}/server\\.ts`));
      assert.equal(pkg.scripts[`example:${name}`], `tsx examples/${name}/server.ts`);
      // the built-in token applies, and empty variables (a .env file's `WECHAT_AES_KEY=`) count as unset
      const running = await smoke.startExample(name, { WECHAT_TOKEN: '', WECHAT_AES_KEY: '', WECHAT_APP_ID: '' });
      try {
        await exerciseWebhook(running.url, false, undefined, 'wxmpDevToken');
        for (let i = 0; i < 50 && !running.logs().includes('wechat: 403'); i++) await new Promise((r) => setTimeout(r, 100));
        assert.match(running.logs(), /wechat: 403 WEBHOOK_SIGNATURE_INVALID/, 'the forged push is logged');
      } finally {
        await running.stop();
      }
    });
  }
});
