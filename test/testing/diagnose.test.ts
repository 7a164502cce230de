// One clock for the simulator and the webhook, and refusals that say what was refused and why.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createWebhook } from '../../src/server/webhook.js';
import { createTestClock } from '../../src/testing/clock.js';
import { explainRefusal, KIT_WORDS } from '../../src/testing/diagnose.js';
import { createSimulator } from '../../src/testing/simulator.js';
import { rejectsCode } from '../helpers.js';
import { keys, token } from '../server/_kit.js';

const echo = { handler: () => undefined };

test('a simulator on a fixed clock against a webhook without one: 403, and the error names the fix', async () => {
  const sim = createSimulator({ token, now: () => 1_700_000_000 });
  const push = sim.text('hi');
  const e = await rejectsCode(sim.readReply(await createWebhook({ token, ...echo })(push.request()), push), 'HTTP_STATUS');
  assert.equal(e.status, 403);
  assert.match(e.message, /HTTP 403 \(Forbidden\): it refused the signature, the timestamp/);
  assert.match(e.message, /stamped -?\d+ s away from the system clock, outside the 300 s window: share one clock: `createWebhook\(\{ …, now: sim\.now \}\)`/);
  // the fix, in one line
  const shared = await createWebhook({ token, now: sim.now, ...echo })(push.request());
  assert.deepEqual(await sim.readReply(shared, push), { kind: 'success' });
});

test('createTestClock: one `now` for both; moving it past the window between push and delivery is refused', async () => {
  const clock = createTestClock(1_600_000_000);
  const sim = createSimulator({ token, now: clock.now });
  const webhook = createWebhook({ token, now: clock.now, ...echo });
  const push = sim.text('hi');
  assert.equal((await webhook(push.request())).status, 200);
  assert.equal(clock.advance(301), 1_600_000_301);
  assert.equal((await webhook(sim.text('again', { timestamp: 1_600_000_000 }).request())).status, 403);
  clock.set(1_600_000_000);
  clock.advance(Number.NaN);
  clock.set(Number.POSITIVE_INFINITY);
  assert.equal(clock.now(), 1_600_000_000, 'non-finite moves are ignored');
  assert.equal(sim.now(), 1_600_000_000);
  assert.ok(Math.abs(createTestClock().now() - Date.now() / 1000) < 2, 'defaults to the system clock');
});

test('readReply names the likely causes: token, safe-mode downgrade, encrypted push to a plaintext webhook, an invalid push refused by a strict server', async () => {
  const now = () => Math.floor(Date.now() / 1000);
  const wrong = createSimulator({ token: 'anotherToken', now });
  const p1 = wrong.text('x');
  const e1 = await rejectsCode(wrong.readReply(await createWebhook({ token, ...echo })(p1.request()), p1), 'HTTP_STATUS');
  assert.match(e1.message, /Likely: a different token: the simulator and the webhook need the same `token`; or a plaintext push to a webhook in safe mode/);
  assert.ok(!e1.message.includes(token) && !e1.message.includes('anotherToken'), 'no token in the message');

  const plain = createSimulator({ token, now });
  const p2 = plain.text('x');
  const e2 = await rejectsCode(plain.readReply(await createWebhook({ ...keys, ...echo })(p2.request()), p2), 'HTTP_STATUS');
  assert.match(e2.message, /safe mode \(安全模式\): the simulator needs the webhook's `encodingAESKey` and `appId`/);

  const safe = createSimulator({ ...keys, now });
  const p3 = safe.text('x');
  const e3 = await rejectsCode(safe.readReply(await createWebhook({ token, ...echo })(p3.request()), p3), 'HTTP_STATUS');
  assert.equal(e3.status, 400);
  assert.match(e3.message, /refused the query or the body\. Likely: the webhook cannot decrypt it: a plaintext webhook/);
  assert.doesNotMatch(e3.message, /the push itself/);

  // wxmp's webhook delivers schema drift (200 + MESSAGE_SCHEMA_DRIFT to onError); a strict server refuses it
  const p4 = plain.push({ MsgType: 'image' }); // no PicUrl / MediaId
  assert.equal((await createWebhook({ token, ...echo })(p4.request())).status, 200);
  const e4 = await rejectsCode(plain.readReply(new Response('Bad Request', { status: 400 }), p4), 'HTTP_STATUS');
  assert.match(e4.message, /the push itself is invalid: MESSAGE_INVALID: message lacks required field picUrl/);

  const e5 = await rejectsCode(plain.readReply(new Response('Not Found', { status: 404 })), 'HTTP_STATUS');
  assert.match(e5.message, /HTTP 404 \(Not Found\): it refused the URL/);
  assert.doesNotMatch(e5.message, /Likely/);
});

test('explainRefusal: a plain 400 points at body parsers; unknown statuses are named', () => {
  assert.deepEqual(explainRefusal({ status: 400, encrypted: false, words: KIT_WORDS }).causes, [
    'the body did not reach the webhook intact: mount it before body parsers (express.json(), koa-bodyparser…)',
  ]);
  assert.deepEqual(explainRefusal({ status: 502, encrypted: false, words: KIT_WORDS }), { refused: 'the request (HTTP 502)', causes: [] });
  const clock = explainRefusal({ status: 403, encrypted: true, skewSeconds: 10, words: KIT_WORDS }).causes;
  assert.equal(clock.length, 2, 'an encrypted push cannot be a safe-mode downgrade');
  assert.match(clock[1] as string, /clocks more than 300 s apart/);
});
