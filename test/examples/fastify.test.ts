// Smoke test of examples/fastify: a real server on 127.0.0.1:0, simulated pushes, decoded replies.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { createApp } from '../../examples/fastify/server.js';
import { createSimulator } from '../../src/testing/index.js';
import { exerciseWebhook, smokeConfig, SMOKE_TOKEN } from './helpers.js';

describe('examples/fastify', () => {
  for (const encrypted of [false, true]) {
    it(`answers on /wechat through the raw-body parser scope (${encrypted ? 'safe mode' : 'plaintext'})`, async () => {
      const reported: string[] = [];
      const app = createApp(smokeConfig(encrypted, reported));
      await app.listen({ port: 0, host: '127.0.0.1' });
      try {
        const { port } = app.server.address() as AddressInfo;
        await exerciseWebhook(`http://127.0.0.1:${port}/wechat`, encrypted, reported);
        assert.equal(await (await fetch(`http://127.0.0.1:${port}/health`)).text(), 'ok');
      } finally {
        await app.close();
      }
    });
  }
  it("the webhook's own body cap applies (413), not a framework parser", async () => {
    const app = createApp(smokeConfig(false));
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const { port } = app.server.address() as AddressInfo;
      const push = createSimulator({ token: SMOKE_TOKEN, url: `http://127.0.0.1:${port}/wechat` }).text('x'.repeat(300 * 1024));
      assert.equal((await fetch(push.request())).status, 413);
    } finally {
      await app.close();
    }
  });
});
