// Offline simulator of the WeChat push server: builds the exact signed (and encrypted) requests
// WeChat sends to a server URL, and decodes the replies.
import { MessageCrypto } from '../crypto/index.js';
import { WxmpError } from '../errors.js';
import { randomDigits } from '../internal/random.js';
import { assertServerToken } from '../internal/server-token.js';
import { parseReply, type Reply } from '../replies/index.js';
import { computeSignature } from '../signature.js';
import { buildXml, parseXml, type XmlBuildValue, type XmlRecord } from '../xml/index.js';
import { componentPushes, type ComponentPushes } from './component-pushes.js';
import { explainRefusal, KIT_WORDS } from './diagnose.js';
import { EVENT_FIELDS, eventName } from './events.js';

/** How the simulated account is configured (消息加解密方式): 明文, 兼容 or 安全模式. */
export type SimulatorMode = 'plaintext' | 'compatible' | 'safe';

/** Options of {@link createSimulator}. */
export interface SimulatorOptions {
  /** The server-configuration Token (令牌): 3–32 characters of `[A-Za-z0-9]`. */
  token: string;
  /** EncodingAESKey (43 characters); with `appId`, enables the encrypted modes. */
  encodingAESKey?: string;
  /** The AppID appended to every encrypted message (receive id). */
  appId?: string;
  /** Default: `'safe'` when `encodingAESKey` and `appId` are given, otherwise `'plaintext'`. */
  mode?: SimulatorMode;
  /** The server URL; default `'http://127.0.0.1:3000/wechat'`. An existing query is kept. */
  url?: string;
  /** Clock in seconds (for `timestamp` and `CreateTime`); default the system clock. */
  now?: () => number;
  /** The account's original id (`gh_…`) used as `ToUserName`; default `'gh_0123456789ab'`. */
  toUserName?: string;
  /** The sender's OpenID used as `FromUserName` and `openid`; default a fixed test OpenID. */
  openId?: string;
  /** Random source for nonces, message ids and the AES prefix; default `crypto.getRandomValues`. */
  randomBytes?: (size: number) => Uint8Array;
}

/** Per-push overrides. */
export interface PushOptions {
  /** Sender OpenID (`FromUserName` and the `openid` query parameter). */
  fromUserName?: string;
  /** Receiving account (`ToUserName`). */
  toUserName?: string;
  /** `CreateTime`; default `now()`. */
  createTime?: number;
  /** `MsgId` of a normal message; default a random 19-digit id. `false` omits it. Ignored for events. */
  msgId?: string | false;
  /** Query `timestamp`; default `now()`. */
  timestamp?: string | number;
  /** Query `nonce`; default 10 random digits. */
  nonce?: string;
  /** Encryption of this push only, e.g. a plaintext push to a safe-mode server (downgrade test). */
  mode?: SimulatorMode;
  /** Where this push goes (default the simulator's `url`), e.g. an authorizer's `/wx…/callback` on an Open Platform server. */
  url?: string;
}

/** One simulated push. {@link SimulatedPush.request} can be called again for WeChat's retries. */
export interface SimulatedPush {
  /** The message's elements (WeChat names), as encrypted or sent. */
  readonly fields: Readonly<Record<string, XmlBuildValue>>;
  /** The plaintext message XML. */
  readonly xml: string;
  /** The body on the wire (equal to `xml` in plaintext mode). */
  readonly body: string;
  /** The full URL including the signed query. */
  readonly url: string;
  /** The query parameters, in WeChat's order. */
  readonly query: Readonly<Record<string, string>>;
  /** How this push was sent. */
  readonly mode: SimulatorMode;
  readonly encrypted: boolean;
  /** A fresh `POST` Request; every call yields an identical request (same query and body) — a retry. */
  request(init?: { headers?: Record<string, string> }): Request;
}

/** A decoded webhook answer. */
export type SimulatedReply =
  | { kind: 'success' }
  | { kind: 'empty' }
  | { kind: 'reply'; reply: Reply; toUserName: string; fromUserName: string; createTime: number; encrypted: boolean; xml: string };

