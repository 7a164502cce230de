// The `wxmp` CLI, run in-process through main(argv, io): usage errors, help, and real exchanges
// with webhooks (over node:http and in-process through an injected fetch).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { describe, it } from 'node:test';
import { parseArgs, UsageError } from '../../src/cli/args.js';
import { describeReply } from '../../src/cli/format.js';
import { VERSION } from '../../src/cli/version.js';
import type { HandlerResult } from '../../src/index.js';
import { answering, inProcess, run, TOKEN, withServer, type Fetch } from './_kit.js';
import { listen, repoRoot, TEST_APP_ID, TEST_KEY } from '../examples/helpers.js';

describe('wxmp: help and version', () => {
  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(`${repoRoot()}/package.json`, 'utf8')) as { version: string };
    assert.equal(VERSION, pkg.version);
    for (const flag of ['--version', '-v']) assert.deepEqual(await run([flag]), { code: 0, out: `${pkg.version}\n`, err: '' });
  });
  it('--help, help and simulate --help print usage (exit 0)', async () => {
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const r = await run(argv);
      assert.equal(r.code, 0);
      assert.match(r.out, /wxmp simulate \[options\] <message>/);
    }
    for (const argv of [
      ['simulate', '--help'],
      ['simulate', '-h'],
      ['help', 'simulate'],
      ['simulate', 'text', 'x', '--help'],
    ]) {
      const r = await run(argv);
      assert.equal(r.code, 0, argv.join(' '));
      assert.match(r.out, /event SCAN --scene VALUE/);
      assert.match(r.out, /Exit status/);
    }
  });
});

describe('wxmp: usage errors exit 2 with a message on stderr', () => {
  const cases: Array<[string[], RegExp, Record<string, string>?]> = [
    [[], /a command is required/],
    [['serve'], /unknown command "serve"/],
    [['help', 'nope'], /unknown command "help"/],
    [['simulate', '--token', TOKEN, '--bogus', 'text', 'x'], /unknown option "--bogus"/],
    [['simulate', '--token', TOKEN, '-x', 'text', 'x'], /unknown option "-x"/],
    [['simulate', '--token', TOKEN, '--=1', 'text', 'x'], /unknown option/],
    [['simulate', '--token'], /--token needs a value/],
    [['simulate', '--token', '--json', 'text', 'x'], /--token needs a value/],
    [['simulate', '--token', TOKEN, '--json=yes', 'text', 'x'], /--json takes no value/],
    [['simulate', 'text', 'hi'], /--token is required/],
    [['simulate', '--token', TOKEN, '--url', 'not a url', 'text', 'hi'], /--url is not a URL/],
    [['simulate', '--token', TOKEN, '--url', 'ftp://x/wechat', 'text', 'hi'], /http/],
    [['simulate', '--token', TOKEN, '--aes-key', TEST_KEY, 'text', 'hi'], /--aes-key and --app-id go together/],
    [['simulate', '--token', TOKEN, 'text', 'hi'], /go together/, { WECHAT_APP_ID: TEST_APP_ID }],
    [['simulate', '--token', TOKEN, '--mode', 'secure', 'text', 'hi'], /--mode must be plaintext, compatible or safe/],
    [['simulate', '--token', TOKEN, '--mode', 'safe', 'text', 'hi'], /--mode safe needs --aes-key/],
    [['simulate', '--token', TOKEN, '--aes-key', 'short', '--app-id', TEST_APP_ID, 'text', 'hi'], /invalid configuration/],
    [['simulate', '--token', TOKEN, '--timeout', '0', 'text', 'hi'], /--timeout must be a positive/],
    [['simulate', '--token', TOKEN, '--timeout', 'soon', 'text', 'hi'], /--timeout must be a number/],
    [['simulate', '--token', TOKEN], /what should be sent/],
    [['simulate', '--token', TOKEN, 'text'], /text needs the content/],
    [['simulate', '--token', TOKEN, 'sticker'], /unknown message type "sticker"/],
    [['simulate', '--token', TOKEN, 'image', 'a', 'b'], /too many arguments for image/],
    [['simulate', '--token', TOKEN, 'voice', 'extra'], /too many arguments/],
    [['simulate', '--token', TOKEN, 'location', '--x', 'north'], /--x must be a number/],
    [['simulate', '--token', TOKEN, 'event'], /event needs a name/],
    [['simulate', '--token', TOKEN, 'event', 'SCAN'], /event SCAN needs --scene/],
    [['simulate', '--token', TOKEN, 'event', 'CLICK'], /event CLICK needs --key MENU_KEY/],
    [['simulate', '--token', TOKEN, 'event', 'VIEW'], /event VIEW needs --key URL/],
    [['simulate', '--token', TOKEN, 'event', 'subscribe', 'more'], /too many arguments/],
    [['simulate', '--token', TOKEN, '--field', 'NoEquals', 'text', 'x'], /--field needs Name=Value/],
    [['simulate', '--token', TOKEN, '--field', '1bad=x', 'text', 'x'], /--field needs Name=Value/],
    [['simulate', '--token', TOKEN, 'verify', 'a', 'b'], /too many arguments/],
  ];
  for (const [argv, message, env] of cases) {
    it(argv.join(' ') || '(no arguments)', async () => {
      let fetched = false;
      const r = await run(argv, {
        env: env ?? {},
        fetch: async () => {
          fetched = true;
          return new Response('success');
        },
      });
      assert.equal(r.code, 2);
      assert.equal(r.out, '');
      assert.match(r.err, message);
      assert.match(r.err, /wxmp --help/);
      assert.equal(fetched, false, 'nothing is sent on a usage error');
    });
  }
});

