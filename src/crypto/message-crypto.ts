// WXBizMsgCrypt: safe-mode (安全模式) message encryption, strict on every field of the plaintext.
import { Buffer } from 'node:buffer';
import { WxmpError } from '../errors.js';
import { pooledRandomBytes, StreamCipher, StreamDecipher } from '../internal/engine.js';
import { decodeBase64Strict, decodeEncodingAESKey, decodeUtf8Strict, isWellFormedUtf16, preview } from '../internal/bytes.js';
import { CONTROL_CHAR_RE, isPrintableAscii, TIMESTAMP_RE } from '../internal/patterns.js';
import { randomDigits } from '../internal/random.js';
import { setInspectView } from '../internal/redact.js';
import { assertServerToken } from '../internal/server-token.js';
import { checkMsgSignature, computeSignature } from '../signature.js';
import { cdataElement } from '../xml/build.js';
import { extractEncrypt } from './envelope.js';

/** Configuration of {@link MessageCrypto}. */
export interface MessageCryptoOptions {
  /** The server-configuration Token (令牌): 3–32 characters of `[A-Za-z0-9]`, as the console enforces. */
  token: string;
  /** The 43-character EncodingAESKey (消息加解密密钥). */
  encodingAESKey: string;
  /** The receive id: the Official Account AppID (a WeCom CorpID / suite id works too). */
  appId: string;
  /** Clock in seconds for {@link MessageCrypto.encryptMessage}; default `Date.now() / 1000`. */
  now?: () => number;
  /** CSPRNG for the 16-byte prefix and the nonce; default `node:crypto` (`randomFillSync`, pooled). */
  randomBytes?: (size: number) => Uint8Array;
}

/** The query parameters that authenticate an encrypted push (`msg_signature`, `timestamp`, `nonce`). */
export interface MsgSignatureParams {
  msgSignature: string;
  timestamp: string;
  nonce: string;
}

/** Options of {@link MessageCrypto.encrypt}. */
export interface EncryptOptions {
  /** The 16-byte random prefix (for reproducible vectors); default: fresh CSPRNG bytes. */
  random?: Uint8Array;
}

/** Options of {@link MessageCrypto.encryptMessage}. */
export interface EncryptMessageOptions extends EncryptOptions {
  /** 1–10 digits; default: the current time. */
  timestamp?: string;
  /** 1–128 printable ASCII characters; default: 10 random digits. */
  nonce?: string;
}

// WXBizMsgCrypt error codes of the official sample SDKs (消息加解密说明).
const ERR = {
  signature: -40001,
  aesKey: -40004,
  appId: -40005,
  encrypt: -40006,
  decrypt: -40007,
  buffer: -40008,
  base64: -40010,
  length: -41003,
} as const;

/**
 * Encrypts and decrypts safe-mode messages (WXBizMsgCrypt): AES-256-CBC, IV = key[0:16],
 * plaintext `random(16) ‖ msg_len(4, big-endian) ‖ msg ‖ appId`, PKCS#7 to 32-byte blocks.
 *
 * Decryption is strict: canonical base64, a length that is a positive multiple of 32, padding
 * 1..32 with identical bytes, an in-bounds length field, a trailer equal to the configured appId
 * byte for byte, and valid UTF-8. Each failure has its own code (for logs); an HTTP peer should
 * only ever see one generic 4xx. Keys and the token are held in private fields and never appear in
 * errors, `JSON.stringify` or `util.inspect`.
 *
 * @throws {WxmpError} `INVALID_CONFIG` from the constructor (a token that is not 3–32 letters or
 * digits, a bad appId or clock; errcode -40004 for the key).
 * @example
 * ```ts
 * const mc = new MessageCrypto({ token, encodingAESKey, appId })
 * const xml = mc.decryptMessage(body, { msgSignature, timestamp, nonce })
 * const reply = mc.encryptMessage('<xml>…</xml>')
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Message_encryption_and_decryption_instructions.html
 */
export class MessageCrypto {
  /** The configured receive id (not secret). */
  readonly appId: string;
  readonly #token: string;
  readonly #key: Buffer;
  readonly #iv: Buffer;
  readonly #appIdBytes: Buffer;
  /** Smallest valid ciphertext: random + length field + empty message + appId + ≥ 1 pad byte. */
  readonly #minLength: number;
  readonly #now: () => number;
  readonly #random: (size: number) => Uint8Array;
  /** One AES-256-CBC decipher (no padding) fed every message as one continuous stream (engine.ts, 4). */
  readonly #stream: StreamDecipher;
  /** One AES-256-CBC cipher (no padding) for every message, output identical to a fresh one (engine.ts, 6). */
  readonly #cipher: StreamCipher;