/**
 * Fields of the convenience builders; `opts` of each is a {@link PushOptions}. With `appId` set to
 * an Open Platform component's AppID, the {@link ComponentPushes} build its 授权事件 pushes.
 */
export interface Simulator extends ComponentPushes {
  readonly mode: SimulatorMode;
  /**
   * The simulator's clock (seconds). Give the webhook the same one, `createWebhook({ …, now: sim.now })`,
   * when the simulator runs on a fixed or shifted clock: the webhook refuses timestamps more than
   * 300 s from its own clock.
   */
  readonly now: () => number;
  /**
   * The URL-verification `GET` (`signature`, `echostr`, `timestamp`, `nonce`). With
   * `{ encrypted: true }`, the WeCom-style variant (`msg_signature` and an encrypted `echostr`).
   */
  verify(echostr?: string, opts?: { encrypted?: boolean; timestamp?: string | number; nonce?: string }): Request;
  /** A push with the given elements (WeChat names); fills ToUserName, FromUserName, CreateTime and, for non-events, MsgId. */
  push(fields: Readonly<Record<string, XmlBuildValue | undefined>>, opts?: PushOptions): SimulatedPush;
  /** A text message (文本消息). */
  text(content: string, opts?: PushOptions): SimulatedPush;
  /** An image message (图片消息). */
  image(picUrl?: string, opts?: PushOptions): SimulatedPush;
  /** A voice message (语音消息), with `Recognition` when given. */
  voice(v?: { recognition?: string; format?: string; mediaId?: string }, opts?: PushOptions): SimulatedPush;
  /** A video message (视频消息). */
  video(v?: { mediaId?: string; thumbMediaId?: string }, opts?: PushOptions): SimulatedPush;
  /** A short-video message (小视频消息). */
  shortvideo(v?: { mediaId?: string; thumbMediaId?: string }, opts?: PushOptions): SimulatedPush;
  /** A location message (地理位置消息). */
  location(l?: { x?: number; y?: number; scale?: number; label?: string }, opts?: PushOptions): SimulatedPush;
  /** A link message (链接消息). */
  link(l?: { title?: string; description?: string; url?: string }, opts?: PushOptions): SimulatedPush;
  /** A file message (文件消息). */
  file(f?: { title?: string; description?: string; fileKey?: string; fileMd5?: string; fileTotalLen?: number }, opts?: PushOptions): SimulatedPush;
  /**
   * An event push with the elements WeChat always sends for it (`ScanCodeInfo`, `SendPicsInfo`,
   * `SendLocationInfo`, `MsgID` + `Status`, the subscription `List`…, see {@link SIMULATED_EVENTS}),
   * overridden by `fields` (WeChat element names; `undefined` removes one). `scene` fills `EventKey`
   * (`qrscene_<scene>` for `subscribe`, `<scene>` for `SCAN`) and a `Ticket`.
   */
  event(event: string, fields?: Readonly<Record<string, XmlBuildValue | undefined>> & { scene?: string }, opts?: PushOptions): SimulatedPush;
  /** A `subscribe` event; with `scene`, the follow came from a parametric QR code. */
  subscribe(scene?: string, opts?: PushOptions): SimulatedPush;
  /** An `unsubscribe` event. */
  unsubscribe(opts?: PushOptions): SimulatedPush;
  /** A `SCAN` event: a follower scanned a parametric QR code. */
  scan(scene: string, opts?: PushOptions): SimulatedPush;
  /** A `CLICK` menu event with its `EventKey`. */
  click(key: string, opts?: PushOptions): SimulatedPush;
  /** A `VIEW` menu event (a menu link opened). */
  view(url: string, opts?: PushOptions): SimulatedPush;
  /** `LOCATION` event (上报地理位置). */
  reportLocation(l?: { latitude?: number; longitude?: number; precision?: number }, opts?: PushOptions): SimulatedPush;
  /**
   * Reads a webhook response like WeChat does: checks the status, verifies `MsgSignature` and
   * decrypts an encrypted reply, parses it into a typed {@link Reply}. With `push`, also checks the
   * envelope (`ToUserName` = the sender, `FromUserName` = the account) and, for a safe-mode push,
   * that the reply is encrypted. A refusal (`HTTP_STATUS`) says what the webhook refused and the
   * likely causes (token, clock, mode, keys, an invalid push).
   */
  readReply(response: Response, push?: SimulatedPush): Promise<SimulatedReply>;
}

