// `wxmp simulate`: turns the command line into a simulator configuration and one request.
import { isWxmpError } from '../errors.js';
import { eventName } from '../testing/events.js';
import { createSimulator, type SimulatedPush, type Simulator, type SimulatorMode } from '../testing/simulator.js';
import type { XmlBuildRecord, XmlBuildValue } from '../xml/index.js';
import { preview } from '../internal/bytes.js';
import { UsageError, type OptionSpec, type ParsedArgs } from './args.js';

/** The options `wxmp simulate` accepts. */
export const SIMULATE_SPEC: OptionSpec = {
  values: [
    'url',
    'token',
    'aes-key',
    'app-id',
    'mode',
    'openid',
    'to',
    'timeout',
    'field',
    'scene',
    'key',
    'recognition',
    'format',
    'media-id',
    'x',
    'y',
    'scale',
    'label',
    'title',
    'description',
    'latitude',
    'longitude',
    'precision',
  ],
  flags: ['json', 'help', 'encrypted'],
  repeatable: ['field'],
  aliases: { h: 'help' },
};

/** Everything needed to talk to the server; `token`/`encodingAESKey` never reach the output. */
export interface SimulateConfig {
  readonly url: string;
  readonly timeoutMs: number;
  readonly json: boolean;
  readonly simulator: Simulator;
}

/** What to send: a push (POST) or the URL verification (GET) with the echostr to expect back. */
export type Planned =
  | { readonly kind: 'push'; readonly label: string; readonly push: SimulatedPush }
  | { readonly kind: 'verify'; readonly label: string; readonly request: Request; readonly echostr: string };

const DEFAULT_URL = 'http://127.0.0.1:3000/wechat';
const MODES: readonly string[] = ['plaintext', 'compatible', 'safe'];

function text(args: ParsedArgs, name: string): string | undefined {
  const v = args.options.get(name);
  return typeof v === 'string' ? v : undefined;
}