describe('wxmp simulate: what is sent', () => {
  const base = ['simulate', '--token', TOKEN];
  it('text joins its words; --openid and --to set the envelope', async () => {
    const w = inProcess();
    const r = await run([...base, '--openid', 'oUser1', '--to', 'gh_abc', 'text', '你好', '世界'], { fetch: w.fetch });
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(
      [w.seen[0]?.msgType, (w.seen[0] as { content?: string }).content, w.seen[0]?.fromUserName, w.seen[0]?.toUserName],
      ['text', '你好 世界', 'oUser1', 'gh_abc'],
    );
  });
  it('`--` ends the options, so a text may start with dashes', async () => {
    const w = inProcess();
    assert.equal((await run([...base, 'text', '--', '--not-an-option'], { fetch: w.fetch })).code, 0);
    assert.equal((w.seen[0] as { content?: string }).content, '--not-an-option');
  });
  it('media, location and link messages carry their fields', async () => {
    const w = inProcess();
    const sends: string[][] = [
      ['image', 'http://mmbiz.qpic.cn/x/0', '--media-id', 'M1'],
      ['voice', '--recognition', '腾讯微信团队', '--format', 'speex'],
      ['video', '--media-id', 'V1'],
      ['shortvideo'],
      ['location', '--x', '23.1', '--y', '-113.5', '--scale', '15', '--label', '广州'],
      ['link', 'https://example.com/a', '--title', 'T', '--description', 'D'],
    ];
    for (const s of sends) assert.equal((await run([...base, ...s], { fetch: w.fetch })).code, 0, s.join(' '));
    const [image, voice, video, shortvideo, location, link] = w.seen as unknown as Array<Record<string, unknown>>;
    assert.deepEqual([image?.msgType, image?.picUrl, image?.mediaId], ['image', 'http://mmbiz.qpic.cn/x/0', 'M1']);
    assert.deepEqual([voice?.msgType, voice?.recognition, voice?.format], ['voice', '腾讯微信团队', 'speex']);
    assert.deepEqual([video?.msgType, video?.mediaId], ['video', 'V1']);
    assert.equal(shortvideo?.msgType, 'shortvideo');
    assert.deepEqual([location?.locationX, location?.locationY, location?.scale, location?.label], [23.1, -113.5, 15, '广州']);
    assert.deepEqual([link?.url, link?.title, link?.description], ['https://example.com/a', 'T', 'D']);
  });
  it('events: subscribe (with and without a QR scene), SCAN, CLICK, VIEW, LOCATION, unsubscribe, any other name', async () => {
    const w = inProcess();
    const sends: string[][] = [
      ['event', 'subscribe'],
      ['event', 'subscribe', '--scene', '123'],
      ['event', 'scan', '--scene', '42'],
      ['event', 'CLICK', '--key', 'V1001_TODAY_MUSIC'],
      ['event', 'view', '--key', 'https://example.com'],
      ['event', 'LOCATION', '--latitude', '23.1', '--longitude', '113.3', '--precision', '50'],
      ['event', 'unsubscribe'],
      ['event', 'kf_create_session', '--key', 'K', '--scene', 'S', '--field', 'KfAccount=test1@test'],
    ];
    for (const s of sends) assert.equal((await run([...base, ...s], { fetch: w.fetch })).code, 0, s.join(' '));
    const got = w.seen as unknown as Array<Record<string, unknown>>;
    assert.deepEqual(
      got.map((m) => m.event),
      ['subscribe', 'subscribe', 'SCAN', 'CLICK', 'VIEW', 'LOCATION', 'unsubscribe', 'kf_create_session'],
    );
    assert.equal(got[0]?.scene, undefined);
    assert.deepEqual([got[1]?.eventKey, got[1]?.scene], ['qrscene_123', '123']);
    assert.equal(got[2]?.scene, '42');
    assert.equal(got[3]?.eventKey, 'V1001_TODAY_MUSIC');
    assert.equal(got[4]?.eventKey, 'https://example.com');
    assert.deepEqual([got[5]?.latitude, got[5]?.longitude, got[5]?.precision], [23.1, 113.3, 50]);
    assert.deepEqual([got[7]?.eventKey, got[7]?.kfAccount], ['K', 'test1@test'], '--key wins over --scene for EventKey');
  });
  it('--field adds or overrides elements of the push', async () => {
    const w = inProcess();
    assert.equal((await run([...base, '--field', 'Content=overridden', '--field', 'Extra=1', 'text', 'original'], { fetch: w.fetch })).code, 0);
    const m = w.seen[0] as unknown as Record<string, unknown>;
    assert.deepEqual([m.content, m.extra], ['overridden', '1']);
  });
});

