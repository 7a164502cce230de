// `wxmp token-server` and `wxmp proxy`: configuration errors in-process (exit 2, the setting named,
// no secret printed), a run in-process until the signal, and the whole chain spawned as real
// processes from JSON config files: business → proxy → token server → platform.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connectRedis, maskUrl } from '../../src/cli/redis-connect.js';
import { main } from '../../src/cli/main.js';
import { startCli } from '../central/_cli.js';
import { APP_ID, assertNoSecret, BIZ_KEY, PROXY_KEY, SECRET, servePlatform, withKey } from '../central/_kit.js';

const SECRETS = [SECRET, BIZ_KEY, PROXY_KEY];

async function run(argv: string[], env: Record<string, string> = {}, files: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, {
    stdout: (s) => void (out += s),
    stderr: (s) => void (err += s),
    env,
    readFile: (p) => {
      if (!(p in files)) throw new Error('ENOENT');
      return files[p] as string;
    },
  });
  assertNoSecret([out, err], SECRETS);
  return { code, out, err };
}

const TOKEN_ENV = { WECHAT_APP_ID: APP_ID, WECHAT_APP_SECRET: SECRET, WXMP_CLIENT_KEYS: BIZ_KEY };

describe('wxmp token-server / proxy: usage (in-process)', () => {
  it('--help, help token-server, help proxy', async () => {
    for (const argv of [
      ['token-server', '--help'],
      ['help', 'token-server'],
      ['token-server', '-h'],
    ])
      assert.match((await run(argv)).out, /GET {2}\/token\?appid=A/);
    for (const argv of [
      ['proxy', '--help'],
      ['help', 'proxy'],
    ])
      assert.match((await run(argv)).out, /"allow": \["\/cgi-bin\/user\/info"/);
    assert.match((await run(['--help'])).out, /wxmp token-server \[options\]/);
  });

  const cases: [string[], Record<string, string>, RegExp, Record<string, string>?][] = [
    [['token-server'], {}, /set WECHAT_APP_ID/],
    [['token-server'], { WECHAT_APP_ID: APP_ID }, /set WECHAT_APP_SECRET/],
    [['token-server'], { WECHAT_APP_ID: APP_ID, WECHAT_APP_SECRET: SECRET, WXMP_CLIENT_KEYS: '' }, /set WXMP_CLIENT_KEYS/],
    [['token-server', '--port', '70000'], TOKEN_ENV, /port must be an integer/],
    [['token-server', '--port', 'x'], TOKEN_ENV, /port must be an integer/],
    [['token-server', '--host', 'a b'], TOKEN_ENV, /host must be/],
    [['token-server', 'extra'], TOKEN_ENV, /takes no arguments/],
    [['token-server', '--bogus'], TOKEN_ENV, /unknown option "--bogus"/],
    [['token-server'], { ...TOKEN_ENV, WXMP_RATE_PER_MINUTE: 'lots' }, /WXMP_RATE_PER_MINUTE must be a positive number/],
    [['token-server'], { ...TOKEN_ENV, WXMP_CLIENT_KEYS: 'short' }, /invalid configuration: clients\[0\]\.key must be 16-512/],
    [['token-server'], { ...TOKEN_ENV, WECHAT_APP_SECRET: 'short' }, /invalid configuration: appSecret must be/],
    [['token-server'], { ...TOKEN_ENV, WXMP_REDIS_CLIENT: 'valkey' }, /redisClient must be/],
    [['token-server', '--config', 'missing.json'], {}, /cannot read the config file "missing.json"/],
    [['token-server', '--config', 'bad.json'], {}, /not valid JSON/, { 'bad.json': '{' }],
    [['token-server', '--config', 'arr.json'], {}, /must hold a JSON object/, { 'arr.json': '[]' }],
    [
      ['token-server'],
      { WXMP_CONFIG: 'env.json' },
      /config\.accounts\[0\]\.appSecret: the environment variable NOPE is not set/,
      { 'env.json': JSON.stringify({ accounts: [{ appId: APP_ID, appSecret: 'env:NOPE' }], clients: [] }) },
    ],
    [['token-server', '--config', 'c.json'], {}, /baseUrl must be a string/, { 'c.json': JSON.stringify({ baseUrl: 42 }) }],
    // env:NAME:-default: the default applies when the variable is unset or empty (here a too-short secret)
    [
      ['token-server', '--config', 'd.json'],
      { EMPTY: '' },
      /invalid configuration: appSecret must be/,
      { 'd.json': JSON.stringify({ accounts: [{ appId: APP_ID, appSecret: 'env:EMPTY:-short' }], clients: [{ key: BIZ_KEY, appIds: '*' }] }) },
    ],
    [['proxy'], { WECHAT_APP_ID: APP_ID }, /set WXMP_TOKEN_SERVER_URL and WXMP_TOKEN_SERVER_KEY/],
    [['proxy'], { WECHAT_APP_ID: APP_ID, WXMP_TOKEN_SERVER_URL: 'http://127.0.0.1:1' }, /set WXMP_TOKEN_SERVER_KEY/],
    [['proxy'], { WECHAT_APP_ID: APP_ID, WECHAT_APP_SECRET: SECRET }, /set WXMP_PROXY_KEYS/],
    [['proxy'], { WECHAT_APP_ID: APP_ID, WECHAT_APP_SECRET: SECRET, WXMP_PROXY_KEYS: PROXY_KEY }, /set WXMP_PROXY_ALLOW/],
    [
      ['proxy'],
      { WECHAT_APP_ID: APP_ID, WECHAT_APP_SECRET: SECRET, WXMP_PROXY_KEYS: PROXY_KEY, WXMP_PROXY_ALLOW: 'cgi-bin/x' },
      /invalid configuration: callers\[0\]\.allow/,
    ],
    [['proxy', '--config', 'p.json'], {}, /either appSecret or tokenServer/, { 'p.json': JSON.stringify({ appId: APP_ID, callers: [] }) }],
    [
      ['proxy', '--config', 'p.json'],
      {},
      /either appSecret or tokenServer/,
      { 'p.json': JSON.stringify({ appId: APP_ID, appSecret: SECRET, tokenServer: { url: 'http://x', key: BIZ_KEY }, callers: [] }) },
    ],
  ];
  for (const [argv, env, pattern, files] of cases) {
    it(`${argv.join(' ')} ${Object.keys(env).join(',')} → exit 2`, async () => {
      const r = await run(argv, env, files);
      assert.equal(r.code, 2, r.err);
      assert.match(r.err, pattern);
      assert.match(r.err, new RegExp(`wxmp ${argv[0] === 'proxy' ? 'proxy' : 'token-server'} --help`));
    });
  }

  it('a Redis that cannot be reached is a usage error naming the URL without its password', async () => {
    await assert.rejects(
      connectRedis('redis://:hunter2secret@127.0.0.1:9', 'redis', () => {}, 300),
      /cannot connect to Redis at redis:\/\/\*\*\*@127\.0\.0\.1:9 with redis/,
    );
    await assert.rejects(
      connectRedis('redis://127.0.0.1:9', 'ioredis', () => {}, 300),
      /with ioredis/,
    );
    assert.equal(maskUrl('rediss://user:pw@host:6380/0'), 'rediss://***@host:6380/0');
    assert.equal(maskUrl('redis://host:6379'), 'redis://host:6379');
  });
});

describe('wxmp token-server in-process: serves until the signal', () => {
  it('listens, answers /token, prints no secret, stops with exit 0', async () => {
    const platform = await servePlatform();
    const stop = new AbortController();
    let out = '';
    let err = '';
    const running = main(['token-server', '--port', '0', '--verbose'], {
      stdout: (s) => void (out += s),
      stderr: (s) => void (err += s),
      env: { ...TOKEN_ENV, WECHAT_BASE_URL: platform.url },
      signal: stop.signal,
    });
    try {
      for (let i = 0; i < 200 && !/listening on/.test(out); i++) await new Promise((r) => setTimeout(r, 25));
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1] as string;
      const r = await fetch(`${url}/token?appid=${APP_ID}`, withKey(BIZ_KEY));
      assert.equal(r.status, 200);
      assert.match(out, /accounts: wx0123456789abcdef; 1 client key\(s\)/);
      assert.match(out, /Redis: none/);
    } finally {
      stop.abort();
    }
    assert.equal(await running, 0);
    assert.match(out, /stopped/);
    assert.match(err, /200 GET \/token for client1/, '--verbose logs answered requests');
    assertNoSecret([out, err], [...SECRETS, ...platform.api.tokens.tokens.keys()]);
    await platform.close();
  });

  it('a port already in use is a usage error', async () => {
    const platform = await servePlatform();
    const port = Number(new URL(platform.url).port);
    const r = await run(['token-server', '--port', String(port)], { ...TOKEN_ENV, WECHAT_BASE_URL: platform.url });
    assert.equal(r.code, 2);
    assert.match(r.err, /cannot listen on 127\.0\.0\.1:\d+ \(EADDRINUSE\)/);
    await platform.close();
  });
});

