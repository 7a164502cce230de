// The same core vectors, run against the BUILT package (dist/) on Node, Deno and Bun.
// Plain JavaScript with no test framework so that every runtime executes it as-is; prints the
// closing line "N passed, N failed" and exits non-zero on any failure.
import { readFileSync } from 'node:fs';
import * as w from '../../dist/index.js';
import * as t from '../../dist/testing/index.js';
import * as r from '../../dist/redis/index.js';
import * as c from '../../dist/central/index.js';
import * as o from '../../dist/open-platform/index.js';

const runtime = typeof Deno !== 'undefined' ? `deno ${Deno.version.deno}` : typeof Bun !== 'undefined' ? `bun ${Bun.version}` : `node ${process.version}`;
const json = (name) => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));
const hex = (s) => Uint8Array.from(s.match(/../g) ?? [], (b) => parseInt(b, 16));
const bytes = (s) => new TextEncoder().encode(s);

let passed = 0;
let failed = 0;
const pending = [];
function check(name, fn) {
  const done = (err) => {
    if (err) {
      failed++;
      console.log(`not ok - ${name}: ${err?.message ? err.message : err}`);
    } else {
      passed++;
    }
  };
  try {
    const r = fn();
    if (r && typeof r.then === 'function') pending.push(r.then(() => done(), done));
    else done();
  } catch (e) {
    done(e);
  }
}
function eq(actual, expected, what = 'value') {
  if (actual !== expected) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}
function throwsCode(fn, code) {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof w.WxmpError)) throw new Error(`expected WxmpError ${code}, got ${e}`);
    eq(e.code, code, 'error code');
    return;
  }
  throw new Error(`expected ${code}, nothing thrown`);
}

// --- signatures
const sig = json('vectors/signature.json');
for (const v of sig.signature) check(`checkSignature ${v.source}`, () => eq(w.checkSignature(v.token, v), true));
for (const v of sig.signatureMismatch) check(`checkSignature mismatch ${v.source}`, () => eq(w.checkSignature(v.token, v), false));
for (const v of sig.computeSignature) check(`computeSignature ${v.source}`, () => eq(w.computeSignature(...v.parts), v.signature));
for (const v of sig.jssdk) check(`jssdkSignature ${v.source}`, () => eq(w.jssdkSignature(v), v.signature));
check('checkSignature never throws on garbage', () => eq(w.checkSignature('tok', { signature: null, timestamp: 1, nonce: {} }), false));