describe('wxmp simulate: against a real server (node:http)', () => {
  it('plaintext: prints the decoded text reply (exit 0)', async () => {
    await withServer({}, async (url) => {
      const r = await run(['simulate', '--url', url, '--token', TOKEN, 'text', '你好']);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, new RegExp(`^→ POST ${url.replace(/[.]/g, '\\.')}: text \\(plaintext\\)\n← 200 in \\d+ ms: text reply\n  echo: 你好\n$`));
      assert.equal(r.err, '');
    });
  });
  it('safe mode with the key from the environment: the reply is encrypted and decrypted', async () => {
    await withServer({ encodingAESKey: TEST_KEY, appId: TEST_APP_ID }, async (url) => {
      const env = { WECHAT_TOKEN: TOKEN, WECHAT_AES_KEY: TEST_KEY, WECHAT_APP_ID: TEST_APP_ID };
      const r = await run(['simulate', '--url', url, 'text', 'secret hello'], { env });
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /text \(safe, encrypted\)/);
      assert.match(r.out, /text reply \(encrypted\)\n {2}echo: secret hello\n$/);
      // a plaintext push to a safe-mode server is refused (403), reported with exit 1
      const down = await run(['simulate', '--url', url, '--mode', 'plaintext', 'text', 'x'], { env });
      assert.equal(down.code, 1);
      assert.match(down.err, /HTTP 403/);
    });
  });
  it('compatible mode via WECHAT_MODE', async () => {
    await withServer({ encodingAESKey: TEST_KEY, appId: TEST_APP_ID, mode: 'compatible' }, async (url) => {
      const r = await run(['simulate', '--url', url, '--json', 'text', 'c'], {
        env: { WECHAT_TOKEN: TOKEN, WECHAT_AES_KEY: TEST_KEY, WECHAT_APP_ID: TEST_APP_ID, WECHAT_MODE: 'compatible' },
      });
      assert.equal(r.code, 0, r.err);
      const j = JSON.parse(r.out) as { request: { mode: string; encrypted: boolean }; encrypted: boolean; reply: unknown };
      assert.deepEqual([j.request.mode, j.request.encrypted, j.encrypted, j.reply], ['compatible', true, true, { msgType: 'text', content: 'echo: c' }]);
    });
  });
  it('--json prints one JSON object with the decoded reply', async () => {
    await withServer({}, async (url) => {
      const r = await run(['simulate', '--url', url, '--token', TOKEN, '--json', 'text', 'hi']);
      assert.equal(r.code, 0);
      const j = JSON.parse(r.out) as Record<string, unknown>;
      assert.equal(j.ok, true);
      assert.equal(j.status, 200);
      assert.equal(j.kind, 'reply');
      assert.deepEqual(j.reply, { msgType: 'text', content: 'echo: hi' });
      assert.deepEqual(j.request, { type: 'text', method: 'POST', url, mode: 'plaintext', encrypted: false });
      assert.equal(typeof j.ms, 'number');
      assert.equal(r.out.trim().split('\n').length, 1);
    });
  });
  it('no reply: success is reported, exit 0', async () => {
    await withServer({}, async (url) => {
      const r = await run(['simulate', '--url', url, '--token', TOKEN, 'event', 'unsubscribe']);
      assert.equal(r.code, 0);
      assert.match(r.out, /success \(acknowledged, no reply\)/);
    });
  });
  it('verify: the GET URL verification, plain and encrypted (WeCom style)', async () => {
    await withServer({}, async (url) => {
      const r = await run(['simulate', '--url', url, '--token', TOKEN, 'verify', 'echo123']);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /→ GET .*: URL verification \(plaintext\)\n← 200 in \d+ ms: echostr echoed/);
      const j = JSON.parse((await run(['simulate', '--url', url, '--token', TOKEN, '--json', 'verify'])).out) as { ok: boolean; echostr: string };
      assert.equal(j.ok, true);
      assert.match(j.echostr, /^\d+$/);
    });
    await withServer({ encodingAESKey: TEST_KEY, appId: TEST_APP_ID, echostr: 'encrypted' }, async (url) => {
      const r = await run(['simulate', '--url', url, '--token', TOKEN, '--aes-key', TEST_KEY, '--app-id', TEST_APP_ID, 'verify', 'e42', '--encrypted']);
      assert.equal(r.code, 0, r.err);
    });
  });
  it('a wrong token: exit 1, HTTP 403 with a hint, nothing secret printed', async () => {
    await withServer({}, async (url) => {
      const r = await run(['simulate', '--url', url, '--token', 'anotherToken', 'text', 'hi']);
      assert.equal(r.code, 1);
      assert.match(
        r.err,
        /the server answered HTTP 403: it refused the signature, the timestamp, or a plaintext push in safe mode \(安全模式\)\n {2}body: Forbidden\n {2}hint: a different token: does --token/,
      );
      assert.doesNotMatch(r.err, /clocks more than/, "the server's Date header shows the clocks agree");
      const j = JSON.parse((await run(['simulate', '--url', url, '--token', 'anotherToken', '--json', 'text', 'hi'])).out) as Record<string, unknown>;
      assert.deepEqual([j.ok, j.status, (j.error as { code: string }).code], [false, 403, 'HTTP_STATUS']);
    });
  });
  it('nothing listening: exit 1 with ECONNREFUSED and a hint', async () => {
    const { base, close } = await listen(createServer());
    await close();
    const r = await run(['simulate', '--url', `${base}/wechat`, '--token', TOKEN, 'text', 'hi']);
    assert.equal(r.code, 1);
    assert.match(r.err, /cannot reach http:\/\/127\.0\.0\.1:\d+\/wechat \(ECONNREFUSED\)\n {2}hint: is the server running/);
  });
});

