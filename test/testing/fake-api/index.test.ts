import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFakeWeChatApi } from '../../../src/testing/fake-api/index.js';

const T0 = 1_700_000_000;
const BASE = 'https://api.weixin.qq.com';

async function call(api: ReturnType<typeof createFakeWeChatApi>, path: string, init: RequestInit = {}): Promise<Record<string, unknown>> {
  return (await (await api.fetch(`${BASE}${path}`, init)).json()) as Record<string, unknown>;
}

test('classic tokens: each fetch supersedes the previous after the overlap (then 40001 "not latest")', async () => {
  const clock = { t: T0 };
  const api = createFakeWeChatApi({ now: () => clock.t });
  const q = `grant_type=client_credential&appid=${api.appId}&secret=${api.appSecret}`;
  const a = (await call(api, `/cgi-bin/token?${q}`))['access_token'] as string;
  assert.equal((await call(api, `/cgi-bin/menu/get?access_token=${a}`))['errcode'] ?? 0, 0);
  const b = (await call(api, `/cgi-bin/token?${q}`))['access_token'] as string;
  assert.notEqual(a, b);
  clock.t += 299;
  assert.equal((await call(api, `/cgi-bin/menu/get?access_token=${a}`))['errcode'] ?? 0, 0, 'inside the overlap');
  clock.t += 1;
  assert.equal((await call(api, `/cgi-bin/menu/get?access_token=${a}`))['errcode'], 40001);
  assert.equal((await call(api, `/cgi-bin/menu/get?access_token=${b}`))['errcode'] ?? 0, 0);
  clock.t += 7200;
  assert.equal((await call(api, `/cgi-bin/menu/get?access_token=${b}`))['errcode'], 42001);
  assert.equal((await call(api, '/cgi-bin/menu/get'))['errcode'], 41001);
  assert.equal((await call(api, '/cgi-bin/menu/get?access_token=nope'))['errcode'], 40014);
  assert.equal((await call(api, `/cgi-bin/token?grant_type=x&appid=${api.appId}&secret=${api.appSecret}`))['errcode'], 40002);
  assert.equal((await call(api, `/cgi-bin/token?grant_type=client_credential&secret=${api.appSecret}`))['errcode'], 41002);
  assert.equal((await call(api, `/cgi-bin/token?grant_type=client_credential&appid=wxother&secret=${api.appSecret}`))['errcode'], 40013);
  assert.equal((await call(api, `/cgi-bin/token?grant_type=client_credential&appid=${api.appId}`))['errcode'], 41004);
});

test('stable tokens: same while valid, rotated 5 min early with overlap, force_refresh invalidates', async () => {
  const clock = { t: T0 };
  const api = createFakeWeChatApi({ now: () => clock.t });
  const post = (body: Record<string, unknown>): Promise<Record<string, unknown>> =>
    call(api, '/cgi-bin/stable_token', { method: 'POST', body: JSON.stringify(body) });
  const cred = { grant_type: 'client_credential', appid: api.appId, secret: api.appSecret };
  const a = await post(cred);
  assert.equal(a['expires_in'], 7200);
  clock.t += 100;
  const same = await post(cred);
  assert.equal(same['access_token'], a['access_token']);
  assert.equal(same['expires_in'], 7100);
  clock.t += 6800; // 300 s left → rotation
  const b = await post(cred);
  assert.notEqual(b['access_token'], a['access_token']);
  assert.equal((await call(api, `/cgi-bin/user/get?access_token=${String(a['access_token'])}`))['errcode'] ?? 0, 0, 'old still valid');
  const c = await post({ ...cred, force_refresh: true });
  assert.notEqual(c['access_token'], b['access_token']);
  assert.equal((await call(api, `/cgi-bin/user/get?access_token=${String(b['access_token'])}`))['errcode'], 40001);
  assert.equal((await call(api, '/cgi-bin/stable_token'))['errcode'], 43002);
  assert.equal((await post({ ...cred, grant_type: 'x' }))['errcode'], 40002);
  assert.equal((await post({ ...cred, secret: 'wrong' }))['errcode'], 40125);
  api.tokens.revokeAll();
  assert.equal((await call(api, `/cgi-bin/user/get?access_token=${String(c['access_token'])}`))['errcode'], 40001);
});

