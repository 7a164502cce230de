// Smoke test of examples/koa: a real server on 127.0.0.1:0, simulated pushes, decoded replies.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { describe, it } from 'node:test';
import { createApp } from '../../examples/koa/server.js';
import { exerciseWebhook, listen, smokeConfig } from './helpers.js';

describe('examples/koa', () => {
  for (const encrypted of [false, true]) {
    it(`answers on /wechat (${encrypted ? 'safe mode' : 'plaintext'})`, async () => {
      const reported: string[] = [];
      const { base, close } = await listen(createServer(createApp(smokeConfig(encrypted, reported)).callback()));
      try {
        await exerciseWebhook(`${base}/wechat`, encrypted, reported);
        assert.equal(await (await fetch(`${base}/elsewhere`)).text(), 'ok', 'other paths reach the next middleware');
      } finally {
        await close();
      }
    });
  }
});
