// `npm start`: the echo bot on http://127.0.0.1:3000/wechat. Configuration (environment):
//   WECHAT_TOKEN                   the Token (令牌) of the server configuration (a dev default otherwise)
//   WECHAT_AES_KEY, WECHAT_APP_ID  EncodingAESKey and AppID: enable encryption (安全模式 by default)
//   WECHAT_MODE                    safe | compatible | plaintext
//   HOST, PORT                     where to listen (127.0.0.1, 3000)
// It uses the built package (dist/, built by `npm start`'s prestart step); your app imports 'wxmp'.
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configFromEnv, createEchoServer } from './app.mjs';

const distIndex = new URL('../../dist/index.js', import.meta.url);
/** @type {typeof import('wxmp')} */
let wxmp;
try {
  wxmp = await import(distIndex.href);
} catch (e) {
  console.error(`echo-bot: cannot load ${relative(process.cwd(), fileURLToPath(distIndex))} — run \`npm start\` (it builds dist/ first) or \`npm run build\`.`);
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}

let config;
let server;
try {
  config = configFromEnv(process.env);
  server = createEchoServer(wxmp, config);
} catch (e) {
  // configuration mistakes: messages name the variable, never its value
  console.error(`echo-bot: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}

server.on('error', (e) => {
  const code = /** @type {NodeJS.ErrnoException} */ (e).code;
  console.error(code === 'EADDRINUSE' ? `echo-bot: port ${config.port} is in use — try PORT=3001 npm start` : `echo-bot: ${e.message}`);
  process.exit(1);
});

server.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}${config.path}`;
  const mode = config.mode === 'plaintext' ? 'plaintext (明文模式)' : config.mode === 'safe' ? 'safe mode (安全模式), encrypted' : 'compatible mode (兼容模式)';
  console.log(`wxmp echo bot listening on ${url} — ${mode}`);
  const flags = [`--url ${url}`];
  if (config.devToken) {
    console.log(`WECHAT_TOKEN is not set: using the development token "${config.token}" (set WECHAT_TOKEN for a real account).`);
    flags.push(`--token ${config.token}`);
  }
  const env = config.encodingAESKey ? 'WECHAT_TOKEN, WECHAT_AES_KEY, WECHAT_APP_ID' : config.devToken ? '' : 'WECHAT_TOKEN';
  console.log(
    `Talk to it from another terminal${env ? ` (with the same ${env} in the environment)` : ''}:\n  npx wxmp simulate ${flags.join(' ')} text "你好"\n  npx wxmp simulate ${flags.join(' ')} event subscribe --scene 123`,
  );
  console.log('Press Ctrl+C to stop.');
});

let stopping = false;
const stop = (/** @type {string} */ signal) => {
  if (stopping) process.exit(130); // a second Ctrl+C: stop now
  stopping = true;
  console.log(`\n${signal}: closing (finishing requests in progress)…`);
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  // requests in progress get WeChat's 5 s; then connections are cut
  setTimeout(() => {
    server.closeAllConnections();
    process.exit(0);
  }, 5_000).unref();
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
