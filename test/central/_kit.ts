// Shared setup of the central tests: the stateful fake platform served over real node:http on
// 127.0.0.1 (so token servers in other processes can reach it), token servers and proxies on
// node:http, keys, and a log collector that checks no secret is ever written.
import assert from 'node:assert/strict';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakePlatform } from '../../examples/central-token/fake-platform.js';
import type { Logger } from '../../src/client/types.js';
import { toNodeListener } from '../../src/server/node.js';
import type { FakeWeChatApi, FakeWeChatApiOptions } from '../../src/testing/fake-api/index.js';

/** Keys of the callers (≥ 16 printable characters). */
export const BIZ_KEY = 'biz-key-0123456789abcdef';
export const OTHER_KEY = 'other-key-0123456789abcdef';
export const PROXY_KEY = 'proxy-caller-key-0123456789';
export const SECRET = 'fake_app_secret_0123456789abcdef';
export const APP_ID = 'wx0123456789abcdef';
export const OTHER_APP_ID = 'wxfedcba9876543210';

/** A listening node:http server. */
export interface Served {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves `listener` on 127.0.0.1, port 0. */
export async function serve(listener: RequestListener): Promise<Served> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Serves a Web handler through `toNodeListener`. */
export function serveHandler(handler: (request: Request) => Promise<Response>): Promise<Served> {
  return serve(toNodeListener(handler));
}

/** The fake platform (createFakeWeChatApi) over HTTP, as the example serves it. */
export async function servePlatform(
  options: FakeWeChatApiOptions = {},
): Promise<{ api: FakeWeChatApi; url: string; close(): Promise<void>; tokenFetches(): number }> {
  const { api, url, server } = await startFakePlatform({ appId: APP_ID, appSecret: SECRET, ...options });
  const close = (): Promise<void> =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { api, url, close, tokenFetches: () => api.callsTo('/cgi-bin/stable_token').length + api.callsTo('/cgi-bin/token').length };
}

/** A logger that keeps every line, and the check that none of them carries a secret. */
export function captureLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (level: string) => (m: string, meta?: Record<string, unknown>) => void lines.push(`${level} ${m} ${meta ? JSON.stringify(meta) : ''}`);
  return { lines, warn: keep('warn'), debug: keep('debug') };
}

/** Asserts that none of `texts` contains any of `secrets`. */
export function assertNoSecret(texts: readonly string[], secrets: readonly string[]): void {
  for (const t of texts) for (const s of secrets) assert.ok(!t.includes(s), `a secret (${s.slice(0, 6)}…) leaked into: ${t.slice(0, 200)}`);
}

/** `fetch` with a Bearer key. */
export function withKey(key: string, init: RequestInit = {}): RequestInit {
  return { ...init, headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${key}` } };
}
