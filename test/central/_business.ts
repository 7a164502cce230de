// One business server process for the multi-process tests: a WeChatClient whose token comes from
// the token server through remoteTokenProvider (no AppSecret in this process). Forked with an
// IPC channel by the tests; it answers { id, op: 'calls', n } with the settled results of n
// concurrent API calls. node --test also runs this file: without an IPC channel it does nothing.
import { remoteTokenProvider } from '../../src/central/remote-provider.js';
import { WeChatClient } from '../../src/client/client.js';
import { WxmpError } from '../../src/errors.js';

const send = process.send?.bind(process);
if (send) {
  const env = process.env;
  const client = new WeChatClient({
    appId: env.WXMP_APP_ID as string,
    baseUrl: env.WXMP_PLATFORM_URL as string,
    tokenProvider: remoteTokenProvider({ url: (env.WXMP_TOKEN_URLS as string).split(','), key: env.WXMP_KEY as string }),
  });
  process.on('disconnect', () => process.exit(0)); // never outlive the test
  process.on('unhandledRejection', (e) => send({ event: 'unhandled', error: String(e) }));
  process.on('message', (r: { id: number; op: string; n?: number }) => {
    void (async () => {
      const all = await Promise.allSettled(Array.from({ length: r.n ?? 1 }, () => client.request<{ total: number }>('/cgi-bin/user/get')));
      send({
        id: r.id,
        ok: all.filter((s) => s.status === 'fulfilled').length,
        errors: all.flatMap((s) => (s.status === 'rejected' ? [s.reason instanceof WxmpError ? s.reason.code : String(s.reason)] : [])),
        token: await client.getAccessToken().catch(() => ''),
      });
    })();
  });
  send({ event: 'started', pid: process.pid });
}