// --- message crypto
for (const file of ['vectors/crypto.json', 'vectors/crypto-generated.json']) {
  const set = json(file);
  const mc = (name) => new w.MessageCrypto(set.configs[name]);
  for (const v of set.encrypt ?? []) {
    const random = v.random ? hex(v.random) : bytes(v.randomText);
    check(`encrypt ${v.name ?? v.source}`, () => eq(mc(v.config).encrypt(v.plaintext, { random }), v.ciphertext));
    check(`decrypt ${v.name ?? v.source}`, () => eq(mc(v.config).decrypt(v.ciphertext), v.plaintext));
  }
  for (const v of set.decryptMessage ?? []) {
    check(`decryptMessage ${v.source}`, () => eq(mc(v.config).decryptMessage(v.body, v), v.plaintext));
  }
  for (const v of set.echostr ?? []) {
    check(`decryptEchostr ${v.source}`, () => eq(mc(v.config).decryptEchostr(v.echostr, v), v.plaintext));
  }
}
check('crypto round trip (CJK, emoji, ]]>)', () => {
  const c = new w.MessageCrypto({ token: 'pamtest', encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', appId: 'wxb11529c136998cb6' });
  const msg = '<xml><Content><![CDATA[你好 😀 a]]]]><![CDATA[>b]]></Content></xml>'.repeat(20);
  eq(c.decrypt(c.encrypt(msg)), msg);
});
check('appId mismatch is rejected', () => {
  const cfg = { token: 'pamtest', encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' };
  const ct = new w.MessageCrypto({ ...cfg, appId: 'wxaaaaaaaaaaaaaaaa' }).encrypt('<xml/>');
  throwsCode(() => new w.MessageCrypto({ ...cfg, appId: 'wxaaaaaaaaaaaaaaab' }).decrypt(ct), 'CRYPTO_APPID_MISMATCH');
});

check('strict base64 on this runtime (junk, whitespace, non-canonical bits, URL-safe)', () => {
  const c = new w.MessageCrypto({ token: 'pamtest', encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', appId: 'wxb11529c136998cb6' });
  const good = c.encrypt('<xml/>');
  eq(c.decrypt(good), '<xml/>');
  const flip = good.slice(0, -3) + (good.at(-3) === 'A' ? 'B' : 'A') + good.slice(-2);
  for (const bad of [
    `${good.slice(0, 10)} ${good.slice(11)}`,
    `${good.slice(0, 10)}*${good.slice(11)}`,
    good.replace(/\+/g, '-').replace(/\//g, '_'),
    `${good.slice(0, -2)}=A`,
  ]) {
    if (bad === good) continue;
    throwsCode(() => c.decrypt(bad), 'CRYPTO_INVALID_BASE64');
  }
  try {
    c.decrypt(flip);
  } catch (e) {
    if (!(e instanceof w.WxmpError)) throw e;
  }
});

// --- XML, messages, replies
check('parseXml/buildXml round trip', () => {
  const rec = w.parseXml(w.buildXml({ A: 'x ]]> y', B: { C: '中文' } }));
  eq(rec.A, 'x ]]> y');
  eq(rec.B.C, '中文');
});
check('DOCTYPE is refused', () => throwsCode(() => w.parseXml('<!DOCTYPE x [<!ENTITY e "e">]><xml>&e;</xml>'), 'XML_DOCTYPE_FORBIDDEN'));
check('parseMessage keeps 64-bit MsgId exact', () => {
  const m = w.parseMessage(
    '<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[o1]]></FromUserName><CreateTime>1348831860</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hi]]></Content><MsgId>24518394038279127401</MsgId></xml>',
  );
  eq(m.msgType, 'text');
  eq(m.content, 'hi');
  eq(m.msgId, '24518394038279127401');
  eq(m.createTime, 1348831860);
});
check('renderReply splits ]]>', () => {
  const xml = w.renderReply({ msgType: 'text', content: 'a]]>b' }, { toUserName: 'o1', fromUserName: 'gh_1', createTime: 1 });
  eq(w.parseXml(xml).Content, 'a]]>b');
});

// --- webhook + simulator, all three modes (Web-standard Request → Response on every runtime)
const key = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
for (const mode of ['plaintext', 'compatible', 'safe']) {
  check(`webhook ${mode} mode answers a simulated push`, async () => {
    const cfg = mode === 'plaintext' ? { token: 'tok123' } : { token: 'tok123', encodingAESKey: key, appId: 'wxb11529c136998cb6' };
    let calls = 0;
    const webhook = w.createWebhook({
      ...cfg,
      mode,
      handler: (m) => {
        calls++;
        return { msgType: 'text', content: `echo:${m.content}` };
      },
    });
    const sim = t.createSimulator({ ...cfg, mode });
    const push = sim.text('你好');
    const first = await sim.readReply(await webhook(push.request()));
    const retry = await sim.readReply(await webhook(push.request()));
    eq(first.kind, 'reply');
    eq(first.reply.content, 'echo:你好');
    eq(retry.reply.content, 'echo:你好', 'retry reply');
    eq(calls, 1, 'handler runs');
    eq(first.encrypted, mode !== 'plaintext', 'encrypted');
  });
}
check('webhook rejects a forged signature with 403', async () => {
  const webhook = w.createWebhook({ token: 'tok123', handler: () => undefined });
  const res = await webhook(
    new Request('http://127.0.0.1/wechat?signature=0000000000000000000000000000000000000000&timestamp=1&nonce=1&echostr=<script>', { method: 'GET' }),
  );
  eq(res.status, 403);
  eq((await res.text()).includes('<script>'), false, 'reflected');
});

check('webhook: a push without signature is refused before a byte of its body is read', async () => {
  const errors = [];
  const cfg = { token: 'tok123', encodingAESKey: key, appId: 'wxb11529c136998cb6' };
  const webhook = w.createWebhook({ ...cfg, handler: () => undefined, onError: (e) => errors.push(e.code) });
  const u = new URL(t.createSimulator(cfg).text('x').url);
  u.searchParams.delete('signature');
  let pulled = 0;
  const body = new ReadableStream({
    pull(c) {
      pulled++;
      c.enqueue(bytes('<xml>'));
    },
  });
  eq((await webhook(new Request(u, { method: 'POST', body, duplex: 'half' }))).status, 400);
  eq(pulled, 0, 'bytes read');
  eq(errors.join(), 'WEBHOOK_BAD_QUERY');
});
check('webhook: a body in one-byte chunks is reassembled; a stalled body ends at the read deadline (408)', async () => {
  const webhook = w.createWebhook({ token: 'tok123', bodyTimeoutMs: 50, onError: () => {}, handler: (m) => ({ msgType: 'text', content: m.content }) });
  const sim = t.createSimulator({ token: 'tok123' });
  const push = sim.text('一字节');
  const all = bytes(push.body);
  let i = 0;
  const drip = new ReadableStream({
    pull(c) {
      if (i < all.length) c.enqueue(all.slice(i, ++i));
      else c.close();
    },
  });
  const out = await sim.readReply(await webhook(new Request(push.url, { method: 'POST', body: drip, duplex: 'half' })));
  eq(out.reply.content, '一字节');
  const stalled = new ReadableStream({
    pull(c) {
      c.enqueue(bytes('<'));
      return new Promise(() => {});
    },
  });
  eq((await webhook(new Request(sim.text('x').url, { method: 'POST', body: stalled, duplex: 'half' }))).status, 408);
});

// --- API client against the fake platform
check('client: single-flight stable_token', async () => {
  const fake = t.createFakeWeChatApi({ appId: 'wx1234567890abcdef', appSecret: 'secret-0123456789abcdef' });
  const client = new w.WeChatClient({ appId: 'wx1234567890abcdef', appSecret: 'secret-0123456789abcdef', fetch: fake.fetch });
  const tokens = await Promise.all(Array.from({ length: 50 }, () => client.getAccessToken()));
  eq(new Set(tokens).size, 1, 'distinct tokens');
  eq(fake.calls.filter((c) => c.path.includes('token')).length, 1, 'token requests');
});

// --- wxmp/redis over a node-redis-shaped stand-in (the real redis-server tests run on Node)
check('wxmp/redis: dedupe store and the EVALSHA → EVAL fallback', async () => {
  const data = new Map();
  const sent = [];
  const client = {
    isReady: true,
    async sendCommand(a) {
      sent.push(a[0]);
      if (a[0] === 'SET') {
        if (a.includes('NX') && data.has(a[1])) return null;
        data.set(a[1], a[2]);
        return 'OK';
      }
      if (a[0] === 'GET') return data.get(a[1]) ?? null;
      if (a[0] === 'EVALSHA') throw new Error(/^[0-9a-f]{40}$/.test(a[1]) ? 'NOSCRIPT No matching script' : 'ERR bad sha');
      return 0;
    },
  };
  const d = new r.RedisDedupeStore({ client });
  eq(await d.claim('k', 5), 'new');
  eq(await d.claim('k', 5), 'duplicate');
  eq(await d.getReply('k'), null);
  await d.putReply('k', '<xml>你好</xml>', 60);
  eq(await d.getReply('k'), '<xml>你好</xml>');
  await new r.RedisTokenCache({ client }).delete('t', 'TOKEN_X_00000000');
  eq(sent.slice(-2).join(), 'EVALSHA,EVAL');
  client.isReady = false;
  const e = await d.claim('z', 5).then(
    () => undefined,
    (x) => x,
  );
  eq(e instanceof w.WxmpError && e.code, 'REDIS_UNAVAILABLE');
});

check('wxmp/central: token server → remote provider → API proxy, as plain Web handlers', async () => {
  const api = t.createFakeWeChatApi();
  const KEY = 'runtime-business-key-0123';
  const server = c.createTokenServer({
    accounts: [{ appId: api.appId, appSecret: api.appSecret }],
    clients: [{ key: KEY, appIds: [api.appId] }],
    fetch: api.fetch,
    activeRefresh: false,
  });
  eq((await server(new Request(`http://ts/token?appid=${api.appId}`))).status, 401);
  const viaServer = (input, init) => server(new Request(input, init));
  const client = new w.WeChatClient({
    appId: api.appId,
    fetch: api.fetch,
    tokenProvider: c.remoteTokenProvider({ url: 'http://ts', key: KEY, fetch: viaServer }),
  });
  const proxy = c.createApiProxy({ client, callers: [{ key: KEY, allow: ['/cgi-bin/media/*'] }] });
  const form = new FormData();
  form.append('media', new Blob([new Uint8Array([1, 2, 250])], { type: 'image/jpeg' }), 'a.jpg');
  const auth = { authorization: `Bearer ${KEY}` };
  const up = await (await proxy(new Request('http://p/cgi-bin/media/upload?type=image', { method: 'POST', headers: auth, body: form }))).json();
  const down = await proxy(new Request(`http://p/cgi-bin/media/get?media_id=${up.media_id}`, { headers: auth }));
  eq([...new Uint8Array(await down.arrayBuffer())].join(), '1,2,250', 'downloaded bytes');
  eq((await proxy(new Request('http://p/cgi-bin/user/get', { headers: auth }))).status, 403, 'not allowed');
  eq(api.callsTo('/cgi-bin/stable_token').length, 1, 'token fetches');
});

// --- wxmp/open-platform: the component flow and an authorizer push, against the fake platform
check('wxmp/open-platform: ticket push → token → query_auth → authorizer call → authorizer push', async () => {
  const keys = { token: 'componentToken01', encodingAESKey: 'ComponentKey0123456789abcdefghijklmnopqrstu' };
  const fake = t.createFakeWeChatApi({ component: { appId: 'wxcomponent0000001', appSecret: 'fake_component_secret_0123456789' } });
  const component = new o.ComponentClient({
    componentAppId: 'wxcomponent0000001',
    componentAppSecret: 'fake_component_secret_0123456789',
    ...keys,
    fetch: fake.fetch,
  });
  if (o.ComponentClient !== w.ComponentClient) throw new Error('one ComponentClient for the root and the sub-path');
  const sim = t.createSimulator({ ...keys, appId: 'wxcomponent0000001' });
  const events = o.createComponentWebhook({ component, onError: () => {} });
  eq(await (await events(sim.componentVerifyTicket(fake.component.issueTicket()).request())).text(), 'success');
  const url = await component.preAuthUrl({ redirectUri: 'https://saas.example.com/cb' });
  const info = await component.queryAuth(fake.component.authorize(url).authorizationCode);
  eq(info.authorizer_appid, fake.appId);
  eq((await component.authorizer(fake.appId).menu.get()).menu.button.length > 0, true, 'authorizer call');
  const webhook = w.createWebhook({ component, onError: () => {}, handler: (m, ctx) => ({ msgType: 'text', content: `${ctx.authorizerAppId}:${m.content}` }) });
  const push = sim.text('你好', { url: `http://127.0.0.1/${fake.appId}/callback` });
  const out = await sim.readReply(await webhook(push.request()), push);
  eq(out.reply.content, `${fake.appId}:你好`);
});

await Promise.all(pending);
console.log(`runtime ${runtime}: ${passed} passed, ${failed} failed`);
if (failed) {
  if (typeof Deno !== 'undefined') Deno.exit(1);
  process.exit(1);
}
