// The engine-specific speed tricks of the SDK, gathered here and nowhere else. Each one is plain
// JavaScript with the same result as the obvious code (test/internal/engine.test.ts); each is kept
// because `npm run bench` measures it against that obvious code (bench/cases/engine.mjs, the
// "Engine" section of BENCHMARKS.md). Remove one only with a bench run that shows it no longer pays.
// Speed-up over the obvious code (BENCHMARKS.md, Node 20 on the shared bench machine):
//
//   1. fastRecord()        XML records of the push path in V8's fast mode    2.3×  (xml/parse.ts)
//   2. plainObject()       messages built with room for 20+ fields           2.7×  (messages/convert.ts)
//   3. knownName/remember  element names recognised in place and interned    1.3×  (xml/scanner.ts)
//   4. StreamDecipher      one AES-CBC decipher for every message            4.9×  (crypto/message-crypto.ts)
//   5. pooledRandomBytes   random bytes drawn from a 4 KiB pool               23×   (crypto/message-crypto.ts)
//   6. StreamCipher        one AES-CBC cipher for every message              3.3×  (crypto/message-crypto.ts)
//
// Not here because it is a shape, not a helper: the handler's context is a class (server/handler.ts),
// since an object literal with a getter builds a new accessor per push.
import { Buffer } from 'node:buffer';
import { type Cipher, createCipheriv, createDecipheriv, type Decipher, randomFillSync } from 'node:crypto';

// 1 ───────────────────────────────────────────────────────────────────────────────────────────────
// Records whose prototype is an empty null-prototype object: as free of inherited keys as
// `Object.create(null)` (an element named `__proto__` or `constructor` is an own property), but V8
// keeps them in fast mode rather than dictionary mode, so building and reading one costs about half.
// (Each constructor is made by a pure IIFE, so that a bundle drops the tricks it does not use.)
const FastRecord = /* @__PURE__ */ (() => {
  function FastRecord(): void {}
  FastRecord.prototype = Object.create(null) as object;
  return FastRecord as unknown as new () => object;
})();

/**
 * A new empty record with no inherited keys, in V8's fast mode (for records read at once by the SDK
 * itself; `parseXml` hands users real `Object.create(null)` records).
 *
 * @example
 * ```ts
 * const rec = fastRecord<Record<string, string>>(); rec.__proto__ = 'x' // an own data property
 * ```
 */
export function fastRecord<T extends object>(): T {
  return new FastRecord() as T;
}

// 2 ───────────────────────────────────────────────────────────────────────────────────────────────
// `new PlainObject()` is an ordinary object (prototype Object.prototype, constructor Object), but V8
// gives objects made by `new` more in-object slots than a `{}` literal: a 20-field event stays in
// fast mode instead of turning into a dictionary, and builds in about a third of the time.
const PlainObject = /* @__PURE__ */ (() => {
  function PlainObject(): void {}
  PlainObject.prototype = Object.prototype;
  return PlainObject as unknown as new () => object;
})();

/**
 * A new empty ordinary object (`Object.prototype`) with in-object room for many properties.
 *
 * @example
 * ```ts
 * const message = plainObject<Record<string, unknown>>()
 * ```
 */
export function plainObject<T extends object>(): T {
  return new PlainObject() as T;
}

// 3 ───────────────────────────────────────────────────────────────────────────────────────────────
// Pushes of one kind repeat the same element names in the same order. The k-th start tag is first
// compared in place with the k-th names of earlier documents (two per position: an encrypted push
// alternates between its envelope and the decrypted message): a hit needs no name scan (that exact
// name passed it before), no slice, and gives a string V8 has already interned, so the record
// stores and camelCase lookups that follow skip hashing. A miss costs one intern. Only names are
// kept (2 × SEEN_NAMES at most, each at most SEEN_NAME_MAX characters, whatever a caller's
// maxNameLength), never text.
const SEEN_NAMES = 64;
const SEEN_NAME_MAX = 128;
const seenNames: (string | undefined)[] = /* @__PURE__ */ (() => new Array<string | undefined>(2 * SEEN_NAMES).fill(undefined))();

/** The engine's interned copy of `name` (a flat string that holds no reference to the document). */
function intern(name: string): string {
  return Object.keys({ [name]: 0 })[0] as string;
}

/**
 * The name of the `ordinal`-th start tag of an earlier document when the same name, followed by
 * `>`, starts at `at` in `s` (and is at most `maxNameLength` long), else `undefined`.
 *
 * @example
 * ```ts
 * const name = knownName(s, p + 1, ordinal, maxNameLength) // p: the '<'
 * ```
 */
export function knownName(s: string, at: number, ordinal: number, maxNameLength: number): string | undefined {
  const k = 2 * ordinal;
  if (k >= 2 * SEEN_NAMES) return undefined;
  for (let j = k; j < k + 2; j++) {
    const guess = seenNames[j];
    if (guess !== undefined && s.charCodeAt(at + guess.length) === 62 && s.startsWith(guess, at) && guess.length <= maxNameLength) return guess;
  }
  return undefined;
}

/**
 * Remembers `name` (already validated) as the `ordinal`-th start tag and returns its interned copy
 * (or `name` itself past the cache's reach).
 *
 * @example
 * ```ts
 * this.tag = rememberName(ordinal, s.slice(p + 1, end))
 * ```
 */
