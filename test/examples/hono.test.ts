// Smoke test of examples/hono on Node (@hono/node-server): a real server on 127.0.0.1:0, simulated pushes.
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { describe, it } from 'node:test';
import { createApp } from '../../examples/hono/server.js';
import { exerciseWebhook, listen, smokeConfig } from './helpers.js';

describe('examples/hono', () => {
  for (const encrypted of [false, true]) {
    it(`answers on /wechat via c.req.raw (${encrypted ? 'safe mode' : 'plaintext'})`, async () => {
      const reported: string[] = [];
      const app = createApp(smokeConfig(encrypted, reported));
      const { base, close } = await listen(createAdaptorServer({ fetch: app.fetch }) as Server);
      try {
        await exerciseWebhook(`${base}/wechat`, encrypted, reported);
        assert.equal(await (await fetch(`${base}/health`)).text(), 'ok');
      } finally {
        await close();
      }
    });
  }
});