function num(args: ParsedArgs, name: string): number | undefined {
  const v = text(args, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got ${preview(v)}`);
  return n;
}

/**
 * Resolves the URL, secrets (options first, then `WECHAT_TOKEN`, `WECHAT_AES_KEY`, `WECHAT_APP_ID`,
 * `WECHAT_MODE`) and builds the simulator.
 *
 * @throws {UsageError} for a missing token, a bad URL/mode/timeout, or a bad key (the key itself is never echoed).
 */
export function resolveConfig(args: ParsedArgs, env: Readonly<Record<string, string | undefined>>): SimulateConfig {
  const url = text(args, 'url') ?? DEFAULT_URL;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--url is not a URL: ${preview(url)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UsageError('--url must be an http:// or https:// URL');
  const token = text(args, 'token') ?? env.WECHAT_TOKEN;
  if (token === undefined || token === '') throw new UsageError('--token is required (or set WECHAT_TOKEN)');
  const encodingAESKey = text(args, 'aes-key') ?? (env.WECHAT_AES_KEY || undefined);
  const appId = text(args, 'app-id') ?? (env.WECHAT_APP_ID || undefined);
  if ((encodingAESKey === undefined) !== (appId === undefined))
    throw new UsageError('--aes-key and --app-id go together (or WECHAT_AES_KEY and WECHAT_APP_ID)');
  const mode = text(args, 'mode') ?? (env.WECHAT_MODE || undefined);
  if (mode !== undefined && !MODES.includes(mode)) throw new UsageError(`--mode must be plaintext, compatible or safe, got ${preview(mode)}`);
  if (mode !== undefined && mode !== 'plaintext' && encodingAESKey === undefined) throw new UsageError(`--mode ${mode} needs --aes-key and --app-id`);
  const timeoutMs = num(args, 'timeout') ?? 10_000;
  if (!(timeoutMs > 0)) throw new UsageError('--timeout must be a positive number of milliseconds');
  const openId = text(args, 'openid');
  const toUserName = text(args, 'to');
  let simulator: Simulator;
  try {
    simulator = createSimulator({
      token,
      url,
      ...(encodingAESKey !== undefined && appId !== undefined ? { encodingAESKey, appId } : {}),
      ...(mode !== undefined ? { mode: mode as SimulatorMode } : {}),
      ...(openId !== undefined ? { openId } : {}),
      ...(toUserName !== undefined ? { toUserName } : {}),
    });
  } catch (e) {
    // MessageCrypto's messages describe the key's problem without containing it
    if (isWxmpError(e)) throw new UsageError(`invalid configuration: ${e.message.slice(e.code.length + 2)}`);
    throw e;
  }
  return { url, timeoutMs, json: args.options.get('json') === true, simulator };
}

type Fields = Record<string, XmlBuildValue>;

/** `--field Name=Value` and `--field Parent.Child=Value` (a nested element, e.g. ScanCodeInfo.ScanResult). */
function fields(args: ParsedArgs): Fields {
  const out: Fields = {};
  for (const f of args.repeated.get('field') ?? []) {
    const eq = f.indexOf('=');
    const path = (eq === -1 ? '' : f.slice(0, eq)).split('.');
    if (!path.every((name) => /^[A-Za-z_][\w-]*$/.test(name)))
      throw new UsageError(`--field needs Name=Value (or Parent.Child=Value) with XML element names, got ${preview(f)}`);
    let node = out;
    for (const name of path.slice(0, -1)) {
      const next = node[name];
      node = (node[name] = typeof next === 'object' && next !== null && !Array.isArray(next) ? { ...(next as Fields) } : {}) as Fields;
    }
    node[path[path.length - 1] as string] = f.slice(eq + 1);
  }
  return out;
}

/** `base` with `over` merged in, element by element (nested records merged, anything else replaced). */
function merge(base: Readonly<Record<string, XmlBuildValue | undefined>>, over: Fields): Fields {
  const out: Fields = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) out[k] = v;
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    const nested = (x: unknown): x is XmlBuildRecord => typeof x === 'object' && x !== null && !Array.isArray(x);
    out[k] = nested(b) && nested(v) ? merge(b, v as Fields) : v;
  }
  return out;
}

function arity(rest: readonly string[], max: number, usage: string): void {
  if (rest.length > max) throw new UsageError(`too many arguments for ${usage}: ${preview(rest.slice(max).join(' '))}`);
}

/**
 * Builds the request described by the positionals (`text hi`, `event SCAN --scene 42`, `verify`…).
 *
 * @throws {UsageError} for an unknown message type or missing/extra arguments.
 */
export function plan(sim: Simulator, args: ParsedArgs): Planned {
  const [what, ...rest] = args.positionals;
  const extra = fields(args);
  const str = (name: string): string | undefined => text(args, name);
  const push = (label: string, p: SimulatedPush): Planned => {
    if (Object.keys(extra).length === 0) return { kind: 'push', label, push: p };
    // re-issue with the overrides merged into the same elements
    const { ToUserName: _t, FromUserName: _f, ...given } = p.fields;
    return {
      kind: 'push',
      label,
      push: sim.push(merge(given, extra), { toUserName: String(p.fields.ToUserName), fromUserName: String(p.fields.FromUserName) }),
    };
  };
  switch (what) {
    case undefined:
      throw new UsageError('what should be sent? e.g. `text "你好"` or `event subscribe`');
    case 'text': {
      if (rest.length === 0) throw new UsageError('text needs the content, e.g. `text "你好"`');
      return push('text', sim.text(rest.join(' ')));
    }
    case 'image':
      arity(rest, 1, 'image [picUrl]');
      return push('image', sim.push({ MsgType: 'image', PicUrl: rest[0] ?? 'http://mmbiz.qpic.cn/test/0', MediaId: str('media-id') ?? 'media_id_cli_image' }));
    case 'voice': {
      arity(rest, 0, 'voice');
      const recognition = str('recognition');
      return push(
        'voice',
        sim.voice({ format: str('format') ?? 'amr', mediaId: str('media-id') ?? 'media_id_cli_voice', ...(recognition !== undefined ? { recognition } : {}) }),
      );
    }
    case 'video':
    case 'shortvideo':
      arity(rest, 0, what);
      return push(what, sim[what]({ mediaId: str('media-id') ?? `media_id_cli_${what}` }));
    case 'location': {
      arity(rest, 0, 'location');
      const [x, y, scale, label] = [num(args, 'x'), num(args, 'y'), num(args, 'scale'), str('label')];
      return push(
        'location',
        sim.location({
          ...(x !== undefined ? { x } : {}),
          ...(y !== undefined ? { y } : {}),
          ...(scale !== undefined ? { scale } : {}),
          ...(label !== undefined ? { label } : {}),
        }),
      );
    }
    case 'link': {
      arity(rest, 1, 'link [url]');
      const [title, description] = [str('title'), str('description')];
      return push(
        'link',
        sim.link({
          ...(rest[0] !== undefined ? { url: rest[0] } : {}),
          ...(title !== undefined ? { title } : {}),
          ...(description !== undefined ? { description } : {}),
        }),
      );
    }
    case 'event':
      return push(...eventPush(sim, rest, args));
    case 'verify': {
      arity(rest, 1, 'verify [echostr]');
      const echostr = rest[0] ?? `${String(Date.now())}0123456`;
      return { kind: 'verify', label: 'URL verification', request: sim.verify(echostr, { encrypted: args.options.get('encrypted') === true }), echostr };
    }
    default:
      throw new UsageError(`unknown message type ${preview(what)} (text, image, voice, video, shortvideo, location, link, event, verify, events)`);
  }
}

function eventPush(sim: Simulator, rest: readonly string[], args: ParsedArgs): [string, SimulatedPush] {
  const [given, ...more] = rest;
  if (given === undefined) throw new UsageError('event needs a name, e.g. `event subscribe`, `event CLICK --key V1001_TODAY_MUSIC`');
  arity(more, 0, `event ${given}`);
  const name = eventName(given) ?? given;
  const scene = text(args, 'scene');
  const key = text(args, 'key');
  const label = `event ${name}`;
  switch (name) {
    case 'subscribe':
      return [label, sim.subscribe(scene)];
    case 'SCAN':
      if (scene === undefined) throw new UsageError('event SCAN needs --scene VALUE');
      return [label, sim.scan(scene)];
    case 'CLICK':
    case 'VIEW':
      if (key === undefined) throw new UsageError(`event ${name} needs --key ${name === 'VIEW' ? 'URL' : 'MENU_KEY'}`);
      return [label, name === 'CLICK' ? sim.click(key) : sim.view(key)];
    case 'LOCATION': {
      const [latitude, longitude, precision] = [num(args, 'latitude'), num(args, 'longitude'), num(args, 'precision')];
      return [
        label,
        sim.reportLocation({
          ...(latitude !== undefined ? { latitude } : {}),
          ...(longitude !== undefined ? { longitude } : {}),
          ...(precision !== undefined ? { precision } : {}),
        }),
      ];
    }
    default:
      return [label, sim.event(name, { ...(key !== undefined ? { EventKey: key } : {}), ...(scene !== undefined ? { scene } : {}) })];
  }
}