  constructor(options: MessageCryptoOptions) {
    if (typeof options !== 'object' || options === null) throw new WxmpError('INVALID_CONFIG', 'MessageCrypto needs { token, encodingAESKey, appId }');
    const { token, encodingAESKey, appId, now, randomBytes } = options;
    assertServerToken(token);
    const key = typeof encodingAESKey === 'string' ? decodeEncodingAESKey(encodingAESKey) : undefined;
    if (key === undefined) {
      const got = typeof encodingAESKey === 'string' ? `${encodingAESKey.length} characters` : typeof encodingAESKey;
      throw new WxmpError('INVALID_CONFIG', `encodingAESKey must be exactly 43 base64 characters [A-Za-z0-9+/] (got ${got})`, { errcode: ERR.aesKey });
    }
    if (typeof appId !== 'string' || appId.length === 0 || CONTROL_CHAR_RE.test(appId)) {
      throw new WxmpError('INVALID_CONFIG', 'appId must be a non-empty string without control characters');
    }
    if (now !== undefined && typeof now !== 'function') throw new WxmpError('INVALID_CONFIG', 'now must be a function returning seconds');
    if (randomBytes !== undefined && typeof randomBytes !== 'function') throw new WxmpError('INVALID_CONFIG', 'randomBytes must be a function');
    this.appId = appId;
    this.#token = token;
    this.#key = key;
    this.#iv = Buffer.from(key.subarray(0, 16));
    this.#appIdBytes = Buffer.from(appId, 'utf8');
    this.#minLength = Math.ceil((20 + this.#appIdBytes.length + 1) / 32) * 32;
    this.#now = now ?? (() => Date.now() / 1000);
    this.#random = randomBytes ?? pooledRandomBytes;
    this.#stream = new StreamDecipher(this.#key, this.#iv);
    this.#cipher = new StreamCipher(this.#key, this.#iv);
    setInspectView(this, (mc) => `MessageCrypto { appId: ${JSON.stringify(mc.appId)} }`);
  }

  /**
   * Encrypts a message (usually reply XML) into the base64 `<Encrypt>` value.
   *
   * @throws {WxmpError} `INVALID_ARGUMENT` when `xml` is not a string or has a lone surrogate (it
   * would not survive UTF-8), or `random` is not 16 bytes.
   * @example
   * ```ts
   * mc.encrypt('<xml>…</xml>', { random: new Uint8Array(16) }) // deterministic, for tests only
   * ```
   * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Message_encryption_and_decryption_instructions.html
   */
  encrypt(xml: string, options: EncryptOptions = {}): string {
    if (typeof xml !== 'string') throw new WxmpError('INVALID_ARGUMENT', `encrypt expects a string, got ${preview(xml)}`);
    if (!isWellFormedUtf16(xml)) throw new WxmpError('INVALID_ARGUMENT', 'message contains a lone surrogate and cannot be encoded as UTF-8');
    const random = options.random ?? this.#random(16);
    if (!(random instanceof Uint8Array) || random.length !== 16) throw new WxmpError('INVALID_ARGUMENT', 'random prefix must be 16 bytes');
    const msgLength = Buffer.byteLength(xml, 'utf8');
    const unpadded = 20 + msgLength + this.#appIdBytes.length;
    const pad = 32 - (unpadded % 32); // 1..32: a full block of 32 when already aligned
    const plain = Buffer.allocUnsafe(unpadded + pad);
    plain.set(random, 0);
    plain.writeUInt32BE(msgLength, 16);
    plain.write(xml, 20, 'utf8');
    this.#appIdBytes.copy(plain, 20 + msgLength);
    plain.fill(pad, unpadded);
    return this.#cipher.encrypt(plain).toString('base64');
  }

