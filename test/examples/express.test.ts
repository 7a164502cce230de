// Smoke test of examples/express: a real server on 127.0.0.1:0, simulated pushes, decoded replies.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { describe, it } from 'node:test';
import { createApp } from '../../examples/express/server.js';
import { createSimulator } from '../../src/testing/index.js';
import { exerciseWebhook, listen, smokeConfig, SMOKE_TOKEN } from './helpers.js';

describe('examples/express', () => {
  for (const encrypted of [false, true]) {
    it(`answers on /wechat, mounted before express.json() (${encrypted ? 'safe mode' : 'plaintext'})`, async () => {
      const reported: string[] = [];
      const { base, close } = await listen(createServer(createApp(smokeConfig(encrypted, reported))));
      try {
        await exerciseWebhook(`${base}/wechat`, encrypted, reported);
        await exerciseWebhook(`${base}/wechat-after-text-parser`, encrypted);
      } finally {
        await close();
      }
    });
  }
  it("keeps the app's other routes and parsers working", async () => {
    const { base, close } = await listen(createServer(createApp(smokeConfig(false))));
    try {
      assert.equal(await (await fetch(`${base}/health`)).text(), 'ok');
      // a JSON body on the webhook path never reaches express.json(): the webhook answers it
      const sim = createSimulator({ token: SMOKE_TOKEN, url: `${base}/wechat` });
      const push = sim.text('json?');
      const res = await fetch(push.request({ headers: { 'content-type': 'application/json' } }));
      const out = await sim.readReply(res, push);
      assert.ok(out.kind === 'reply' && out.reply.msgType === 'text' && out.reply.content === 'json?');
    } finally {
      await close();
    }
  });
});
