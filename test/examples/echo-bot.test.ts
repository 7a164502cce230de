// The echo bot (examples/echo-bot, `npm start`) over a real node:http server, every scenario of
// the tutorials in plaintext, safe and compatible mode. The bot takes the wxmp module as a
// parameter, so it runs here against the compiled sources instead of dist/.
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { describe, it } from 'node:test';
import * as wxmp from '../../src/index.js';
import type { Message } from '../../src/index.js';
import { createSimulator, type SimulatedPush, type SimulatedReply, type Simulator } from '../../src/testing/index.js';
import { importExample, listen, TEST_APP_ID, TEST_KEY } from './helpers.js';

type Mode = 'plaintext' | 'compatible' | 'safe';
interface EchoConfig {
  host: string;
  port: number;
  path: string;
  token: string;
  devToken: boolean;
  mode: Mode;
  encodingAESKey?: string;
  appId?: string;
}
interface AppModule {
  DEV_TOKEN: string;
  configFromEnv(env: Readonly<Record<string, string | undefined>>): EchoConfig;
  createEchoServer(w: typeof wxmp, config: EchoConfig, options?: { log?: (line: string) => void }): Server;
}
interface BotModule {
  MENU_ANSWERS: Readonly<Record<string, string>>;
  createBot(w: typeof wxmp): (message: Message, ctx: wxmp.WebhookContext) => unknown;
}

const app = await importExample<AppModule>('examples/echo-bot/app.mjs');
const { MENU_ANSWERS } = await importExample<BotModule>('examples/echo-bot/bot.mjs');
const TOKEN = 'echoBotTestToken';

async function withBot(mode: Mode, run: (sim: Simulator, base: string, log: string[]) => Promise<void>): Promise<void> {
  const env = mode === 'plaintext' ? { WECHAT_TOKEN: TOKEN } : { WECHAT_TOKEN: TOKEN, WECHAT_AES_KEY: TEST_KEY, WECHAT_APP_ID: TEST_APP_ID, WECHAT_MODE: mode };
  const config = app.configFromEnv(env);
  assert.equal(config.mode, mode);
  const log: string[] = [];
  const { base, close } = await listen(app.createEchoServer(wxmp, config, { log: (l) => log.push(l) }));
  try {
    const sim =
      mode === 'plaintext'
        ? createSimulator({ token: TOKEN, url: `${base}/wechat` })
        : createSimulator({ token: TOKEN, encodingAESKey: TEST_KEY, appId: TEST_APP_ID, mode, url: `${base}/wechat` });
    await run(sim, base, log);
  } finally {
    await close();
  }
}

async function send(sim: Simulator, push: SimulatedPush): Promise<SimulatedReply> {
  return sim.readReply(await fetch(push.request()), push);
}

async function textOf(sim: Simulator, push: SimulatedPush): Promise<string> {
  const out = await send(sim, push);
  assert.equal(out.kind, 'reply');
  assert.ok(out.kind === 'reply' && out.reply.msgType === 'text', `expected a text reply, got ${JSON.stringify(out)}`);
  assert.equal(out.encrypted, push.encrypted, 'an encrypted push gets an encrypted reply');
  return out.reply.content;
}

