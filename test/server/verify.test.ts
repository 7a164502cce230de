// verifyRequest: valid / echo / invalid for every input form, never a throw; used as Express
// middleware over real HTTP in front of a handler of one's own.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import express from 'express';
import fc from 'fast-check';
import { verifyRequest } from '../../src/server/verify.js';
import { computeSignature } from '../../src/signature.js';
import { createSimulator } from '../../src/testing/simulator.js';
import { listen } from '../examples/helpers.js';
import { keys, NOW, now, token } from './_kit.js';

const signed = (ts = String(NOW), nonce = '42', extra = ''): string => `signature=${computeSignature(token, ts, nonce)}&timestamp=${ts}&nonce=${nonce}${extra}`;

test('every input form: Request, URL, path with query, bare query, URLSearchParams, query object', () => {
  const sim = createSimulator({ token, now });
  const push = sim.text('hi');
  const valid = { kind: 'valid', timestamp: push.query.timestamp, nonce: push.query.nonce, openId: push.query.openid, encrypted: false };
  assert.deepEqual(verifyRequest(push.request(), token, { now }), valid);
  const u = new URL(push.url);
  assert.deepEqual(verifyRequest(u, token, { now, method: 'POST' }), valid);
  assert.deepEqual(verifyRequest(`${u.pathname}${u.search}#frag`, token, { now, method: 'POST' }), valid);
  assert.deepEqual(verifyRequest(u.search.slice(1), token, { now, method: 'post' }), valid);
  assert.deepEqual(verifyRequest(u.searchParams, token, { now, method: 'POST' }), valid);
  assert.deepEqual(verifyRequest(Object.fromEntries(u.searchParams), token, { now, method: 'POST' }), valid);
  assert.equal(
    (
      verifyRequest(
        createSimulator({ ...keys, now })
          .text('x')
          .request(),
        token,
        { now },
      ) as { encrypted: boolean }
    ).encrypted,
    true,
  );
});

test('echo for the verification GET; invalid for missing, malformed, forged or stale', () => {
  const sim = createSimulator({ token, now });
  assert.deepEqual(verifyRequest(sim.verify('1234567890'), token, { now }), { kind: 'echo', echostr: '1234567890' });
  assert.deepEqual(verifyRequest(`/wechat?${signed()}&echostr=abc`, token, { now }), { kind: 'echo', echostr: 'abc' }, 'GET is the default method');
  assert.equal(verifyRequest(`/wechat?${signed()}&echostr=abc`, token, { now, method: 'POST' }).kind, 'valid');
  assert.deepEqual(verifyRequest('/wechat', token), { kind: 'invalid', reason: 'missing' });
  assert.deepEqual(verifyRequest({}, token), { kind: 'invalid', reason: 'missing' });
  assert.deepEqual(
    verifyRequest(`timestamp=${NOW}&nonce=1&msg_signature=${'a'.repeat(40)}`, token, { now }),
    { kind: 'invalid', reason: 'missing' },
    'no plain signature',
  );
  assert.deepEqual(verifyRequest({ signature: ['a', 'b'], timestamp: String(NOW), nonce: '1' }, token), { kind: 'invalid', reason: 'malformed' });
  assert.deepEqual(verifyRequest('signature=XYZ&timestamp=1&nonce=1', token), { kind: 'invalid', reason: 'malformed' });
  assert.deepEqual(verifyRequest(signed(), 'anotherToken', { now }), { kind: 'invalid', reason: 'signature' });
  assert.deepEqual(verifyRequest(signed(), undefined as unknown as string, { now }), { kind: 'invalid', reason: 'signature' });
  // the window's boundary pair: 300 s passes, 301 s fails
  assert.equal(verifyRequest(signed(String(NOW - 300)), token, { now }).kind, 'valid');
  assert.deepEqual(verifyRequest(signed(String(NOW - 301)), token, { now }), { kind: 'invalid', reason: 'timestamp' });
  assert.equal(verifyRequest(signed('1'), token, { now, timestampWindowSeconds: false }).kind, 'valid');
  assert.deepEqual(verifyRequest(signed(), token, { now: () => Number.NaN }), { kind: 'invalid', reason: 'timestamp' }, 'a broken clock fails closed');
  assert.deepEqual(verifyRequest(signed(), token, { now, timestampWindowSeconds: -1 }), { kind: 'invalid', reason: 'timestamp' });
});

test('never throws, whatever it is given', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.array(fc.string())))), fc.anything(), (input, tok) => {
      const r = verifyRequest(input as string, tok as string);
      assert.ok(['valid', 'echo', 'invalid'].includes(r.kind));
    }),
  );
  for (const odd of [null, undefined, 42, ['a']]) assert.equal(verifyRequest(odd as unknown as string, token).kind, 'invalid');
});

test('as Express middleware (real HTTP): echo, 403 for a forged push, the own handler for a genuine one', async () => {
  const app = express();
  app.use('/wechat', (req, res, next) => {
    const v = verifyRequest(req.originalUrl, token, { method: req.method });
    if (v.kind === 'invalid') return void res.status(403).send(v.reason);
    if (v.kind === 'echo') return void res.type('text/plain').send(v.echostr);
    next();
  });
  app.post('/wechat', express.text({ type: '*/*' }), (req, res) => void res.send(`handled ${String(req.body).length} bytes`));
  const { base, close } = await listen(createServer(app));
  try {
    const sim = createSimulator({ token, url: `${base}/wechat` });
    assert.equal(await (await fetch(sim.verify('5837397520665436492'))).text(), '5837397520665436492');
    const push = sim.text('hi');
    assert.equal(await (await fetch(push.request())).text(), `handled ${push.body.length} bytes`);
    const forged = await fetch(
      createSimulator({ token: 'wrongToken', url: `${base}/wechat` })
        .text('x')
        .request(),
    );
    assert.deepEqual([forged.status, await forged.text()], [403, 'signature']);
  } finally {
    await close();
  }
});
