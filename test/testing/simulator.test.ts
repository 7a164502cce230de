import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MessageCrypto } from '../../src/crypto/index.js';
import { renderReply } from '../../src/replies/index.js';
import { computeSignature } from '../../src/signature.js';
import { createSimulator } from '../../src/testing/simulator.js';
import { parseXml } from '../../src/xml/index.js';
import { appId, encodingAESKey, keys, NOW, now, token } from '../server/_kit.js';
import { rejectsCode, throwsCode } from '../helpers.js';

const mc = new MessageCrypto(keys);

test('verify(): the signed GET WeChat sends, in its parameter order', () => {
  const sim = createSimulator({ token, now, url: 'https://example.com/wx?app=1' });
  const req = sim.verify('12345', { nonce: '777' });
  assert.equal(req.method, 'GET');
  const u = new URL(req.url);
  assert.equal(u.origin + u.pathname, 'https://example.com/wx');
  assert.deepEqual([...u.searchParams.keys()], ['app', 'signature', 'echostr', 'timestamp', 'nonce']);
  assert.equal(u.searchParams.get('signature'), computeSignature(token, String(NOW), '777'));
  assert.equal(u.searchParams.get('echostr'), '12345');
  assert.match(new URL(sim.verify().url).searchParams.get('echostr') ?? '', /^[1-9][0-9]{18}$/);
});

test('verify({ encrypted }): WeCom-style msg_signature over an encrypted echostr', () => {
  const sim = createSimulator({ ...keys, now });
  const u = new URL(sim.verify('hello', { encrypted: true, timestamp: 5, nonce: 'n' }).url);
  const echostr = u.searchParams.get('echostr') ?? '';
  assert.equal(mc.decryptEchostr(echostr, { msgSignature: u.searchParams.get('msg_signature') ?? '', timestamp: '5', nonce: 'n' }), 'hello');
  assert.equal(u.searchParams.get('signature'), null);
  throwsCode(() => createSimulator({ token }).verify('x', { encrypted: true }), 'INVALID_ARGUMENT');
});

test('plaintext push: envelope filled, MsgId a 19-digit string, signed query with openid', async () => {
  const sim = createSimulator({ token, now, openId: 'oUser', toUserName: 'gh_acc' });
  const push = sim.text('hi', { nonce: '42' });
  assert.equal(push.mode, 'plaintext');
  assert.equal(push.encrypted, false);
  assert.equal(push.body, push.xml);
  const f = parseXml(push.xml);
  assert.equal(f.ToUserName, 'gh_acc');
  assert.equal(f.FromUserName, 'oUser');
  assert.equal(f.CreateTime, String(NOW));
  assert.equal(f.MsgType, 'text');
  assert.equal(f.Content, 'hi');
  assert.match(String(f.MsgId), /^[1-9][0-9]{18}$/);
  const u = new URL(push.url);
  assert.deepEqual([...u.searchParams.keys()], ['signature', 'timestamp', 'nonce', 'openid']);
  assert.equal(u.searchParams.get('signature'), computeSignature(token, String(NOW), '42'));
  assert.equal(u.searchParams.get('openid'), 'oUser');
  const req = push.request();
  assert.equal(req.method, 'POST');
  assert.equal(req.headers.get('content-type'), 'text/xml');
  assert.equal(await req.text(), push.body);
});

test('request() yields identical retries (same query and body)', async () => {
  const push = createSimulator({ ...keys, now }).text('retry me');
  const [a, b] = [push.request(), push.request()];
  assert.notEqual(a, b);
  assert.equal(a.url, b.url);
  assert.equal(await a.text(), await b.text());
});

test('safe mode: only ToUserName + Encrypt on the wire, msg_signature over Encrypt, decrypts to the message', () => {
  const sim = createSimulator({ ...keys, now });
  assert.equal(sim.mode, 'safe');
  const push = sim.text('secret');
  const outer = parseXml(push.body);
  assert.deepEqual(Object.keys(outer), ['ToUserName', 'Encrypt']);
  const u = new URL(push.url);
  assert.equal(u.searchParams.get('encrypt_type'), 'aes');
  const q = {
    msgSignature: u.searchParams.get('msg_signature') ?? '',
    timestamp: u.searchParams.get('timestamp') ?? '',
    nonce: u.searchParams.get('nonce') ?? '',
  };
  assert.equal(mc.decryptMessage(push.body, q), push.xml);
  assert.deepEqual([...u.searchParams.keys()], ['signature', 'timestamp', 'nonce', 'openid', 'encrypt_type', 'msg_signature']);
});

test('compatible mode: plaintext fields and Encrypt', () => {
  const sim = createSimulator({ ...keys, now, mode: 'compatible' });
  const outer = parseXml(sim.text('both').body);
  assert.equal(outer.Content, 'both');
  assert.equal(typeof outer.Encrypt, 'string');
  assert.equal(sim.text('x', { mode: 'plaintext' }).encrypted, false);
});

