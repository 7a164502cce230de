// @ts-check
// The echo bot's configuration (from environment variables) and its node:http server. Like bot.mjs,
// it receives the wxmp module as a parameter so tests can run it against the sources.
import { createServer } from 'node:http';
import { createBot } from './bot.mjs';

/** The token used when WECHAT_TOKEN is not set — for local development only, printed at startup. */
export const DEV_TOKEN = 'wxmpDevToken';

/**
 * @typedef {object} EchoConfig
 * @property {string} host
 * @property {number} port
 * @property {string} path
 * @property {string} token
 * @property {boolean} devToken true when WECHAT_TOKEN was not set
 * @property {'plaintext' | 'compatible' | 'safe'} mode
 * @property {string} [encodingAESKey]
 * @property {string} [appId]
 */

/**
 * Reads HOST (127.0.0.1), PORT (3000), WECHAT_TOKEN, WECHAT_AES_KEY + WECHAT_APP_ID (encryption)
 * and WECHAT_MODE (safe by default when encrypted; compatible while switching modes in the console).
 *
 * @param {Readonly<Record<string, string | undefined>>} env
 * @returns {EchoConfig}
 * @throws {Error} with a message naming the variable to fix (never its secret value)
 */
export function configFromEnv(env) {
  const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('PORT must be a port number (0-65535)');
  const key = env.WECHAT_AES_KEY || undefined;
  const appId = env.WECHAT_APP_ID || undefined;
  if ((key === undefined) !== (appId === undefined)) throw new Error('set both WECHAT_AES_KEY and WECHAT_APP_ID to enable encryption, or neither');
  const mode = env.WECHAT_MODE || (key ? 'safe' : 'plaintext');
  if (mode !== 'plaintext' && mode !== 'compatible' && mode !== 'safe') throw new Error('WECHAT_MODE must be plaintext, compatible or safe');
  if (mode !== 'plaintext' && key === undefined) throw new Error(`WECHAT_MODE=${mode} needs WECHAT_AES_KEY and WECHAT_APP_ID`);
  return {
    host: env.HOST || '127.0.0.1',
    port,
    path: '/wechat',
    token: env.WECHAT_TOKEN || DEV_TOKEN,
    devToken: !env.WECHAT_TOKEN,
    mode,
    // plaintext mode (明文模式) must not be given a key: the webhook refuses the ambiguity
    ...(mode !== 'plaintext' && key !== undefined && appId !== undefined ? { encodingAESKey: key, appId } : {}),
  };
}

/**
 * Creates (without starting) the echo bot's HTTP server: the webhook on `config.path`, 404 elsewhere.
 *
 * @param {Pick<typeof import('wxmp'), 'createRouter' | 'createWebhook' | 'toNodeListener'>} wxmp
 * @param {EchoConfig} config
 * @param {{ log?: (line: string) => void }} [options] `log` receives one line per push and per error
 */
export function createEchoServer(wxmp, config, { log = console.log } = {}) {
  const bot = createBot(wxmp);
  const webhook = wxmp.createWebhook({
    token: config.token,
    mode: config.mode,
    ...(config.encodingAESKey !== undefined && config.appId !== undefined ? { encodingAESKey: config.encodingAESKey, appId: config.appId } : {}),
    handler: (message, ctx) => {
      const what = message.msgType === 'event' ? `event ${message.event}` : message.msgType;
      log(`← ${what} from ${ctx.openId}${ctx.encrypted ? ' (encrypted)' : ''}`);
      return bot(message, ctx);
    },
    // errors are already redacted: no token, key or large attacker input
    onError: (error, ctx) => log(`✗ ${ctx.status} ${error.message}`),
  });
  const listener = wxmp.toNodeListener(webhook);
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    if ((q === -1 ? url : url.slice(0, q)) === config.path) return listener(req, res);
    // close: never read an unexpected body on a path we do not serve
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
    res.end(`Not Found — the WeChat webhook is at ${config.path}\n`);
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  return server;
}
