// The whole architecture of the official guide on one machine, started in order: redis-server, a
// stand-in for the WeChat API (unless WECHAT_BASE_URL is set), the token server (中控) and the API
// proxy (the `wxmp` CLI, from their JSON configs), and the business server; then a short demo.
// Run (from the repository): npm run example:central-token   — the same as: npx tsx examples/central-token/run.ts
// `npm run example:central-token -- --once` runs the demo and stops everything (exit 0 when it passed).
// Environment: REDIS_URL (else a throw-away redis-server is started), WECHAT_BASE_URL + WECHAT_APP_ID +
// WECHAT_APP_SECRET for a real account, and the four keys of README.md (random ones otherwise).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
// In your app: import … from 'wxmp' and 'wxmp/testing'
import { createSimulator } from '../../src/testing/index.js';
import { startFakePlatform } from './fake-platform.js';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const once = process.argv.includes('--once');
const env: Record<string, string> = { ...(process.env as Record<string, string>), NO_COLOR: '1' };
const key = (name: string): string => (env[name] ||= `${name.toLowerCase().replace(/_/g, '-')}-${randomBytes(12).toString('base64url')}`);
for (const name of ['PROXY_TOKEN_KEY', 'BUSINESS_TOKEN_KEY', 'BUSINESS_PROXY_KEY']) key(name);
env.WECHAT_TOKEN ||= 'wxmpDevToken';

const children: ChildProcess[] = [];
const stoppers: (() => Promise<void>)[] = [];

/** Starts a child and resolves with the first URL it prints after `label`. */
function start(label: string, args: string[], extra: Record<string, string>, ready: RegExp): Promise<string> {
  const child = spawn(process.execPath, args, { env: { ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = ready.exec(out);
      if (m?.[1]) resolve(m[1]);
      if (!once) for (const line of d.toString().split('\n')) if (line) process.stderr.write(`  [${label}] ${line}\n`);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${label} exited (${code}) before it was ready:\n${out}`)));
  });
}

async function stopAll(): Promise<void> {
  await Promise.all(
    children.map((c) =>
      c.exitCode === null && c.signalCode === null
        ? new Promise<void>((r) => {
            c.once('exit', () => r());
            c.kill('SIGTERM');
          })
        : undefined,
    ),
  );
  for (const stop of stoppers.reverse()) await stop();
}

async function main(): Promise<boolean> {
  console.log('central-token example: every part on 127.0.0.1');
  if (!env.REDIS_URL) {
    const { startRedis } = (await import(new URL('../../scripts/redis-server.mjs', import.meta.url).href)) as {
      startRedis: () => Promise<{ url: string; stop: () => Promise<void> }>;
    };
    const redis = await startRedis();
    stoppers.push(() => redis.stop());
    env.REDIS_URL = redis.url;
    console.log(`  redis-server     ${redis.url} (throw-away; set REDIS_URL to use yours)`);
  }
  if (!env.WECHAT_BASE_URL) {
    const fake = await startFakePlatform();
    stoppers.push(
      () =>
        new Promise<void>((r) => {
          fake.server.closeAllConnections();
          fake.server.close(() => r());
        }),
    );
    Object.assign(env, { WECHAT_BASE_URL: fake.url, WECHAT_APP_ID: fake.api.appId, WECHAT_APP_SECRET: fake.api.appSecret });
    console.log(`  fake WeChat API  ${fake.url} (set WECHAT_BASE_URL, WECHAT_APP_ID, WECHAT_APP_SECRET for a real account)`);
  }
  const cli = here('../../dist/cli/index.js');
  const tokenServer = await start(
    'token-server',
    [cli, 'token-server', '--config', here('./token-server.json'), '--port', '0'],
    {},
    /listening on (http:\/\/\S+)/,
  );
  console.log(`  token server     ${tokenServer}   (wxmp token-server --config examples/central-token/token-server.json)`);
  const proxy = await start(
    'proxy',
    [cli, 'proxy', '--config', here('./proxy.json'), '--port', '0'],
    { TOKEN_SERVER_URL: tokenServer },
    /listening on (http:\/\/\S+)/,
  );
  console.log(`  API proxy        ${proxy}   (wxmp proxy --config examples/central-token/proxy.json)`);
  const tsx = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url));
  const business = await start(
    'business',
    [tsx, here('./business.ts')],
    { PORT: '0', PROXY_URL: proxy, TOKEN_SERVER_URL: tokenServer },
    /business: (http:\/\/\S+\/wechat)/,
  );
  console.log(`  business server  ${business}   (npx tsx examples/central-token/business.ts)`);

  console.log('demo:');
  const sim = createSimulator({ url: business, token: env.WECHAT_TOKEN as string });
  const push = sim.text('你好');
  const reply = await sim.readReply(await fetch(push.request()), push);
  const text = reply.kind === 'reply' && reply.reply.msgType === 'text' ? reply.reply.content : JSON.stringify(reply);
  console.log(`  push "你好" → business → proxy /cgi-bin/user/info → reply: ${text}`);
  const jssdk = (await (await fetch(`${business.replace(/\/wechat$/, '')}/jssdk?url=https://example.com/page`)).json()) as { signature?: string };
  console.log(`  GET /jssdk → wx.config signature ${jssdk.signature} (ticket from the token server's /ticket)`);
  const noKey = await fetch(`${proxy}/cgi-bin/user/info?openid=x`);
  const notAllowed = await fetch(`${proxy}/cgi-bin/tags/get`, { headers: { authorization: `Bearer ${env.BUSINESS_PROXY_KEY}` } });
  console.log(`  proxy without a key → ${noKey.status}; /cgi-bin/tags/get (not in the allow-list) → ${notAllowed.status}, never forwarded`);
  const passed =
    reply.kind === 'reply' && /^你好 — /.test(text) && /^[0-9a-f]{40}$/.test(jssdk.signature ?? '') && noKey.status === 401 && notAllowed.status === 403;
  console.log(passed ? 'central-token example: ready' : 'central-token example: the demo did not get the expected answers');
  return passed;
}

let stopping = false;
const finish = (code: number): void => {
  if (stopping) return;
  stopping = true;
  void stopAll().then(() => process.exit(code));
};
for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, () => finish(0));
main().then(
  (passed) => {
    if (once || !passed) return finish(passed ? 0 : 1);
    console.log('Ctrl-C stops every part.');
  },
  (e: unknown) => {
    console.error(`central-token example: ${e instanceof Error ? e.message : String(e)}`);
    finish(1);
  },
);
