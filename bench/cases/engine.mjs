// The engine-specific tricks of src/internal/engine.ts, each against the obvious code it replaces:
// the numbers that justify keeping them. Imports the built module (dist/internal/engine.js).
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { createCipheriv, createDecipheriv, randomFillSync } from 'node:crypto';
import { APP_ID, ENCODING_AES_KEY, EVENT20, TEXT6 } from '../lib/fixtures.mjs';
import { rawEncrypt, rawKey } from '../floors/crypto.mjs';

export default async function engineCases({ wxmpUrl }) {
  const engine = await import(new URL('internal/engine.js', wxmpUrl).href);
  const names = [...EVENT20.matchAll(/<([A-Za-z]+)>/g)].map((m) => m[1]); // the 20-field event's element names
  const nameCount = (r) => assert.equal(Object.keys(r).length, new Set(names).size);

  // 1: records that are built and read at once
  const fill = (r) => {
    for (let i = 0; i < names.length; i++) r[names[i]] = 'v';
    let n = 0;
    for (const k in r) n += r[k].length;
    return n > 0 ? r : undefined;
  };
  // 2: message objects of 20+ fields
  const keys = names.map((n) => n[0].toLowerCase() + n.slice(1));
  const build = (o) => {
    for (let i = 0; i < keys.length; i++) o[keys[i]] = i;
    return o;
  };
  // 3: element names at their position, as the scanner meets them
  const doc = EVENT20;
  const starts = [...doc.matchAll(/<([A-Za-z]+)>/g)].map((m) => m.index + 1);
  for (let k = 0; k < starts.length; k++) engine.rememberName(k, doc.slice(starts[k], doc.indexOf('>', starts[k])));
  // 4, 5, 6: the crypto of a short message
  const { key, iv } = rawKey(ENCODING_AES_KEY, APP_ID);
  const cipher = Buffer.from(rawEncrypt(rawKey(ENCODING_AES_KEY, APP_ID), TEXT6), 'base64');
  const stream = new engine.StreamDecipher(key, iv);
  const decrypted = (b) => assert.equal(b.subarray(20, 20 + b.readUInt32BE(16)).toString(), TEXT6);
  // 6: the plaintext of the same message (each call encrypts a fresh copy, as MessageCrypto builds one per reply)
  const plain = createDecipheriv('aes-256-cbc', key, iv).setAutoPadding(false).update(cipher);
  const streamCipher = new engine.StreamCipher(key, iv);
  const encrypted = (c) => assert.deepEqual(createDecipheriv('aes-256-cbc', key, iv).setAutoPadding(false).update(c), plain);

  return [
    {
      group: 'engine',
      id: 'engine-record',
      title: 'engine 1: a 20-field record, built and read (XML records of the push path)',
      impls: [
        { name: 'fastRecord() (null-prototype prototype)', kind: 'wxmp', main: true, fn: () => fill(engine.fastRecord()), check: nameCount },
        { name: 'Object.create(null)', kind: 'floor', fn: () => fill(Object.create(null)), check: nameCount },
      ],
    },
    {
      group: 'engine',
      id: 'engine-object',
      title: 'engine 2: a 20-field object, built (typed messages)',
      impls: [
        {
          name: 'plainObject() (new of an empty function)',
          kind: 'wxmp',
          main: true,
          fn: () => build(engine.plainObject()),
          check: (o) => assert.equal(Object.keys(o).length, keys.length),
        },
        { name: '{} literal', kind: 'floor', fn: () => build({}), check: (o) => assert.equal(Object.keys(o).length, keys.length) },
      ],
    },
    {
      group: 'engine',
      id: 'engine-names',
      title: 'engine 3: the 20 element names of an event, found and used as record keys',
      impls: [
        {
          name: 'knownName (in-place match, interned)',
          kind: 'wxmp',
          main: true,
          fn: () => {
            const r = {};
            for (let k = 0; k < starts.length; k++) r[engine.knownName(doc, starts[k], k, 128)] = k;
            return r;
          },
          check: nameCount,
        },
        {
          name: 'indexOf + slice',
          kind: 'floor',
          fn: () => {
            const r = {};
            for (let k = 0; k < starts.length; k++) r[doc.slice(starts[k], doc.indexOf('>', starts[k]))] = k;
            return r;
          },
          check: nameCount,
        },
      ],
    },
    {
      group: 'engine',
      id: 'engine-decipher',
      title: 'engine 4: AES-256-CBC decryption of a short message (285 B)',
      impls: [
        { name: 'StreamDecipher (one decipher for all messages)', kind: 'wxmp', main: true, fn: () => stream.decrypt(cipher), check: decrypted },
        {
          name: 'createDecipheriv per message',
          kind: 'floor',
          fn: () => createDecipheriv('aes-256-cbc', key, iv).setAutoPadding(false).update(cipher),
          check: decrypted,
        },
      ],
    },
    {
      group: 'engine',
      id: 'engine-random',
      title: 'engine 5: 16 random bytes (the prefix of every encrypted reply)',
      impls: [
        {
          name: 'pooledRandomBytes(16) (4 KiB pool)',
          kind: 'wxmp',
          main: true,
          fn: () => engine.pooledRandomBytes(16),
          check: (b) => assert.equal(b.length, 16),
        },
        { name: 'randomFillSync(Buffer.alloc(16))', kind: 'floor', fn: () => randomFillSync(Buffer.alloc(16)), check: (b) => assert.equal(b.length, 16) },
      ],
    },
    {
      group: 'engine',
      id: 'engine-cipher',
      title: `engine 6: AES-256-CBC encryption of a short message (${plain.length} B)`,
      impls: [
        { name: 'StreamCipher (one cipher for all messages)', kind: 'wxmp', main: true, fn: () => streamCipher.encrypt(Buffer.from(plain)), check: encrypted },
        {
          name: 'createCipheriv per message',
          kind: 'floor',
          fn: () => createCipheriv('aes-256-cbc', key, iv).setAutoPadding(false).update(Buffer.from(plain)),
          check: encrypted,
        },
      ],
    },
  ];
}
