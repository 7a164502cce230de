// A tiny fake of the WeChat API on 127.0.0.1 for the multi-process tests: it counts token fetches
// (every fetch issues a new token), can hold a token request open (a refresh that never ends),
// and answers 40001 for revoked or unknown tokens. Shapes from the official docs:
// https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/getStableAccessToken.html
// https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_the_WeChat_server_IP_address.html
import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One token request as the platform saw it. */
export interface TokenFetch {
  appId: string;
  at: number;
  token: string | undefined;
}

export interface FakePlatform {
  readonly url: string;
  /** Token requests in arrival order (a held request has `token: undefined`). */
  readonly fetches: TokenFetch[];
  /** API calls answered, by result. */
  readonly calls: { ok: number; rejected: number };
  /** Makes every token issued so far answer 40001 (as after a leak or a forced refresh elsewhere). */
  revokeAll(): void;
  /** The next token request is held open until the platform closes; resolves when it arrives. */
  holdNextTokenRequest(): Promise<void>;
  fetchesFor(appId: string): TokenFetch[];
  close(): Promise<void>;
}

export async function startPlatform(options: { tokenDelayMs?: number } = {}): Promise<FakePlatform> {
  const delay = options.tokenDelayMs ?? 80;
  const valid = new Set<string>();
  const fetches: TokenFetch[] = [];
  const calls = { ok: 0, rejected: 0 };
  let hold: (() => void) | undefined;
  let n = 0;
  const json = (res: ServerResponse, body: unknown): void => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body));
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'POST' && url.pathname === '/cgi-bin/stable_token') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { appid: string };
        const entry: TokenFetch = { appId: body.appid, at: Date.now(), token: undefined };
        fetches.push(entry);
        if (hold) {
          const arrived = hold;
          hold = undefined;
          arrived();
          return; // never answered: the caller's process is killed while it waits
        }
        setTimeout(() => {
          entry.token = `TOKEN_${++n}_${Math.random().toString(36).slice(2, 12)}`;
          valid.add(entry.token);
          json(res, { access_token: entry.token, expires_in: 7200 });
        }, delay);
      });
      return;
    }
    if (url.pathname === '/cgi-bin/get_api_domain_ip') {
      const token = url.searchParams.get('access_token') ?? '';
      if (valid.has(token)) {
        calls.ok++;
        json(res, { domain_ip: ['127.0.0.1'] });
      } else {
        calls.rejected++;
        json(res, { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest rid: 0-0-0' });
      }
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    fetches,
    calls,
    revokeAll: () => valid.clear(),
    holdNextTokenRequest: () => new Promise<void>((resolve) => (hold = resolve)),
    fetchesFor: (appId) => fetches.filter((f) => f.appId === appId),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
