// Hints follow the actual status and what the CLI can infer: what it sent, the server's Date
// header, a local check of the push it built.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { describe, it } from 'node:test';
import { listen, TEST_APP_ID, TEST_KEY } from '../examples/helpers.js';
import { run, TOKEN, withServer } from './_kit.js';

const OTHER_APP_ID = 'wx00000000000000ff';

describe('wxmp simulate: hints', () => {
  it('an encrypted push to a plaintext server: 400, "cannot decrypt"', async () => {
    await withServer({}, async (url) => {
      const r = await run(['simulate', '--url', url, '--token', TOKEN, '--aes-key', TEST_KEY, '--app-id', TEST_APP_ID, 'text', 'hi']);
      assert.equal(r.code, 1);
      assert.match(
        r.err,
        /HTTP 400: it refused the query or the body\n {2}body: Bad Request\n {2}hint: the webhook cannot decrypt it: a plaintext webhook \(no encodingAESKey\/appId\) refuses encrypted pushes — send plaintext with --mode plaintext/,
      );
      assert.equal(
        (await run(['simulate', '--url', url, '--token', TOKEN, '--aes-key', TEST_KEY, '--app-id', TEST_APP_ID, '--mode', 'plaintext', 'text', 'hi'])).code,
        0,
        'the hint works',
      );
    });
  });
  it('a wrong AppID: 400, "another EncodingAESKey or AppID"', async () => {
    await withServer({ encodingAESKey: TEST_KEY, appId: OTHER_APP_ID }, async (url) => {
      const r = await run(['simulate', '--url', url, '--token', TOKEN, '--aes-key', TEST_KEY, '--app-id', TEST_APP_ID, 'text', 'hi']);
      assert.equal(r.code, 1);
      assert.match(r.err, /hint: another EncodingAESKey or AppID: pass --aes-key and --app-id/);
    });
  });
  it('a plaintext push to a safe-mode server: 403, the keys', async () => {
    await withServer({ encodingAESKey: TEST_KEY, appId: TEST_APP_ID }, async (url) => {
      const r = await run(['simulate', '--url', url, '--token', TOKEN, 'text', 'hi']);
      assert.match(
        r.err,
        /HTTP 403[^\n]*\n {2}body: Forbidden\n {2}hint: a different token[^\n]*\n {2}hint: a plaintext push to a webhook in safe mode \(安全模式\): pass --aes-key and --app-id/,
      );
    });
  });
  it('an invalid push of its own (a --field override) refused by a strict server: 400, the field named', async () => {
    // wxmp's own webhook delivers such a push (schema drift: 200, a warning to onError)
    await withServer({}, async (url) => {
      assert.equal((await run(['simulate', '--url', url, '--token', TOKEN, '--field', 'Latitude=north', 'event', 'LOCATION'])).code, 0);
    });
    const strict = async () => new Response('Bad Request', { status: 400 });
    const r = await run(['simulate', '--token', TOKEN, '--field', 'Latitude=north', 'event', 'LOCATION'], { fetch: strict });
    assert.equal(r.code, 1);
    assert.match(r.err, /hint: the push itself is invalid: MESSAGE_INVALID: latitude must be a number, got "north"/);
    assert.doesNotMatch(r.err, /body parsers/);
  });
  it('a server whose Date header is an hour off: 403, the clock first', async () => {
    const { base, close } = await listen(
      createServer((_req, res) => {
        res.writeHead(403, { date: new Date(Date.now() + 3_600_000).toUTCString(), 'content-type': 'text/plain' }).end('Forbidden');
      }),
    );
    try {
      const r = await run(['simulate', '--url', `${base}/wechat`, '--token', TOKEN, 'text', 'hi']);
      assert.match(r.err, /\n {2}hint: the push is stamped -3\d{3} s away from the server clock \(its Date header\), outside the 300 s window: fix the clock/);
      const j = JSON.parse((await run(['simulate', '--url', `${base}/wechat`, '--token', TOKEN, '--json', 'text', 'hi'])).out) as {
        error: { hints: string[] };
      };
      assert.equal(j.error.hints.length, 3);
      assert.match(j.error.hints[0] as string, /server clock/);
    } finally {
      await close();
    }
  });
  it('statuses without an inference get their fixed hint or none', async () => {
    const answer = (status: number) => async () => new Response('', { status });
    assert.match(
      (await run(['simulate', '--token', TOKEN, 'text', 'hi'], { fetch: answer(413) })).err,
      /HTTP 413: it refused a body larger than it accepts\n {2}hint: the push was larger/,
    );
    assert.match((await run(['simulate', '--token', TOKEN, 'text', 'hi'], { fetch: answer(404) })).err, /hint: nothing at this URL/);
    assert.match(
      (await run(['simulate', '--token', TOKEN, 'text', 'hi'], { fetch: answer(400) })).err,
      /hint: the body did not reach the webhook intact: mount it before body parsers/,
    );
    assert.match((await run(['simulate', '--token', TOKEN, 'text', 'hi'], { fetch: answer(503) })).err, /^wxmp: the server answered HTTP 503\n$/);
  });
});