describe('wxmp simulate: failures exit 1', () => {
  const base = ['simulate', '--token', TOKEN];
  it('a timeout', async () => {
    // AbortSignal.timeout's timer does not keep the event loop alive (a real socket would)
    const hang: Fetch = (_req, { signal }) =>
      new Promise((_, reject) => {
        const alive = setInterval(() => {}, 1000);
        signal.addEventListener('abort', () => {
          clearInterval(alive);
          reject(signal.reason);
        });
      });
    const r = await run([...base, '--timeout', '30', 'text', 'hi'], { fetch: hang });
    assert.equal(r.code, 1);
    assert.match(r.err, /no answer within 30 ms\n {2}hint: WeChat itself gives up after 5 s/);
    const j = JSON.parse((await run([...base, '--json', '--timeout', '30', 'text', 'hi'], { fetch: hang })).out) as { error: { code: string } };
    assert.equal(j.error.code, 'TIMEOUT');
  });
  it('a network error without a cause code', async () => {
    const r = await run([...base, 'text', 'hi'], {
      fetch: async () => {
        throw new TypeError('fetch failed', { cause: new Error('socket hang up') });
      },
    });
    assert.equal(r.code, 1);
    assert.match(r.err, /\(socket hang up\)/);
    assert.doesNotMatch(r.err, /hint/);
    const r2 = await run([...base, 'text', 'hi'], {
      fetch: async () => {
        throw new Error('boom');
      },
    });
    assert.match(r2.err, /\(boom\)/);
    const r3 = await run([...base, 'text', 'hi'], { fetch: () => Promise.reject('weird') });
    assert.match(r3.err, /\(weird\)/);
  });
  it('an HTTP status without a known hint, with a long body shortened', async () => {
    const r = await run([...base, 'text', 'hi'], { fetch: answering('x'.repeat(500), 500) });
    assert.equal(r.code, 1);
    assert.match(r.err, /HTTP 500\n {2}body: x{200}…\n$/);
    for (const status of [400, 404, 405, 413])
      assert.match((await run([...base, 'text', 'hi'], { fetch: answering('', status) })).err, /hint: /, String(status));
  });
  it('a redirect is reported, not followed', async () => {
    await withServer({}, async (url) => {
      const { base: redirector, close } = await listen(
        createServer((_req, res) => {
          res.writeHead(302, { location: url }).end();
        }),
      );
      try {
        const r = await run([...base, '--url', `${redirector}/wechat`, 'text', 'hi']);
        assert.equal(r.code, 1);
        assert.match(r.err, new RegExp(`HTTP 302\n {2}hint: the server redirects to ${url.replace(/[.]/g, '\\.')}, but WeChat does not follow redirects`));
      } finally {
        await close();
      }
    });
    const bare = await run([...base, 'text', 'hi'], { fetch: async () => new Response(null, { status: 301 }) });
    assert.match(bare.err, /HTTP 301\n {2}hint: the server redirects, but/);
  });
  it('a reply that is not valid XML, or does not answer the push', async () => {
    const bad = await run([...base, 'text', 'hi'], { fetch: answering('<xml><MsgType>text') });
    assert.equal(bad.code, 1);
    assert.match(bad.err, /the reply is not what WeChat accepts: XML_/);
    const j = JSON.parse((await run([...base, '--json', 'text', 'hi'], { fetch: answering('{"json":true}') })).out) as {
      ok: boolean;
      error: { code: string };
      body: string;
    };
    assert.equal(j.ok, false);
    assert.equal(j.body, '{"json":true}');
    const wrongEnvelope =
      '<xml><ToUserName>someone_else</ToUserName><FromUserName>gh_0123456789ab</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>x</Content></xml>';
    assert.match((await run([...base, 'text', 'hi'], { fetch: answering(wrongEnvelope) })).err, /REPLY_INVALID/);
  });
  it('a safe-mode push answered in plaintext', async () => {
    const plainReply =
      '<xml><ToUserName>oTestUser000000000000000000</ToUserName><FromUserName>gh_0123456789ab</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>x</Content></xml>';
    const r = await run([...base, '--aes-key', TEST_KEY, '--app-id', TEST_APP_ID, 'text', 'hi'], { fetch: answering(plainReply) });
    assert.equal(r.code, 1);
    assert.match(r.err, /REPLY_INVALID: a safe-mode/);
    assert.equal((await run([...base, 'text', 'hi'], { fetch: answering(plainReply) })).code, 0, 'the same reply is fine in plaintext mode');
  });
  it('verify: a server that does not echo echostr', async () => {
    const r = await run([...base, 'verify', 'abc'], { fetch: answering('something else') });
    assert.equal(r.code, 1);
    assert.match(r.err, /did not echo echostr/);
  });
  it('a body that fails to arrive is a network failure', async () => {
    const broken: Fetch = async () =>
      ({
        status: 200,
        text: async () => {
          throw new TypeError('terminated');
        },
      }) as unknown as Response;
    const r = await run([...base, 'text', 'hi'], { fetch: broken });
    assert.equal(r.code, 1);
    assert.match(r.err, /cannot reach .*\(terminated\)/);
  });
});