test('scripts, routes, defaults, tickets, media and the call log', async () => {
  const api = createFakeWeChatApi();
  const tok = api.issueToken('classic').value;
  api.script('/x', 45009, { ok: 1 }, (c) => ({ echoed: c.query['a'] }), new Response('raw'));
  assert.equal((await call(api, '/x'))['errcode'], 45009);
  assert.deepEqual(await call(api, '/x'), { ok: 1 });
  assert.deepEqual(await call(api, '/x?a=7'), { echoed: '7' });
  assert.equal(await (await api.fetch(`${BASE}/x`)).text(), 'raw');
  assert.equal((await call(api, '/x'))['errcode'], 41001, 'queue empty: built-in behaviour');
  api.route('/y', () => ({ routed: true }));
  assert.deepEqual(await call(api, '/y'), { routed: true });
  assert.deepEqual(await call(api, '/y'), { routed: true });
  assert.deepEqual(await call(api, `/cgi-bin/anything?access_token=${tok}`), { errcode: 0, errmsg: 'ok' });
  const t1 = await call(api, `/cgi-bin/ticket/getticket?access_token=${tok}&type=jsapi`);
  const t2 = await call(api, `/cgi-bin/ticket/getticket?access_token=${tok}`);
  assert.equal(t1['ticket'], t2['ticket']);
  assert.equal((await call(api, `/cgi-bin/ticket/getticket?access_token=${tok}&type=bad`))['errcode'], 40097);
  const noId = await api.fetch(`${BASE}/cgi-bin/media/get?access_token=${tok}`);
  assert.equal(noId.headers.get('content-type'), 'text/plain');
  assert.equal((await api.fetch(`${BASE}/cgi-bin/showqrcode`)).status, 404);
  // Request and URL inputs; non-JSON string bodies are kept as text
  await api.fetch(new Request(`${BASE}/z?q=1`), { method: 'POST', body: 'not json', headers: { 'x-a': 'b' } });
  await api.fetch(new URL(`${BASE}/z`));
  const z = api.callsTo('/z');
  assert.equal(z[0]?.body, 'not json');
  assert.equal(z[0]?.headers['x-a'], 'b');
  assert.equal(z[0]?.query['q'], '1');
  assert.equal(z[1]?.method, 'GET');
  assert.ok(api.calls.length > 10);
});

test('latency honours abort signals and marks the call as aborted', async () => {
  const api = createFakeWeChatApi({ latencyMs: 10_000 });
  const ctrl = new AbortController();
  const p = api.fetch(`${BASE}/slow`, { signal: ctrl.signal });
  ctrl.abort();
  await assert.rejects(p, { name: 'AbortError' });
  assert.equal(api.calls[0]?.aborted, true);
  await assert.rejects(api.fetch(`${BASE}/slow`, { signal: AbortSignal.abort() }), { name: 'AbortError' });
  assert.equal(api.calls.length, 1, 'an already-aborted request never arrives');
  const ticks: number[] = [];
  const fast = createFakeWeChatApi({ sleep: async (ms) => void ticks.push(ms) });
  fast.setLatency(50);
  fast.setLatency(70, '/p');
  await fast.fetch(`${BASE}/q`);
  await fast.fetch(`${BASE}/p`);
  assert.deepEqual(ticks, [50, 70]);
  const ctrl2 = new AbortController();
  const slow = createFakeWeChatApi({ sleep: async () => void ctrl2.abort() });
  slow.setLatency(1);
  await assert.rejects(slow.fetch(`${BASE}/q`, { signal: ctrl2.signal }), { name: 'AbortError' });
});

test('OAuth codes: single use, expiry, unknown', async () => {
  const clock = { t: T0 };
  const api = createFakeWeChatApi({ now: () => clock.t });
  const q = (code: string): string => `/sns/oauth2/access_token?appid=${api.appId}&secret=${api.appSecret}&code=${code}&grant_type=authorization_code`;
  const code = api.issueOAuthCode('o1');
  const g = await call(api, q(code));
  assert.equal(g['openid'], 'o1');
  assert.equal(g['scope'], 'snsapi_base');
  assert.equal((await call(api, q(code)))['errcode'], 40163);
  assert.equal((await call(api, q('nope')))['errcode'], 40029);
  assert.equal((await call(api, `/sns/oauth2/access_token?appid=${api.appId}&secret=bad&code=x`))['errcode'], 40125);
  const tok = g['access_token'] as string;
  assert.equal((await call(api, `/sns/auth?access_token=${tok}&openid=o2`))['errcode'], 40001);
  clock.t += 7200;
  assert.equal((await call(api, `/sns/auth?access_token=${tok}&openid=o1`))['errcode'], 42001);
  assert.deepEqual(await call(api, '/sns/other'), { errcode: 0, errmsg: 'ok' });
});