for (const mode of ['plaintext', 'safe', 'compatible'] as const) {
  describe(`echo bot over node:http (${mode})`, () => {
    it('plays every tutorial scenario', async () => {
      await withBot(mode, async (sim, _base, log) => {
        // text → the same text (鹦鹉学舌)
        assert.equal(await textOf(sim, sim.text('你好')), '你好');
        assert.equal(await textOf(sim, sim.text('/::D emoji 😀 <b>&amp;</b> ]]>')), '/::D emoji 😀 <b>&amp;</b> ]]>');
        // voice → its Recognition text, or a hint when recognition is off
        assert.equal(await textOf(sim, sim.voice({ recognition: '腾讯微信团队' })), '腾讯微信团队');
        assert.match(await textOf(sim, sim.voice()), /语音识别/);
        assert.match(await textOf(sim, sim.voice({ recognition: '' })), /语音识别/);
        // image → the same image (its MediaId) back
        const image = sim.image('http://mmbiz.qpic.cn/abc/0');
        const back = await send(sim, image);
        assert.ok(back.kind === 'reply');
        assert.deepEqual(back.reply, { msgType: 'image', mediaId: image.fields.MediaId });
        // subscribe → thanks, with the QR scene when present
        const plain = await textOf(sim, sim.subscribe());
        assert.match(plain, /感谢关注/);
        assert.doesNotMatch(plain, /场景值/);
        const qr = await textOf(sim, sim.subscribe('123123'));
        assert.match(qr, /感谢关注/);
        assert.match(qr, /场景值：123123/);
        // SCAN → the scene
        assert.match(await textOf(sim, sim.scan('42')), /场景值：42/);
        // CLICK → per-key answer, with a default
        assert.equal(await textOf(sim, sim.click('V1001_TODAY_MUSIC')), MENU_ANSWERS.V1001_TODAY_MUSIC);
        assert.equal(await textOf(sim, sim.click('V1001_TODAY_SINGER')), MENU_ANSWERS.V1001_TODAY_SINGER);
        assert.equal(await textOf(sim, sim.click('V1001_GOOD')), MENU_ANSWERS.V1001_GOOD);
        assert.match(await textOf(sim, sim.click('SOMETHING_ELSE')), /SOMETHING_ELSE/);
        assert.match(await textOf(sim, sim.click('toString')), /toString/, 'inherited names are not menu keys');
        // anything else → a friendly fallback
        assert.match(await textOf(sim, sim.location()), /位置/);
        assert.match(await textOf(sim, sim.link()), /链接/);
        assert.match(await textOf(sim, sim.video()), /视频/);
        assert.match(await textOf(sim, sim.shortvideo()), /小视频/);
        assert.match(await textOf(sim, sim.push({ MsgType: 'miniprogrampage', Title: 't' })), /miniprogrampage/);
        // events the user cannot see an answer to → no reply
        assert.deepEqual(await send(sim, sim.unsubscribe()), { kind: 'success' });
        assert.deepEqual(await send(sim, sim.reportLocation()), { kind: 'success' });
        assert.deepEqual(await send(sim, sim.view('https://example.com')), { kind: 'success' });
        assert.deepEqual(await send(sim, sim.event('TEMPLATESENDJOBFINISH', { MsgID: '200163836', Status: 'success' })), { kind: 'success' });
        // one log line per push, naming what arrived
        assert.ok(log.includes(`← text from ${sim.text('x').fields.FromUserName}${mode === 'plaintext' ? '' : ' (encrypted)'}`), log.join('\n'));
        assert.ok(log.some((l) => l.startsWith('← event SCAN')));
      });
    });

    it('answers the URL verification (GET) with echostr', async () => {
      await withBot(mode, async (sim) => {
        const res = await fetch(sim.verify('1234567890123456789'));
        assert.equal(res.status, 200);
        assert.equal(await res.text(), '1234567890123456789');
      });
    });

    it('rejects a wrong signature (403, logged without the token) and serves nothing but /wechat (404)', async () => {
      await withBot(mode, async (sim, base, log) => {
        const forged = createSimulator({ token: 'notTheToken', url: `${base}/wechat` });
        const res = await fetch(forged.text('hi').request());
        assert.equal(res.status, 403);
        assert.ok(!(await res.text()).includes('hi'));
        assert.ok(
          log.some((l) => l.startsWith('✗ 403 ')),
          log.join('\n'),
        );
        assert.ok(!log.join('\n').includes(TOKEN) && !log.join('\n').includes(TEST_KEY));
        for (const path of ['/', '/wechat/', '/other?signature=x']) {
          const r = await fetch(`${base}${path}`, { method: 'POST', body: sim.text('hi').body });
          assert.equal(r.status, 404, path);
          assert.match(await r.text(), /\/wechat/);
        }
      });
    });
  });
}

describe('echo bot in safe mode', () => {
  it('refuses a plaintext push (no downgrade from 安全模式)', async () => {
    await withBot('safe', async (sim) => {
      const res = await fetch(sim.text('hi', { mode: 'plaintext' }).request());
      assert.equal(res.status, 403);
    });
  });
});

describe('echo bot configuration (configFromEnv)', () => {
  it('defaults to 127.0.0.1:3000, /wechat, the development token, plaintext', () => {
    assert.deepEqual(app.configFromEnv({}), { host: '127.0.0.1', port: 3000, path: '/wechat', token: app.DEV_TOKEN, devToken: true, mode: 'plaintext' });
  });
  it('reads PORT, HOST, WECHAT_TOKEN', () => {
    const c = app.configFromEnv({ PORT: '0', HOST: '0.0.0.0', WECHAT_TOKEN: 'tok123' });
    assert.equal(c.port, 0);
    assert.equal(c.host, '0.0.0.0');
    assert.equal(c.token, 'tok123');
    assert.equal(c.devToken, false);
    assert.equal(app.configFromEnv({ PORT: '' }).port, 3000);
  });
  it('enables safe mode with WECHAT_AES_KEY and WECHAT_APP_ID; WECHAT_MODE chooses', () => {
    const keys = { WECHAT_AES_KEY: TEST_KEY, WECHAT_APP_ID: TEST_APP_ID };
    assert.equal(app.configFromEnv(keys).mode, 'safe');
    assert.equal(app.configFromEnv(keys).encodingAESKey, TEST_KEY);
    assert.equal(app.configFromEnv({ ...keys, WECHAT_MODE: 'compatible' }).mode, 'compatible');
    const plain = app.configFromEnv({ ...keys, WECHAT_MODE: 'plaintext' });
    assert.equal(plain.mode, 'plaintext');
    assert.equal(plain.encodingAESKey, undefined, 'plaintext mode is not given the key');
  });
  it('rejects inconsistent settings with a message naming the variable, never its value', () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ PORT: '70000' }, /PORT/],
      [{ PORT: 'abc' }, /PORT/],
      [{ WECHAT_AES_KEY: TEST_KEY }, /WECHAT_APP_ID/],
      [{ WECHAT_APP_ID: TEST_APP_ID }, /WECHAT_AES_KEY/],
      [{ WECHAT_MODE: 'secure' }, /WECHAT_MODE/],
      [{ WECHAT_MODE: 'safe' }, /WECHAT_AES_KEY/],
    ];
    for (const [env, message] of cases) {
      assert.throws(
        () => app.configFromEnv(env),
        (e: Error) => message.test(e.message) && !e.message.includes(TEST_KEY),
        JSON.stringify(env),
      );
    }
  });
});