describe('wxmp simulate: reply rendering', () => {
  it('prints every reply type readably', async () => {
    const replies: Array<[HandlerResult, RegExp]> = [
      [{ msgType: 'image', mediaId: 'IMG' }, /image reply\n {2}mediaId: IMG\n$/],
      [{ msgType: 'voice', mediaId: 'VOI' }, /voice reply\n {2}mediaId: VOI\n$/],
      [{ msgType: 'video', mediaId: 'VID', title: 'T' }, /video reply\n {2}mediaId: VID\n {2}title: T\n$/],
      [{ msgType: 'music', title: 'Song', thumbMediaId: 'TH' }, /music reply\n( {2}(title: Song|thumbMediaId: TH)\n){2}$/],
      [
        {
          msgType: 'news',
          articles: [
            { title: 'A', url: 'https://a' },
            { title: 'B', description: 'd' },
          ],
        },
        /news reply\n {2}1\. A\n {5}url: https:\/\/a\n {2}2\. B\n {5}description: d\n$/,
      ],
      [{ msgType: 'transfer_customer_service' }, /transfer to customer service \(转发客服\)\n {2}\(no fields\)\n$/],
      [{ msgType: 'text', content: 'line1\nline2' }, /text reply\n {2}line1\n {2}line2\n$/],
      ['', /empty body \(acknowledged, no reply\)/],
    ];
    for (const [reply, expected] of replies) {
      const r = await run(['simulate', '--token', TOKEN, 'text', 'x'], { fetch: inProcess(() => reply).fetch });
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, expected);
    }
    assert.equal(describeReply({ msgType: 'transfer_customer_service', kfAccount: 'kf@x' }), '  kfAccount: kf@x');
  });
});