describe('wxmp token-server + wxmp proxy, spawned from JSON config files', () => {
  let dir: string;
  let platform: Awaited<ReturnType<typeof servePlatform>>;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wxmp-serve-'));
    platform = await servePlatform();
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await platform.close();
  });

  it('business → proxy → token server → platform; secrets come from env: references and are never printed', { timeout: 60_000 }, async () => {
    writeFileSync(
      join(dir, 'token-server.json'),
      JSON.stringify({
        port: 0,
        baseUrl: platform.url,
        accounts: [{ appId: APP_ID, appSecret: 'env:APP_SECRET' }],
        clients: [{ name: 'proxy', key: 'env:PROXY_TOKEN_KEY', appIds: [APP_ID] }],
      }),
    );
    const ts = await startCli(['token-server', '--config', join(dir, 'token-server.json')], { APP_SECRET: SECRET, PROXY_TOKEN_KEY: BIZ_KEY });
    writeFileSync(
      join(dir, 'proxy.json'),
      JSON.stringify({
        port: 0,
        appId: APP_ID,
        baseUrl: platform.url,
        tokenServer: { url: ts.url, key: 'env:PROXY_TOKEN_KEY' },
        callers: [{ name: 'shop', key: 'env:SHOP_KEY', allow: ['/cgi-bin/user/*'], ratePerMinute: 600 }],
      }),
    );
    const proxy = await startCli(['proxy'], { WXMP_CONFIG: join(dir, 'proxy.json'), PROXY_TOKEN_KEY: BIZ_KEY, SHOP_KEY: PROXY_KEY });
    try {
      assert.match(proxy.output(), /account: wx0123456789abcdef; tokens from http:\/\/127\.0\.0\.1:\d+; 1 caller key\(s\)/);
      const users = await fetch(`${proxy.url}/cgi-bin/user/get`, withKey(PROXY_KEY));
      assert.equal(users.status, 200);
      assert.equal(((await users.json()) as { total: number }).total, 3);
      assert.equal((await fetch(`${proxy.url}/cgi-bin/menu/get`, withKey(PROXY_KEY))).status, 403);
      assert.equal((await fetch(`${proxy.url}/cgi-bin/user/get`, withKey(BIZ_KEY))).status, 401, "the proxy's own key at the token server is not a caller key");
      assert.equal(platform.tokenFetches(), 1);
    } finally {
      assert.equal(await proxy.stop('SIGINT'), 0);
      assert.equal(await ts.stop('SIGTERM'), 0);
    }
    assertNoSecret([ts.output(), proxy.output()], [...SECRETS, ...platform.api.tokens.tokens.keys()]);
    assert.match(proxy.output(), /403 .*may not call this path|may not call this path/, 'the refusal is logged');
  });

  it('wxmp proxy with its own AppSecret from the environment', { timeout: 60_000 }, async () => {
    const proxy = await startCli(['proxy', '--port', '0'], {
      WECHAT_APP_ID: APP_ID,
      WECHAT_APP_SECRET: SECRET,
      WECHAT_BASE_URL: platform.url,
      WXMP_PROXY_KEYS: PROXY_KEY,
      WXMP_PROXY_ALLOW: '/cgi-bin/menu/*, /cgi-bin/user/get',
    });
    try {
      assert.match(proxy.output(), /tokens with its own AppSecret/);
      assert.equal((await fetch(`${proxy.url}/cgi-bin/menu/get`, withKey(PROXY_KEY))).status, 200);
    } finally {
      assert.equal(await proxy.stop(), 0);
    }
    assertNoSecret([proxy.output()], [...SECRETS, ...platform.api.tokens.tokens.keys()]);
  });
});
