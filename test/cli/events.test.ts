// `wxmp simulate event <Name>`: every documented event, sent to a default createWebhook over real
// HTTP, is answered 200 (exit 0); `wxmp simulate events` lists them; nested --field overrides.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { describe, it } from 'node:test';
import type { Message } from '../../src/messages/index.js';
import { createWebhook, toNodeListener } from '../../src/server/index.js';
import { SIMULATED_EVENTS } from '../../src/testing/events.js';
import { listen, TEST_APP_ID, TEST_KEY } from '../examples/helpers.js';
import { inProcess, run, TOKEN } from './_kit.js';

/** The options an event needs (`--scene VALUE`), with a value; optional ones (`[…]`) are left out. */
function required(options: string | undefined): string[] {
  if (options === undefined || options.startsWith('[')) return [];
  const [flag, placeholder] = options.split(' ') as [string, string];
  return [flag, placeholder === 'URL' ? 'https://example.com/page' : 'v1'];
}

describe('wxmp simulate: every documented event is accepted by a default webhook (real HTTP)', () => {
  for (const encrypted of [false, true]) {
    it(encrypted ? 'safe mode (安全模式)' : 'plaintext', async () => {
      const seen: Message[] = [];
      const warnings: string[] = [];
      const keys = encrypted ? { encodingAESKey: TEST_KEY, appId: TEST_APP_ID } : {};
      // onError would also receive MESSAGE_SCHEMA_DRIFT: the events must be complete, not merely tolerated
      const webhook = createWebhook({ token: TOKEN, ...keys, handler: (m) => void seen.push(m), onError: (e) => void warnings.push(e.message) });
      const { base, close } = await listen(createServer(toNodeListener(webhook)));
      const env = { WECHAT_TOKEN: TOKEN, ...(encrypted ? { WECHAT_AES_KEY: TEST_KEY, WECHAT_APP_ID: TEST_APP_ID } : {}) };
      try {
        for (const e of SIMULATED_EVENTS) {
          const r = await run(['simulate', '--url', `${base}/wechat`, 'event', e.name, ...required(e.options)], { env });
          assert.equal(r.code, 0, `${e.name}: ${r.err}`);
          assert.match(r.out, /← 200 in \d+ ms: success \(acknowledged, no reply\)/, e.name);
        }
      } finally {
        await close();
      }
      assert.deepEqual(warnings, []);
      assert.deepEqual(
        seen.map((m) => (m.msgType === 'event' ? m.event : `unknown ${m.msgType}`)),
        SIMULATED_EVENTS.map((e) => e.name),
      );
    });
  }
});

describe('wxmp simulate events', () => {
  it('lists every event with its options, without needing a token', async () => {
    const r = await run(['simulate', 'events']);
    assert.equal(r.code, 0, r.err);
    for (const e of SIMULATED_EVENTS) assert.match(r.out, new RegExp(`^  ${e.name} +${e.summary.replace(/[()[\]*+?.|]/g, '\\$&')}$`, 'm'));
    assert.match(r.out, /^ +event SCAN --scene VALUE$/m);
    assert.equal((await run(['simulate', 'events', 'more'])).code, 2);
  });
  it('is named in the help and in the unknown-type message', async () => {
    const help = (await run(['simulate', '--help'])).out;
    assert.match(help, /wxmp simulate events/);
    assert.match(help, new RegExp(`any of the ${SIMULATED_EVENTS.length} documented events`));
    assert.match((await run(['simulate', '--token', TOKEN, 'sticker'])).err, /verify, events\)/);
  });
});

describe('wxmp simulate: --field Parent.Child=Value', () => {
  it('overrides one nested element and keeps its siblings', async () => {
    const w = inProcess();
    const r = await run(
      ['simulate', '--token', TOKEN, '--field', 'ScanCodeInfo.ScanResult=https://example.com/x', 'event', 'scancode_push', '--key', 'MENU_1'],
      { fetch: w.fetch },
    );
    assert.equal(r.code, 0, r.err);
    const m = w.seen[0] as unknown as { eventKey: string; scanCodeInfo: { scanType: string; scanResult: string } };
    assert.deepEqual([m.eventKey, m.scanCodeInfo.scanType, m.scanCodeInfo.scanResult], ['MENU_1', 'qrcode', 'https://example.com/x']);
    const both = await run(['simulate', '--token', TOKEN, '--field', 'A.B=1', '--field', 'A.C=2', '--field', 'A.B=3', 'event', 'custom'], { fetch: w.fetch });
    assert.equal(both.code, 0);
    assert.deepEqual({ ...(w.seen[1] as unknown as { a: object }).a }, { b: '3', c: '2' });
    for (const bad of ['A..B=1', '.A=1', 'A.1b=2']) assert.equal((await run(['simulate', '--token', TOKEN, '--field', bad, 'text', 'x'])).code, 2, bad);
  });
});