describe('parseArgs', () => {
  const spec = { values: ['a', 'list'], flags: ['f'], repeatable: ['list'], aliases: { F: 'f' } };
  it('parses values, flags, aliases, = forms, repeatables and positionals in any order', () => {
    const p = parseArgs(['x', '--a', '1', '-F', '--list=2', 'y', '--list', '3', '-', '-5', '--a=last'], spec);
    assert.deepEqual(
      [...p.options],
      [
        ['a', 'last'],
        ['f', true],
        ['list', '3'],
      ],
    );
    assert.deepEqual(p.repeated.get('list'), ['2', '3']);
    assert.deepEqual(p.positionals, ['x', 'y', '-', '-5']);
  });
  it('a value may be empty or start with a single dash', () => {
    assert.equal(parseArgs(['--a='], spec).options.get('a'), '');
    assert.equal(parseArgs(['--a', '-1.5'], spec).options.get('a'), '-1.5');
    assert.equal(parseArgs(['--a', '--'], spec).options.get('a'), '--');
  });
  it('throws UsageError for unknown options, missing values and valued flags; long input is truncated', () => {
    for (const argv of [['--nope'], ['-q'], ['--a'], ['--f=1'], ['--a', '--f']]) assert.throws(() => parseArgs(argv, spec), UsageError, argv.join(' '));
    assert.throws(
      () => parseArgs([`--${'z'.repeat(100)}`], spec),
      (e: Error) => !e.message.includes('z'.repeat(33)) && e.message.length < 80,
    );
  });
});
