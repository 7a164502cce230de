// The public compare-and-invalidate of the client (what a central server calls when a business
// server reports a rejected token): getAccessToken({ rejectedToken }), getAccessTokenEntry, and
// jssdk.getTicketEntry.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryLock, MemoryTokenCache } from '../../src/client/memory.js';
import { WeChatClient } from '../../src/client/client.js';
import { rejectsCode } from '../helpers.js';
import { SECRET, kit } from './_kit.js';

const fetches = (api: ReturnType<typeof kit>['api']): number => api.callsTo('/cgi-bin/stable_token').length;

test('rejectedToken: a stale report returns the current token without a fetch', async () => {
  const { api, client } = kit();
  const current = await client.getAccessToken();
  assert.equal(await client.getAccessToken({ rejectedToken: 'SOME_OLDER_TOKEN_0001' }), current);
  assert.equal(fetches(api), 1);
});

test('rejectedToken: the current one is invalidated where it is still current and replaced by one refresh (single-flight)', async () => {
  const { api, client } = kit();
  const current = await client.getAccessToken();
  api.tokens.revokeAll();
  const fresh = await Promise.all(Array.from({ length: 20 }, () => client.getAccessToken({ rejectedToken: current })));
  assert.equal(new Set(fresh).size, 1);
  assert.notEqual(fresh[0], current);
  assert.equal(fetches(api), 2);
  assert.equal(await client.getAccessToken({ rejectedToken: current }), fresh[0], 'a late report of the replaced token costs nothing');
  assert.equal(fetches(api), 2);
});

test('rejectedToken across clients sharing a cache and a lock: one refresh, the other client reads it', async () => {
  const { api, clock } = kit();
  const tokenCache = new MemoryTokenCache({ now: () => clock.t });
  const lock = new MemoryLock({ now: () => clock.t });
  const make = () => new WeChatClient({ appId: api.appId, appSecret: SECRET, fetch: api.fetch, now: () => clock.t, tokenCache, lock, sleep: async () => {} });
  const [a, b] = [make(), make()];
  const current = await a.getAccessToken();
  api.tokens.revokeAll();
  const [x, y] = await Promise.all([a.getAccessToken({ rejectedToken: current }), b.getAccessToken({ rejectedToken: current })]);
  assert.equal(x, y);
  assert.notEqual(x, current);
  assert.equal(fetches(api), 2);
});

test('getAccessTokenEntry carries the expiry; a provider string has none; a non-string rejectedToken is INVALID_ARGUMENT', async () => {
  const { client, clock } = kit();
  assert.deepEqual(await client.getAccessTokenEntry(), { accessToken: await client.getAccessToken(), expiresAt: clock.t + 7200 });
  const provided = new WeChatClient({ appId: 'wxprov', tokenProvider: async () => 'PROVIDED_TOKEN_1' });
  assert.deepEqual(await provided.getAccessTokenEntry(), { accessToken: 'PROVIDED_TOKEN_1' });
  await rejectsCode(client.getAccessTokenEntry({ rejectedToken: 42 as never }), 'INVALID_ARGUMENT');
});

test('jssdk.getTicketEntry: the ticket and its expiry, cached; getTicket is its ticket; another type is INVALID_ARGUMENT', async () => {
  const { api, client, clock } = kit();
  const entry = await client.jssdk.getTicketEntry('wx_card');
  assert.match(entry.ticket, /^FAKE_WX_CARD_TICKET_/);
  assert.equal(entry.expiresAt, clock.t + 7200);
  assert.equal(await client.jssdk.getTicket('wx_card'), entry.ticket);
  assert.equal(api.callsTo('/cgi-bin/ticket/getticket').length, 1);
  await rejectsCode(client.jssdk.getTicketEntry('card' as never), 'INVALID_ARGUMENT');
  await rejectsCode(client.jssdk.getTicket('card' as never), 'INVALID_ARGUMENT');
});