test('builders: every message type and the common events', () => {
  const sim = createSimulator({ token, now });
  const f = (p: { xml: string }) => parseXml(p.xml);
  assert.equal(f(sim.image('http://p')).PicUrl, 'http://p');
  assert.equal(f(sim.voice({ recognition: '你好' })).Recognition, '你好');
  assert.equal(f(sim.voice()).Recognition, undefined);
  assert.equal(f(sim.video()).MsgType, 'video');
  assert.equal(f(sim.shortvideo()).MsgType, 'shortvideo');
  const loc = f(sim.location({ x: 1.5, label: 'here' }));
  assert.equal(loc.Location_X, '1.5');
  assert.equal(loc.Label, 'here');
  assert.equal(f(sim.link({ url: 'https://a' })).Url, 'https://a');
  assert.equal(f(sim.file()).FileTotalLen, '1024');
  const sub = f(sim.subscribe('123'));
  assert.equal(sub.Event, 'subscribe');
  assert.equal(sub.EventKey, 'qrscene_123');
  assert.equal(typeof sub.Ticket, 'string');
  assert.equal(sub.MsgId, undefined, 'events carry no MsgId');
  assert.equal(f(sim.subscribe()).EventKey, undefined);
  assert.equal(f(sim.scan('9')).EventKey, '9');
  assert.equal(f(sim.unsubscribe()).Event, 'unsubscribe');
  assert.equal(f(sim.click('K')).EventKey, 'K');
  assert.equal(f(sim.view('https://v')).EventKey, 'https://v');
  assert.equal(f(sim.reportLocation({ latitude: 1 })).Latitude, '1');
  assert.equal(f(sim.event('subscribe', { scene: 's' })).EventKey, 'qrscene_s');
  const custom = f(sim.event('scancode_push', { EventKey: 'k', ScanCodeInfo: { ScanType: 'qrcode', ScanResult: '1' } }));
  assert.deepEqual({ ...(custom.ScanCodeInfo as object) }, { ScanType: 'qrcode', ScanResult: '1' });
  const raw = f(sim.push({ MsgType: 'text', Content: 'c', MsgId: '5' }, { createTime: 7, fromUserName: 'o2' }));
  assert.equal(raw.MsgId, '5');
  assert.equal(raw.CreateTime, '7');
  assert.equal(raw.FromUserName, 'o2');
  assert.equal(f(sim.text('x', { msgId: false })).MsgId, undefined);
  assert.equal(f(sim.text('x', { msgId: '1' })).MsgId, '1');
});

function replyXml(content = 'hi', to = 'oTestUser000000000000000000', from = 'gh_0123456789ab'): string {
  return renderReply({ msgType: 'text', content }, { toUserName: to, fromUserName: from, createTime: NOW });
}

test('readReply: success, empty, plaintext and encrypted replies', async () => {
  const sim = createSimulator({ ...keys, now });
  assert.deepEqual(await sim.readReply(new Response('success')), { kind: 'success' });
  assert.deepEqual(await sim.readReply(new Response('')), { kind: 'empty' });
  const enc = await sim.readReply(new Response(mc.encryptMessage(replyXml())));
  assert.deepEqual(enc.kind === 'reply' && { ...enc, xml: '' }, {
    kind: 'reply',
    reply: { msgType: 'text', content: 'hi' },
    toUserName: 'oTestUser000000000000000000',
    fromUserName: 'gh_0123456789ab',
    createTime: NOW,
    encrypted: true,
    xml: '',
  });
  const compat = createSimulator({ ...keys, now, mode: 'compatible' });
  const plain = await compat.readReply(new Response(replyXml()));
  assert.ok(plain.kind === 'reply' && !plain.encrypted && plain.xml === replyXml());
});

test('readReply rejects forged, downgraded, misaddressed and failed answers', async () => {
  const sim = createSimulator({ ...keys, now });
  const push = sim.text('x');
  const forged = mc.encryptMessage(replyXml()).replace(/<MsgSignature><!\[CDATA\[[0-9a-f]{40}/, `<MsgSignature><![CDATA[${'0'.repeat(40)}`);
  await rejectsCode(sim.readReply(new Response(forged)), 'CRYPTO_SIGNATURE_INVALID');
  const other = new MessageCrypto({ token: 'otherToken', encodingAESKey, appId });
  await rejectsCode(sim.readReply(new Response(other.encryptMessage(replyXml()))), 'CRYPTO_SIGNATURE_INVALID');
  await rejectsCode(sim.readReply(new Response(replyXml()), push), 'REPLY_INVALID');
  await rejectsCode(sim.readReply(new Response(mc.encryptMessage(replyXml('hi', 'oSomeoneElse'))), push), 'REPLY_INVALID');
  await rejectsCode(sim.readReply(new Response('Forbidden', { status: 403 })), 'HTTP_STATUS');
  await rejectsCode(sim.readReply(new Response('<xml><Encrypt>a</Encrypt><Encrypt>b</Encrypt></xml>')), 'CRYPTO_MISSING_ENCRYPT');
  await rejectsCode(sim.readReply(new Response('not xml')), 'XML_SYNTAX');
  await rejectsCode(createSimulator({ token }).readReply(new Response(mc.encryptMessage(replyXml()))), 'INVALID_CONFIG');
  const plain = createSimulator({ token, now });
  await rejectsCode(plain.readReply(new Response(replyXml().replace('<![CDATA[text]]>', '<![CDATA[weird]]>'))), 'REPLY_INVALID');
});

test('configuration is validated', () => {
  throwsCode(() => createSimulator(null as never), 'INVALID_CONFIG');
  throwsCode(() => createSimulator({ token: '' }), 'INVALID_CONFIG');
  throwsCode(() => createSimulator({ token, appId }), 'INVALID_CONFIG');
  throwsCode(() => createSimulator({ token, mode: 'safe' }), 'INVALID_CONFIG');
  throwsCode(() => createSimulator({ ...keys, mode: 'x' as never }), 'INVALID_CONFIG');
  throwsCode(() => createSimulator({ token }).text('x', { mode: 'safe' }), 'INVALID_ARGUMENT');
  assert.equal(createSimulator({ token }).mode, 'plaintext');
});