/** @internal Signs and encrypts `fields` as a push; `envelope` holds the plaintext fields beside `<Encrypt>` in safe mode. */
export type Seal = (fields: Record<string, XmlBuildValue>, opts: PushOptions, envelope: Record<string, XmlBuildValue>, openid?: string) => SimulatedPush;

const DEFAULT_URL = 'http://127.0.0.1:3000/wechat';

/**
 * Creates a simulator of WeChat's push server for offline tests: signed URL verification, every
 * message and event type, compatible/safe encryption, identical retries, and reply decoding.
 *
 * @throws {WxmpError} `INVALID_CONFIG` when the token is not 3–32 letters or digits (the same rule
 * as `createWebhook` and `MessageCrypto`), only one of `encodingAESKey`/`appId`
 * is given, or an encrypted mode is requested without them; `MessageCrypto`'s codes for a bad key.
 * @example
 * ```ts
 * const sim = createSimulator({ token, encodingAESKey, appId })
 * const push = sim.text('hello')
 * const res = await webhook(push.request())
 * const out = await sim.readReply(res, push) // { kind: 'reply', reply: { msgType: 'text', … } }
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html
 */
export function createSimulator(options: SimulatorOptions): Simulator {
  if (typeof options !== 'object' || options === null) throw new WxmpError('INVALID_CONFIG', 'createSimulator needs { token }');
  const { token, encodingAESKey, appId } = options;
  assertServerToken(token);
  if ((encodingAESKey === undefined) !== (appId === undefined)) {
    throw new WxmpError('INVALID_CONFIG', 'encodingAESKey and appId must be given together');
  }
  const random = options.randomBytes ?? ((n: number) => crypto.getRandomValues(new Uint8Array(n)));
  const mc = encodingAESKey !== undefined && appId !== undefined ? new MessageCrypto({ token, encodingAESKey, appId, randomBytes: random }) : undefined;
  const mode: SimulatorMode = options.mode ?? (mc ? 'safe' : 'plaintext');
  if (mode !== 'plaintext' && mode !== 'compatible' && mode !== 'safe') throw new WxmpError('INVALID_CONFIG', 'mode must be plaintext, compatible or safe');
  if (mode !== 'plaintext' && !mc) throw new WxmpError('INVALID_CONFIG', `mode '${mode}' needs encodingAESKey and appId`);
  const baseUrl = options.url ?? DEFAULT_URL;
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const account = options.toUserName ?? 'gh_0123456789ab';
  const openId = options.openId ?? 'oTestUser000000000000000000';

  const digits = (n: number): string => randomDigits(random, n);
  const signedUrl = (query: Record<string, string>, base = baseUrl): string => {
    const qs = Object.entries(query)
      .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
      .join('&');
    return `${base}${base.includes('?') ? '&' : '?'}${qs}`;
  };

  /** Signs (and encrypts) a message; `envelope` is the outer body of a safe-mode push. */
  const seal: Seal = (fields, opts, envelope, openid) => {
    const pushMode = opts.mode ?? mode;
    if (pushMode !== 'plaintext' && !mc) throw new WxmpError('INVALID_ARGUMENT', `mode '${pushMode}' needs encodingAESKey and appId`);
    const xml = buildXml(fields);
    const timestamp = String(opts.timestamp ?? Math.floor(now()));
    const nonce = opts.nonce ?? digits(10);
    const query: Record<string, string> = { signature: computeSignature(token, timestamp, nonce), timestamp, nonce };
    if (openid !== undefined) query.openid = openid;
    let body = xml;
    if (pushMode !== 'plaintext' && mc) {
      const encrypt = mc.encrypt(xml);
      body = buildXml(pushMode === 'safe' ? { ...envelope, Encrypt: encrypt } : { ...fields, Encrypt: encrypt });
      query.encrypt_type = 'aes';
      query.msg_signature = computeSignature(token, timestamp, nonce, encrypt);
    }
    const url = signedUrl(query, opts.url);
    return {
      fields,
      xml,
      body,
      url,
      query,
      mode: pushMode,
      encrypted: pushMode !== 'plaintext',
      request: (init = {}) => new Request(url, { method: 'POST', body, headers: { 'content-type': 'text/xml', ...init.headers } }),
    };
  };

  const push = (given: Readonly<Record<string, XmlBuildValue | undefined>>, opts: PushOptions = {}): SimulatedPush => {
    const from = opts.fromUserName ?? openId;
    const fields: Record<string, XmlBuildValue> = {
      ToUserName: opts.toUserName ?? account,
      FromUserName: from,
      CreateTime: opts.createTime ?? Math.floor(now()),
    };
    for (const [k, v] of Object.entries(given)) if (v !== undefined) fields[k] = v;
    if (fields.MsgType !== 'event' && fields.MsgId === undefined && opts.msgId !== false) fields.MsgId = opts.msgId ?? digits(19);
    return seal(fields, opts, { ToUserName: fields.ToUserName as string }, from);
  };

  const message = (msgType: string, fields: Record<string, XmlBuildValue | undefined>, opts?: PushOptions) => push({ MsgType: msgType, ...fields }, opts);
  const media = () => `media_${digits(12)}`;

  const event: Simulator['event'] = (name, fields = {}, opts) => {
    const { scene, ...rest } = fields;
    const known = eventName(name);
    const defaults = known ? EVENT_FIELDS[known]({ now: Math.floor(now()), digits }) : {};
    const extra: Record<string, XmlBuildValue | undefined> = {};
    if (scene !== undefined) {
      extra.EventKey = name === 'subscribe' ? `qrscene_${scene}` : scene;
      extra.Ticket = `gQ${digits(24)}`;
    }
    return push({ MsgType: 'event', Event: name, ...defaults, ...extra, ...rest }, opts);
  };

  const readReply = async (response: Response, sent?: SimulatedPush): Promise<SimulatedReply> => {
    const text = await response.text();
    if (response.status !== 200) throw refusal(response.status, text, sent);
    if (text === 'success') return { kind: 'success' };
    if (text === '') return { kind: 'empty' };
    const outer = parseXml(text);
    let xml = text;
    const encrypt = outer.Encrypt;
    const encrypted = encrypt !== undefined;
    if (encrypted) {
      if (!mc) throw new WxmpError('INVALID_CONFIG', 'an encrypted reply needs a simulator with encodingAESKey and appId');
      if (typeof encrypt !== 'string') throw new WxmpError('CRYPTO_MISSING_ENCRYPT', 'the reply has no single <Encrypt>', { errcode: -40002 });
      xml = mc.verifyAndDecrypt(encrypt, { msgSignature: str(outer, 'MsgSignature'), timestamp: str(outer, 'TimeStamp'), nonce: str(outer, 'Nonce') });
    } else if ((sent?.mode ?? mode) === 'safe') {
      throw new WxmpError('REPLY_INVALID', 'a safe-mode (安全模式) push must be answered with an encrypted reply');
    }
    const { toUserName, fromUserName, createTime, ...reply } = parseReply(xml);
    if (sent && (toUserName !== sent.fields.FromUserName || fromUserName !== sent.fields.ToUserName)) {
      throw new WxmpError('REPLY_INVALID', 'reply envelope does not answer the push (ToUserName must be the sender, FromUserName the account)');
    }
    return { kind: 'reply', reply: reply as Reply, toUserName, fromUserName, createTime, encrypted, xml };
  };

  const refusal = (status: number, body: string, sent?: SimulatedPush): WxmpError => {
    // a webhook without `now` uses the system clock
    const stamp = Number(sent?.query.timestamp ?? Math.floor(now()));
    const { refused, causes } = explainRefusal({
      status,
      encrypted: sent?.encrypted ?? mode !== 'plaintext',
      skewSeconds: stamp - Date.now() / 1000,
      clockName: 'the system clock',
      ...(sent ? { xml: sent.xml } : {}),
      words: KIT_WORDS,
    });
    const reason = body.length > 0 && body.length <= 40 ? ` (${body})` : '';
    const likely = causes.length > 0 ? ` Likely: ${causes.join('; or ')}.` : '';
    return new WxmpError('HTTP_STATUS', `webhook answered HTTP ${status}${reason}: it refused ${refused}.${likely} Its onError receives the exact code.`, {
      status,
    });
  };

  return {
    mode,
    now: () => Math.floor(now()),
    verify(echostr = digits(19), opts = {}) {
      const timestamp = String(opts.timestamp ?? Math.floor(now()));
      const nonce = opts.nonce ?? digits(10);
      if (opts.encrypted) {
        if (!mc) throw new WxmpError('INVALID_ARGUMENT', 'an encrypted echostr needs encodingAESKey and appId');
        const enc = mc.encrypt(echostr);
        return new Request(signedUrl({ msg_signature: computeSignature(token, timestamp, nonce, enc), timestamp, nonce, echostr: enc }));
      }
      return new Request(signedUrl({ signature: computeSignature(token, timestamp, nonce), echostr, timestamp, nonce }));
    },
    push,
    text: (content, opts) => message('text', { Content: content }, opts),
    image: (picUrl, opts) => message('image', { PicUrl: picUrl ?? `http://mmbiz.qpic.cn/test/${digits(8)}/0`, MediaId: media() }, opts),
    voice: (v = {}, opts) => message('voice', { MediaId: v.mediaId ?? media(), Format: v.format ?? 'amr', Recognition: v.recognition }, opts),
    video: (v = {}, opts) => message('video', { MediaId: v.mediaId ?? media(), ThumbMediaId: v.thumbMediaId ?? media() }, opts),
    shortvideo: (v = {}, opts) => message('shortvideo', { MediaId: v.mediaId ?? media(), ThumbMediaId: v.thumbMediaId ?? media() }, opts),
    location: (l = {}, opts) =>
      message('location', { Location_X: l.x ?? 23.134521, Location_Y: l.y ?? 113.358803, Scale: l.scale ?? 20, Label: l.label ?? '位置信息' }, opts),
    link: (l = {}, opts) =>
      message(
        'link',
        { Title: l.title ?? '公众平台官网链接', Description: l.description ?? '公众平台官网链接', Url: l.url ?? 'https://mp.weixin.qq.com' },
        opts,
      ),
    file: (f = {}, opts) =>
      message(
        'file',
        {
          Title: f.title ?? 'report.pdf',
          Description: f.description ?? '',
          FileKey: f.fileKey ?? digits(16),
          FileMd5: f.fileMd5 ?? '5a8f0e7c2a4b1d3e6f9a0b1c2d3e4f5a',
          FileTotalLen: f.fileTotalLen ?? 1024,
        },
        opts,
      ),
    event,
    subscribe: (scene, opts) => event('subscribe', scene === undefined ? {} : { scene }, opts),
    unsubscribe: (opts) => event('unsubscribe', {}, opts),
    scan: (scene, opts) => event('SCAN', { scene }, opts),
    click: (key, opts) => event('CLICK', { EventKey: key }, opts),
    view: (url, opts) => event('VIEW', { EventKey: url }, opts),
    reportLocation: (l = {}, opts) =>
      event('LOCATION', { Latitude: l.latitude ?? 23.137466, Longitude: l.longitude ?? 113.352425, Precision: l.precision ?? 119.38504 }, opts),
    readReply,
    ...componentPushes(seal, appId ?? '', now),
  };
}

function str(record: XmlRecord, name: string): string {
  const v = record[name];
  return typeof v === 'string' ? v : '';
}