export function rememberName(ordinal: number, name: string): string {
  const k = 2 * ordinal;
  if (k >= 2 * SEEN_NAMES || name.length > SEEN_NAME_MAX) return name;
  seenNames[k + 1] = seenNames[k];
  seenNames[k] = intern(name);
  return seenNames[k];
}

// 4 ───────────────────────────────────────────────────────────────────────────────────────────────
/**
 * AES-256-CBC decryption of whole blocks without a decipher per message (its set-up is about 1 µs,
 * most of the cost of a short message): one decipher decrypts all messages as a single stream.
 * CBC computes P[i] = D(C[i]) XOR C[i-1], so every block of a message comes out exactly as with a
 * fresh decipher except the first, which is chained to the previous message's last block instead
 * of the IV. Use it only where the first block is discarded unread (WXBizMsgCrypt's 16-byte
 * random prefix): every other byte depends only on this message's ciphertext.
 *
 * @example
 * ```ts
 * const plain = new StreamDecipher(key, iv).decrypt(ciphertext) // plain.subarray(16) is exact
 * ```
 */
export class StreamDecipher {
  readonly #key: Buffer;
  readonly #iv: Buffer;
  #stream: Decipher | undefined;

  constructor(key: Buffer, iv: Buffer) {
    this.#key = key;
    this.#iv = iv;
  }

  /**
   * Decrypts `data` (a whole number of blocks) as the next part of the stream.
   *
   * @throws {Error} when the decipher fails or returns a partial result; the stream then starts anew
   * (never continued in an unknown state).
   */
  decrypt(data: Buffer): Buffer {
    try {
      this.#stream ??= createDecipheriv('aes-256-cbc', this.#key, this.#iv).setAutoPadding(false);
      const out = this.#stream.update(data);
      if (out.length !== data.length) throw new Error(`decryption returned ${out.length} of ${data.length} bytes`);
      return out;
    } catch (e) {
      this.#stream = undefined;
      throw e;
    }
  }
}

// 5 ───────────────────────────────────────────────────────────────────────────────────────────────
// One randomFillSync per 4 KiB instead of one randomBytes call (~1.5 µs) per message: the dominant
// cost of encrypt otherwise. Bytes are handed out once; the caller copies them at once.
const POOL = /* @__PURE__ */ Buffer.alloc(4096);
let poolOffset = 4096; // empty: the first call fills it

/**
 * `size` CSPRNG bytes (`node:crypto`), served from a pool refilled 4 KiB at a time. The view is
 * valid until the next call: copy it before calling again.
 *
 * @example
 * ```ts
 * plain.set(pooledRandomBytes(16), 0)
 * ```
 */
export function pooledRandomBytes(size: number): Uint8Array {
  if (size > POOL.length) return randomFillSync(Buffer.alloc(size));
  if (poolOffset + size > POOL.length) {
    randomFillSync(POOL);
    poolOffset = 0;
  }
  const out = POOL.subarray(poolOffset, poolOffset + size);
  poolOffset += size;
  return out;
}

// 6 ───────────────────────────────────────────────────────────────────────────────────────────────
/**
 * AES-256-CBC encryption of whole blocks without a cipher per message (its set-up is about half the
 * cost of encrypting a short reply, and each one is a native object the GC must finalise): one
 * cipher encrypts all messages as a single stream. CBC computes C[i] = E(P[i] XOR C[i-1]); a fresh
 * cipher starts from C[-1] = IV, the stream from the previous message's last block L. Feeding
 * P[0] XOR IV XOR L as the first block gives E(P[0] XOR IV), so every message comes out byte for
 * byte as from a fresh cipher (test/internal/engine.test.ts): nothing about the ciphertext changes.
 *
 * @example
 * ```ts
 * const out = new StreamCipher(key, iv).encrypt(plain) // = createCipheriv(…).update(plain)
 * ```
 */
export class StreamCipher {
  readonly #key: Buffer;
  readonly #iv: Buffer;
  #stream: Cipher | undefined;
  /** The stream's last ciphertext block (the IV before the first message). */
  readonly #last = Buffer.alloc(16);

  constructor(key: Buffer, iv: Buffer) {
    this.#key = key;
    this.#iv = iv;
  }

  /**
   * Encrypts `plain` (a whole number of blocks, at least one) as the next part of the stream; its
   * first block is overwritten (XORed with the chaining value).
   *
   * @throws {Error} when the cipher fails or returns a partial result; the stream then starts anew
   * (never continued in an unknown state).
   */
  encrypt(plain: Buffer): Buffer {
    try {
      if (this.#stream === undefined) {
        this.#stream = createCipheriv('aes-256-cbc', this.#key, this.#iv).setAutoPadding(false);
        this.#iv.copy(this.#last);
      }
      const iv = this.#iv;
      const last = this.#last;
      for (let i = 0; i < 16; i++) plain[i] = (plain[i] as number) ^ (iv[i] as number) ^ (last[i] as number);
      const out = this.#stream.update(plain);
      if (out.length !== plain.length || out.length < 16) throw new Error(`encryption returned ${out.length} of ${plain.length} bytes`);
      out.copy(last, 0, out.length - 16);
      return out;
    } catch (e) {
      this.#stream = undefined;
      throw e;
    }
  }
}
