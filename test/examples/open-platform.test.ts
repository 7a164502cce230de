// Smoke test of examples/open-platform: in-process on 127.0.0.1:0 (demo mode: the fake WeChat plays
// the platform and the admin), and as a child process exactly as its header says.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createApp, demoConfig } from '../../examples/open-platform/server.js';
import { createSimulator, type Simulator } from '../../src/testing/index.js';
import { importExample, listen, repoRoot } from './helpers.js';

interface Running {
  url: string;
  logs: () => string;
  stop: () => Promise<void>;
}

/** /authorize → the demo consent page → /authorized: the authorizer AppID the page shows. */
async function authorizeThroughPages(base: string): Promise<string> {
  const toWeChat = await fetch(`${base}/authorize`, { redirect: 'manual' });
  assert.equal(toWeChat.status, 302);
  const consent = toWeChat.headers.get('location') ?? '';
  assert.match(
    decodeURIComponent(consent),
    /^\/demo\/consent\?page=https:\/\/mp\.weixin\.qq\.com\/cgi-bin\/componentloginpage\?component_appid=wxcomponent0000001&pre_auth_code=/,
  );
  const back = await fetch(`${base}${consent}`, { redirect: 'manual' });
  assert.equal(back.status, 302);
  const done = await fetch(back.headers.get('location') ?? '');
  assert.equal(done.status, 200);
  return /Authorized: (wx\w+)/.exec(await done.text())?.[1] ?? '';
}

async function say(sim: Simulator, base: string, appId: string, text: string, toUserName = 'gh_0123456789ab'): Promise<string> {
  const push = sim.text(text, { url: `${base}/wechat/${appId}/callback`, toUserName });
  const out = await sim.readReply(await fetch(push.request()), push);
  assert.ok(out.kind === 'reply' && out.encrypted && out.reply.msgType === 'text', JSON.stringify(out));
  return out.reply.content;
}

describe('examples/open-platform', () => {
  it('in-process: ticket push, authorization page, per-authorizer replies, the release check, unauthorized', async () => {
    const server = createServer();
    const { base, close } = await listen(server);
    const config = demoConfig(base);
    const app = createApp(config);
    server.on('request', app.listener);
    const sim = createSimulator({ token: config.token, encodingAESKey: config.encodingAESKey, appId: config.componentAppId, url: `${base}/wechat/component` });
    const demo = config.demo!;
    try {
      assert.equal(await (await fetch(sim.componentVerifyTicket(demo.component.issueTicket()).request())).text(), 'success');
      assert.match(await (await fetch(`${base}/`)).text(), /href="\/authorize"/);
      const first = await authorizeThroughPages(base);
      assert.equal(first, demo.appId);
      // a second account authorizes: its pushes get its own greeting
      const second = 'wx1111111111111111';
      const page = await app.component.preAuthUrl({ redirectUri: `${base}/authorized` });
      assert.equal((await fetch(demo.component.authorize(page, { authorizerAppId: second }).redirectUrl)).status, 200);
      assert.equal(await say(sim, base, first, '你好'), '[cdef] 你好');
      assert.equal(await say(sim, base, second, 'hi'), '[1111] hi');
      assert.equal(await say(sim, base, 'wx570bc396a51b8ff8', 'TESTCOMPONENT_MSG_TYPE_TEXT', 'gh_3c884a361561'), 'TESTCOMPONENT_MSG_TYPE_TEXT_callback');
      // the account revokes: the app forgets the tenant, wxmp its tokens
      demo.component.revoke(second);
      assert.equal(await (await fetch(sim.unauthorized(second).request())).text(), 'success');
      assert.equal(app.tenants.has(second), false);
      assert.equal(await say(sim, base, second, 'still there?'), '[new] still there?');
      const forged = createSimulator({ token: 'wrongToken', encodingAESKey: config.encodingAESKey, appId: config.componentAppId }).text('x', {
        url: `${base}/wechat/${first}/callback`,
      });
      assert.equal((await fetch(forged.request())).status, 403);
    } finally {
      await close();
    }
  });

  it('npm run example:open-platform runs as its header says (demo mode, no prompt)', { timeout: 120_000 }, async () => {
    const header = readFileSync(join(repoRoot(), 'examples/open-platform/server.ts'), 'utf8');
    assert.match(header, /Run \(from the repository\): npm run example:open-platform +— the same as: npx tsx examples\/open-platform\/server\.ts/);
    const smoke = await importExample<{ startExample: (name: string, env?: Record<string, string>) => Promise<Running> }>('scripts/example-smoke.mjs');
    const running = await smoke.startExample('open-platform', { WECHAT_COMPONENT_APPID: '', WECHAT_COMPONENT_SECRET: '' });
    try {
      const base = running.url.replace(/\/wechat$/, '');
      for (let i = 0; i < 100 && !running.logs().includes('ticket pushed, answered success'); i++) await new Promise((r) => setTimeout(r, 50));
      assert.match(running.logs(), /授权事件接收URL +http:\/\/127\.0\.0\.1:\d+\/wechat\/component/);
      const appId = await authorizeThroughPages(base);
      const sim = createSimulator({ token: 'wxmpDevToken', encodingAESKey: 'wxmpDevEncodingAESKey0123456789abcdefghijkl', appId: 'wxcomponent0000001' });
      assert.equal(await say(sim, base, appId, 'ping'), `[${appId.slice(-4)}] ping`);
    } finally {
      await running.stop();
    }
  });
});