  /**
   * Decrypts a base64 `<Encrypt>` value (or WeCom `echostr`) and returns the inner message. Does
   * not verify `msg_signature` — and AES-CBC alone is malleable, so a ciphertext that passes these
   * checks is not authenticated: use {@link MessageCrypto.decryptMessage} or
   * {@link MessageCrypto.verifyAndDecrypt} for pushes.
   *
   * @throws {WxmpError} `INVALID_ARGUMENT` (not a string), `CRYPTO_INVALID_BASE64` (-40010),
   * `CRYPTO_INVALID_LENGTH` (-40007; WeChat pads to 32 bytes, so any other length, or one too short
   * for the appId, is not from WeChat), `CRYPTO_DECRYPT_FAILED` (-40007), `CRYPTO_INVALID_PADDING`
   * (-40008), `CRYPTO_INVALID_MESSAGE_LENGTH` (-41003), `CRYPTO_APPID_MISMATCH` (-40005),
   * `CRYPTO_INVALID_UTF8` (-40008).
   * @example
   * ```ts
   * mc.decrypt(encrypt) // '<xml><ToUserName>…</xml>'
   * ```
   * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Message_encryption_and_decryption_instructions.html
   */
  decrypt(ciphertext: string): string {
    if (typeof ciphertext !== 'string') throw new WxmpError('INVALID_ARGUMENT', `decrypt expects a base64 string, got ${preview(ciphertext)}`);
    const data = decodeBase64Strict(ciphertext);
    if (data === undefined) throw new WxmpError('CRYPTO_INVALID_BASE64', `ciphertext is not canonical base64: ${preview(ciphertext)}`, { errcode: ERR.base64 });
    if (data.length % 32 !== 0 || data.length < this.#minLength) {
      throw new WxmpError('CRYPTO_INVALID_LENGTH', `ciphertext is ${data.length} bytes; expected a multiple of 32, at least ${this.#minLength}`, {
        errcode: ERR.decrypt,
      });
    }
    const plain = this.#decryptCbc(data);
    const n = plain.length;
    const pad = plain[n - 1] ?? 0;
    let badPad = pad < 1 || pad > 32 ? 1 : 0;
    for (let i = n - pad; badPad === 0 && i < n - 1; i++) if (plain[i] !== pad) badPad = 1;
    if (badPad !== 0) throw new WxmpError('CRYPTO_INVALID_PADDING', `invalid PKCS#7 padding (last byte ${pad})`, { errcode: ERR.buffer });
    const end = n - pad;
    const msgLength = plain.readUInt32BE(16);
    if (msgLength > end - 20) {
      throw new WxmpError('CRYPTO_INVALID_MESSAGE_LENGTH', `length field ${msgLength} exceeds the ${end - 20} bytes available`, { errcode: ERR.length });
    }
    const idStart = 20 + msgLength;
    const appIdLength = this.#appIdBytes.length;
    if (end - idStart !== appIdLength || this.#appIdBytes.compare(plain, idStart, end) !== 0) {
      throw new WxmpError('CRYPTO_APPID_MISMATCH', `receive id ${describeId(plain.subarray(idStart, end))} does not match the configured appId`, {
        errcode: ERR.appId,
      });
    }
    const text = decodeUtf8Strict(plain.subarray(20, idStart));
    if (text === undefined) throw new WxmpError('CRYPTO_INVALID_UTF8', 'decrypted message is not valid UTF-8', { errcode: ERR.buffer });
    return text;
  }

  /**
   * Verifies `msg_signature` over the pushed body's single `<Encrypt>` (before decrypting
   * anything), then decrypts it and returns the inner XML. Until `msg_signature` verifies the body
   * is unauthenticated, so nothing of it is parsed: `<Encrypt>` is found by a linear scan (the
   * webhook's), and the plaintext fields of a compatible-mode (兼容模式) body are ignored.
   *
   * @throws {WxmpError} `CRYPTO_MISSING_ENCRYPT` (-40002, as the official SDKs' ParseXml error: an
   * absent, empty, repeated or nested `<Encrypt>`, a DOCTYPE, an unterminated tag or section),
   * `CRYPTO_SIGNATURE_INVALID` (-40001), then any code of {@link MessageCrypto.decrypt}.
   * @example
   * ```ts
   * const inner = mc.decryptMessage(await request.text(), { msgSignature, timestamp, nonce })
   * ```
   * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Message_encryption_and_decryption_instructions.html
   */
  decryptMessage(body: string, query: MsgSignatureParams): string {
    if (typeof body !== 'string') throw new WxmpError('INVALID_ARGUMENT', `decryptMessage expects the XML body as a string, got ${preview(body)}`);
    return this.verifyAndDecrypt(extractEncrypt(body), query);
  }

