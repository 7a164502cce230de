// A stand-in for api.weixin.qq.com, so the example runs without an account: wxmp/testing's stateful
// fake platform (tokens, followers, menus, media…) served over HTTP on 127.0.0.1.
// Run: npx tsx examples/central-token/fake-platform.ts   (PORT, default 8699; WECHAT_APP_ID, WECHAT_APP_SECRET)
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
// In your tests: import { createFakeWeChatApi } from 'wxmp/testing';
import { createFakeWeChatApi, type FakeWeChatApi, type FakeWeChatApiOptions } from '../../src/testing/index.js';

/** Serves a fake platform (options as createFakeWeChatApi) on `port` (0: a free one); resolves with its URL. */
export async function startFakePlatform(o: FakeWeChatApiOptions & { port?: number } = {}): Promise<{ url: string; api: FakeWeChatApi; server: Server }> {
  const { port, ...options } = o;
  const api = createFakeWeChatApi(options);
  const server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const bytes = Buffer.concat(chunks);
      const type = req.headers['content-type'] ?? '';
      const init: RequestInit = { method: req.method ?? 'GET', headers: req.headers as Record<string, string> };
      if (bytes.length > 0)
        init.body = type.startsWith('multipart/') ? await new Response(bytes, { headers: { 'content-type': type } }).formData() : bytes.toString('utf8');
      const answer = await api.fetch(`http://fake${req.url ?? '/'}`, init);
      res.writeHead(answer.status, Object.fromEntries(answer.headers)).end(Buffer.from(await answer.arrayBuffer()));
    })().catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(port ?? 0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, api, server };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const e = process.env;
  const { url, api } = await startFakePlatform({
    ...(e.WECHAT_APP_ID ? { appId: e.WECHAT_APP_ID } : {}),
    ...(e.WECHAT_APP_SECRET ? { appSecret: e.WECHAT_APP_SECRET } : {}),
    port: Number(e.PORT || 8699),
  });
  console.log(`fake WeChat API for ${api.appId}: ${url}`);
}
