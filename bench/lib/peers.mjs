// Loads the peer packages from bench/node_modules; a peer that fails to load is recorded as skipped.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const skipped = {};
export const versions = {};

function load(name, get = (m) => m) {
  try {
    const mod = get(require(name));
    versions[name] = version(name);
    return mod;
  } catch (error) {
    skipped[name] = String(error?.message ?? error)
      .split('\n')[0]
      .slice(0, 160);
    return undefined;
  }
}

function version(name) {
  try {
    return JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url), 'utf8')).version;
  } catch {
    return '?';
  }
}

const quiet = (fn) => {
  const { log, debug, info } = console;
  console.log = console.debug = console.info = () => {};
  try {
    return fn();
  } finally {
    Object.assign(console, { log, debug, info });
  }
};

export const fxp = load('fast-xml-parser');
export const xml2js = load('xml2js');
export const txml = load('txml');
export const WechatCrypto = load('wechat-crypto');
export const wecom = load('@wecom/crypto');
export const webot = load('wechat');
export const coWechat = load('co-wechat');
export const easy = load('node-easywechat');
const sub = (path) => {
  try {
    return require(path);
  } catch (error) {
    skipped['node-easywechat'] = String(error.message).split('\n')[0];
    return undefined;
  }
};
export const easyServer = easy && sub('node-easywechat/dist/OfficialAccount/Server.js');
export const easyEncryptor = easy && sub('node-easywechat/dist/Core/Encryptor.js');
export const easyUtils = easy && sub('node-easywechat/dist/Core/Support/Utils.js');
export const tnwx = quiet(() => load('tnwx'));
