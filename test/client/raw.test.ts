// responseType 'raw': the body's bytes whatever their type (what the API proxy forwards), with
// errcodes still raised (so 40001 refreshes and retries) and the access token never in the bytes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BinaryResponse } from '../../src/client/types.js';
import { interpretResponse } from '../../src/client/response.js';
import { rejectsCode } from '../helpers.js';
import { kit } from './_kit.js';

test('raw JSON is returned as bytes, byte for byte (64-bit integers, spacing, key order)', async () => {
  const { api, client } = kit();
  const text = '{ "errcode": 0, "msgid": 271781022721654784, "b": 1, "a": "中" }';
  api.route('/cgi-bin/x', () => new Response(text, { headers: { 'content-type': 'application/json' } }));
  const out = await client.request<BinaryResponse>('/cgi-bin/x', { responseType: 'raw' });
  assert.equal(new TextDecoder().decode(out.data), text);
  assert.equal(out.contentType, 'application/json');
});

test('raw: a JSON errcode raises API_ERROR; a 40001 is refreshed and retried once; malformed JSON is returned as is', async () => {
  const { api, client } = kit();
  api.script('/cgi-bin/x', 45009);
  await rejectsCode(client.request('/cgi-bin/x', { responseType: 'raw' }), 'API_ERROR');
  api.script('/cgi-bin/x', 40001);
  api.route('/cgi-bin/x', () => new Response('{"errcode":0}', { headers: { 'content-type': 'application/json' } }));
  const ok = await client.request<BinaryResponse>('/cgi-bin/x', { responseType: 'raw' });
  assert.equal(new TextDecoder().decode(ok.data), '{"errcode":0}');
  assert.ok(api.callsTo('/cgi-bin/stable_token').length > 1, 'refreshed after the 40001');
  assert.equal(api.callsTo('/cgi-bin/x').length, 3, '45009 once, then 40001 and the one retry');
  const broken = await interpretResponse(new Response('{"errcode":', { headers: { 'content-type': 'application/json' } }), { responseType: 'raw' });
  assert.equal(new TextDecoder().decode((broken as BinaryResponse).data), '{"errcode":');
});

test('raw: every occurrence of the access token the client sent becomes ***; bodies without it are untouched', async () => {
  const { api, client } = kit();
  const token = await client.getAccessToken();
  api.route(
    '/cgi-bin/echo',
    () => new Response(`{"errcode":0,"u":"?access_token=${token}","t":"${token}"}`, { headers: { 'content-type': 'application/json' } }),
  );
  const out = await client.request<BinaryResponse>('/cgi-bin/echo', { responseType: 'raw' });
  assert.equal(new TextDecoder().decode(out.data), '{"errcode":0,"u":"?access_token=***","t":"***"}');
  const bytes = new Uint8Array([0xff, 0xd8, 1, 2, 3]);
  api.route('/cgi-bin/bin', () => new Response(bytes, { headers: { 'content-type': 'image/jpeg', 'content-disposition': 'attachment; filename="a.jpg"' } }));
  const bin = await client.request<BinaryResponse>('/cgi-bin/bin', { responseType: 'raw' });
  assert.deepEqual(bin.data, bytes);
  assert.equal(bin.filename, 'a.jpg');
  const noAuth = await client.request<BinaryResponse>('/cgi-bin/echo', { responseType: 'raw', auth: false });
  assert.ok(new TextDecoder().decode(noAuth.data).includes(token), 'without auth the client sent no token, so there is nothing of its own to remove');
});
