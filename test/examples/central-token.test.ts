// examples/central-token runs as its README says: `npm run example:central-token` starts
// redis-server, the fake platform, `wxmp token-server`, `wxmp proxy` and the business server, runs
// its demo, and stops every part on SIGTERM (or by itself with `-- --once`). No key is printed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createSimulator } from '../../src/testing/index.js';
import { importExample, repoRoot } from './helpers.js';

interface Running {
  url: string;
  logs: () => string;
  stop: () => Promise<void>;
}
const smoke = await importExample<{ startExample: (name: string, env?: Record<string, string>) => Promise<Running> }>('scripts/example-smoke.mjs');
const KEYS = {
  PROXY_TOKEN_KEY: 'example-proxy-token-key-0001',
  BUSINESS_TOKEN_KEY: 'example-business-token-key-01',
  BUSINESS_PROXY_KEY: 'example-business-proxy-key-01',
};

describe('examples/central-token', () => {
  it('the README names the npm script and how to start each part', () => {
    const readme = readFileSync(join(repoRoot(), 'examples/central-token/README.md'), 'utf8');
    for (const step of [
      'npm run example:central-token',
      'redis-server',
      'wxmp token-server --config',
      'wxmp proxy --config',
      'examples/central-token/business.ts',
    ])
      assert.ok(readme.includes(step), step);
    const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    assert.equal(pkg.scripts['example:central-token'], 'tsx examples/central-token/run.ts');
  });

  it('npm run example:central-token -- --once: the demo passes and everything stops (exit 0)', { timeout: 120_000 }, () => {
    const r = spawnSync('npm', ['run', '--silent', 'example:central-token', '--', '--once'], {
      cwd: repoRoot(),
      encoding: 'utf8',
      env: { ...process.env, ...KEYS, WECHAT_BASE_URL: '', REDIS_URL: '' },
      timeout: 110_000,
    });
    const out = `${r.stdout}${r.stderr}`;
    assert.equal(r.status, 0, out);
    assert.match(out, /reply: 你好 — oTestUser0+ \(\d{4}-\d\d-\d\d\)/);
    assert.match(out, /proxy without a key → 401; \/cgi-bin\/tags\/get \(not in the allow-list\) → 403/);
    assert.match(out, /central-token example: ready/);
    for (const k of Object.values(KEYS)) assert.ok(!out.includes(k), 'no key is printed');
  });

  it('npm run example:central-token: serves until SIGTERM, then every part is gone', { timeout: 120_000 }, async () => {
    const running = await smoke.startExample('central-token', KEYS);
    const token = /token server +(http:\/\/\S+)/.exec(running.logs())?.[1] as string;
    try {
      for (let i = 0; i < 100 && !running.logs().includes('Ctrl-C stops every part'); i++) await new Promise((r) => setTimeout(r, 100));
      const sim = createSimulator({ url: running.url, token: 'wxmpDevToken' });
      const push = sim.text('again');
      const reply = await sim.readReply(await fetch(push.request()), push);
      assert.ok(reply.kind === 'reply' && reply.reply.msgType === 'text' && reply.reply.content.startsWith('again — '));
      assert.equal((await fetch(`${token}/healthz`)).status, 200);
    } finally {
      await running.stop();
    }
    // npm may exit before its grandchildren: give them a moment, then every port must be closed
    const gone = async (url: string): Promise<boolean> =>
      fetch(url, { headers: { connection: 'close' } }).then(
        () => false,
        () => true,
      );
    for (let i = 0; i < 100 && !((await gone(`${token}/healthz`)) && (await gone(running.url))); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(await gone(`${token}/healthz`), 'the token server stopped with the example');
    assert.ok(await gone(running.url), 'the business server too');
    for (const k of Object.values(KEYS)) assert.ok(!running.logs().includes(k), 'no key is printed');
  });
});
