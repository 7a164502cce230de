// Shared setup for client tests: a fake platform, a controllable clock and an instant sleep.
import { WeChatClient } from '../../src/client/client.js';
import type { WeChatClientOptions } from '../../src/client/types.js';
import { createFakeWeChatApi, type FakeWeChatApiOptions } from '../../src/testing/fake-api/index.js';

export const SECRET = 'fake_app_secret_0123456789abcdef';

export interface Kit {
  api: ReturnType<typeof createFakeWeChatApi>;
  client: WeChatClient;
  clock: { t: number };
  sleeps: number[];
}

export function kit(opts: Partial<WeChatClientOptions> = {}, apiOpts: FakeWeChatApiOptions = {}): Kit {
  const clock = { t: 1_700_000_000 };
  const sleeps: number[] = [];
  const api = createFakeWeChatApi({ now: () => clock.t, appSecret: SECRET, ...apiOpts });
  const client = new WeChatClient({
    appId: api.appId,
    appSecret: SECRET,
    fetch: api.fetch,
    now: () => clock.t,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...opts,
  });
  return { api, client, clock, sleeps };
}
