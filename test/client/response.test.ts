import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiErrorOf, interpretJson, interpretResponse, readResponseBody, ridOf } from '../../src/client/response.js';
import { rejectsCode, throwsCode } from '../helpers.js';

const json = (body: string, init: ResponseInit = {}): Response => new Response(body, { headers: { 'content-type': 'application/json' }, ...init });

test('a big msgid survives exactly as a string', async () => {
  const v = (await interpretResponse(json('{"errcode":0,"errmsg":"ok","msgid":271781022721654784}'))) as Record<string, unknown>;
  assert.equal(v['msgid'], '271781022721654784');
  assert.deepEqual(await interpretResponse(json('{"msgid":271781022721654784}')), { msgid: '271781022721654784' });
});

test('top-level must be an object', async () => {
  for (const body of ['[]', 'null', '"x"', '1', 'true', '<html>', '']) await rejectsCode(interpretResponse(json(body)), 'RESPONSE_PARSE');
});

test('errcode != 0 is API_ERROR with errcode, errmsg, rid and retryable', async () => {
  const e = await rejectsCode(
    interpretResponse(json('{"errcode":40001,"errmsg":"invalid credential, access_token is invalid or not latest rid: 6523a1b2-0c3d4e5f"}')),
    'API_ERROR',
  );
  assert.equal(e.errcode, 40001);
  assert.equal(e.rid, '6523a1b2-0c3d4e5f');
  assert.equal(e.retryable, false);
  assert.equal((await rejectsCode(interpretResponse(json('{"errcode":-1,"errmsg":"system error"}')), 'API_ERROR')).retryable, true);
  assert.equal((await rejectsCode(interpretResponse(json('{"errcode":45011,"errmsg":"api minute-quota reach limit"}')), 'API_ERROR')).retryable, false);
  assert.equal((await rejectsCode(interpretResponse(json('{"errcode":"45009","errmsg":"x"}')), 'API_ERROR')).errcode, 45009);
  assert.equal(apiErrorOf({ errcode: 0, errmsg: 'ok' }), null);
  assert.equal(apiErrorOf({ errcode: 'nope' }), null);
  assert.equal(apiErrorOf({ data: 1 }), null);
  assert.equal(ridOf('no rid here'), undefined);
  assert.equal(apiErrorOf({ errcode: 1 })?.errmsg, '');
});

test('redirects are never followed; non-2xx is HTTP_STATUS', async () => {
  assert.equal(
    (await rejectsCode(interpretResponse(new Response(null, { status: 302, headers: { location: 'https://evil.example' } })), 'HTTP_REDIRECT')).status,
    302,
  );
  const e5 = await rejectsCode(interpretResponse(new Response('busy', { status: 503 })), 'HTTP_STATUS');
  assert.equal(e5.status, 503);
  assert.equal(e5.retryable, true);
  assert.equal((await rejectsCode(interpretResponse(new Response('no', { status: 404 })), 'HTTP_STATUS')).retryable, false);
  assert.equal((await rejectsCode(interpretResponse(new Response('slow', { status: 429 })), 'HTTP_STATUS')).retryable, false);
});

test('body cap: limit passes, limit + 1 fails (streamed and via content-length)', async () => {
  const body = `{"a":"${'x'.repeat(92)}"}`; // 100 bytes
  assert.equal(body.length, 100);
  assert.ok(await interpretResponse(json(body), { maxBytes: 100 }));
  await rejectsCode(interpretResponse(json(body), { maxBytes: 99 }), 'RESPONSE_TOO_LARGE');
  await rejectsCode(interpretResponse(json('{}', { headers: { 'content-length': '1000' } }), { maxBytes: 999 }), 'RESPONSE_TOO_LARGE');
  let pulls = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      pulls++;
      c.enqueue(new Uint8Array(64).fill(0x20));
    },
  });
  await rejectsCode(readResponseBody(new Response(stream), 1000), 'RESPONSE_TOO_LARGE');
  assert.ok(pulls < 40, 'stops reading an endless body');
  assert.equal((await readResponseBody(new Response(null), 10)).length, 0);
});

test('an aborted signal stops a body read with the abort reason', async () => {
  const ctrl = new AbortController();
  const stream = new ReadableStream<Uint8Array>({ pull: () => new Promise(() => {}) });
  const p = readResponseBody(new Response(stream), 100, ctrl.signal);
  ctrl.abort(new Error('stop'));
  await assert.rejects(p, /stop/);
  const pre = new AbortController();
  pre.abort(new Error('already'));
  await assert.rejects(readResponseBody(new Response('abc'), 100, pre.signal), /already/);
});

test('binary responses: bytes with filename, unless the body is JSON', async () => {
  const bin = (await interpretResponse(
    new Response(new Uint8Array([1, 2, 3]), { headers: { 'content-type': 'image/jpeg', 'content-disposition': 'attachment; filename="a.jpg"' } }),
    { responseType: 'binary' },
  )) as { contentType: string; filename?: string; data: Uint8Array };
  assert.equal(bin.contentType, 'image/jpeg');
  assert.equal(bin.filename, 'a.jpg');
  assert.deepEqual([...bin.data], [1, 2, 3]);
  // JSON error with a text/plain content type (media/get quirk)
  const e = await rejectsCode(
    interpretResponse(new Response(' {"errcode":40007,"errmsg":"invalid media_id"}', { headers: { 'content-type': 'text/plain' } }), {
      responseType: 'binary',
    }),
    'API_ERROR',
  );
  assert.equal(e.errcode, 40007);
  // JSON success (video material down_url)
  assert.deepEqual(await interpretResponse(json('{"title":"t","down_url":"http://x"}'), { responseType: 'binary' }), { title: 't', down_url: 'http://x' });
  // an image that happens to start with '{' stays binary
  const img = (await interpretResponse(new Response('{abc', { headers: { 'content-type': 'image/png' } }), { responseType: 'binary' })) as { data: Uint8Array };
  assert.equal(img.data.length, 4);
  const star = (await interpretResponse(
    new Response('x', { headers: { 'content-type': 'audio/amr', 'content-disposition': "attachment; filename*=UTF-8''%E8%AF%AD%E9%9F%B3.amr" } }),
    { responseType: 'binary' },
  )) as { filename?: string };
  assert.equal(star.filename, '语音.amr');
  const none = (await interpretResponse(new Response(new Uint8Array([120]), { headers: { 'content-disposition': 'inline' } }), { responseType: 'binary' })) as {
    filename?: string;
    contentType: string;
  };
  assert.equal(none.filename, undefined);
  assert.equal(none.contentType, 'application/octet-stream');
  const bad = (await interpretResponse(
    new Response('x', { headers: { 'content-type': 'video/mp4', 'content-disposition': "attachment; filename*=UTF-8''%E8%; filename=v.mp4" } }),
    { responseType: 'binary' },
  )) as { filename?: string };
  assert.equal(bad.filename, 'v.mp4');
});

test('interpretJson strips a BOM and scrubs errmsg', () => {
  assert.deepEqual(interpretJson(new TextEncoder().encode('\ufeff{"a":1}')), { a: 1 });
  const e = throwsCode(
    () => interpretJson(new TextEncoder().encode('{"errcode":40125,"errmsg":"bad SECRETVALUE123"}'), (s) => s.replace('SECRETVALUE123', '***')),
    'API_ERROR',
  );
  assert.equal(e.errmsg, 'bad ***');
});