  /**
   * Verifies `msg_signature` over an already-extracted `<Encrypt>` value, then decrypts it.
   *
   * @throws {WxmpError} `CRYPTO_SIGNATURE_INVALID` (-40001; also for malformed or missing query
   * values), then any code of {@link MessageCrypto.decrypt}.
   * @example
   * ```ts
   * mc.verifyAndDecrypt(json.Encrypt, { msgSignature, timestamp, nonce })
   * ```
   * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Message_encryption_and_decryption_instructions.html
   */
  verifyAndDecrypt(encrypt: string, query: MsgSignatureParams): string {
    if (!this.#verify(encrypt, query)) throw new WxmpError('CRYPTO_SIGNATURE_INVALID', 'msg_signature does not match', { errcode: ERR.signature });
    return this.decrypt(encrypt);
  }

  /**
   * WeCom-style URL verification (企业微信): verifies `msg_signature` over the encrypted `echostr`,
   * decrypts it and returns the plaintext to echo. (Official Accounts send a plaintext `echostr`
   * checked with `checkSignature` instead.)
   *
   * @throws {WxmpError} `CRYPTO_SIGNATURE_INVALID` (-40001), then any code of {@link MessageCrypto.decrypt}.
   * @example
   * ```ts
   * return new Response(mc.decryptEchostr(echostr, { msgSignature, timestamp, nonce }))
   * ```
   * @see https://developer.work.weixin.qq.com/document/path/90968
   */
  decryptEchostr(echostr: string, query: MsgSignatureParams): string {
    return this.verifyAndDecrypt(echostr, query);
  }

  /**
   * Encrypts a reply and wraps it in the signed envelope
   * `<xml><Encrypt/><MsgSignature/><TimeStamp/><Nonce/></xml>`.
   *
   * @throws {WxmpError} `INVALID_ARGUMENT` for a malformed `timestamp` (1–10 digits) or `nonce`
   * (1–128 printable ASCII, no `]]>`), a clock that returns a bad value, or anything
   * {@link MessageCrypto.encrypt} rejects.
   * @example
   * ```ts
   * return new Response(mc.encryptMessage(renderReply(reply, to)), { headers: { 'content-type': 'application/xml' } })
   * ```
   * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Message_encryption_and_decryption_instructions.html
   */
  encryptMessage(xml: string, options: EncryptMessageOptions = {}): string {
    const timestamp = options.timestamp ?? this.#timestamp();
    if (typeof timestamp !== 'string' || !TIMESTAMP_RE.test(timestamp))
      throw new WxmpError('INVALID_ARGUMENT', `timestamp must be 1-10 digits, got ${preview(timestamp)}`);
    const nonce = options.nonce ?? this.#nonce();
    if (!isPrintableAscii(nonce, 1, 128) || nonce.includes(']]>')) {
      throw new WxmpError('INVALID_ARGUMENT', `nonce must be 1-128 printable ASCII characters without "]]>", got ${preview(nonce)}`);
    }
    const encrypt = this.encrypt(xml, options.random === undefined ? {} : { random: options.random });
    const signature = computeSignature(this.#token, timestamp, nonce, encrypt);
    return `<xml>${cdataElement('Encrypt', encrypt)}${cdataElement('MsgSignature', signature)}<TimeStamp>${timestamp}</TimeStamp>${cdataElement('Nonce', nonce)}</xml>`;
  }

  /** A redacted view: only the appId. */
  toJSON(): { appId: string } {
    return { appId: this.appId };
  }

  #verify(encrypt: string, query: MsgSignatureParams): boolean {
    try {
      if (typeof query !== 'object' || query === null) return false;
      return checkMsgSignature(this.#token, { msgSignature: query.msgSignature, timestamp: query.timestamp, nonce: query.nonce, encrypt });
    } catch {
      return false; // hostile getters
    }
  }

  /** Decrypts whole blocks with the stream decipher (engine.ts, 4); the random prefix absorbs its first block. */
  #decryptCbc(data: Buffer): Buffer {
    try {
      return this.#stream.decrypt(data);
    } catch (cause) {
      throw new WxmpError('CRYPTO_DECRYPT_FAILED', 'AES-256-CBC decryption failed', { errcode: ERR.decrypt, cause });
    }
  }

  #timestamp(): string {
    const now = this.#now();
    if (typeof now !== 'number' || !Number.isFinite(now) || now < 0)
      throw new WxmpError('INVALID_ARGUMENT', 'now() must return seconds as a finite number >= 0');
    return String(Math.floor(now));
  }

  /** 10 decimal digits, the first one non-zero, without modulo bias. */
  #nonce(): string {
    return randomDigits(this.#random, 10);
  }
}

/** Shows a receive id only when it looks like one (short printable ASCII), never message content. */
function describeId(id: Buffer): string {
  if (id.length === 0 || id.length > 64) return `(${id.length} bytes)`;
  for (const b of id) if (b < 0x21 || b > 0x7e) return `(${id.length} bytes)`;
  return JSON.stringify(id.toString('latin1'));
}
