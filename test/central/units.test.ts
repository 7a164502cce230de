// The building blocks of the central servers: keys, allow-lists, token buckets.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Keyring } from '../../src/central/auth.js';
import { compileAllowList, isCanonicalPath } from '../../src/central/paths.js';
import { limitOf, MemoryRateLimiter, overRate } from '../../src/central/rate-limit.js';
import { WxmpError } from '../../src/errors.js';
import { BIZ_KEY, OTHER_KEY } from './_kit.js';

const req = (authorization?: string): Request => new Request('http://x/', authorization === undefined ? {} : { headers: { authorization } });
const silent = { warn: () => {}, debug: () => {} };

describe('Keyring', () => {
  const ring = new Keyring([{ key: BIZ_KEY, name: 'biz' }, { key: OTHER_KEY }], 'clients');
  it('identifies each key, names it (or a digest prefix), and never returns the key as the id', () => {
    const a = ring.identify(req(`Bearer ${BIZ_KEY}`));
    const b = ring.identify(req(`Bearer ${OTHER_KEY}`));
    assert.ok(!(a instanceof WxmpError) && a.id === 'biz');
    assert.ok(!(b instanceof WxmpError) && /^key-[A-Za-z0-9_-]{8}$/.test(b.id) && !b.id.includes(OTHER_KEY.slice(0, 8)));
  });
  it('refuses a missing header, another scheme, a prefix, an extension, a key with a space: CENTRAL_UNAUTHORIZED', () => {
    for (const h of [
      undefined,
      '',
      'Bearer',
      'Bearer ',
      BIZ_KEY,
      `Basic ${BIZ_KEY}`,
      `Bearer ${BIZ_KEY.slice(0, -1)}`,
      `Bearer ${BIZ_KEY}0`,
      `Bearer ${BIZ_KEY} extra`,
      `Bearer ${'x'.repeat(513)}`,
    ]) {
      const r = ring.identify(req(h));
      assert.ok(r instanceof WxmpError && r.code === 'CENTRAL_UNAUTHORIZED', String(h));
      assert.ok(!r.message.includes(BIZ_KEY));
    }
  });
  it('keys: 16 passes, 15 fails; 512 passes, 513 fails; printable ASCII only; unique keys and names', () => {
    assert.ok(new Keyring([{ key: 'k'.repeat(16) }], 'c'));
    assert.ok(new Keyring([{ key: '~'.repeat(512) }], 'c'));
    for (const callers of [
      [],
      [{ key: 'k'.repeat(15) }],
      [{ key: 'k'.repeat(513) }],
      [{ key: `${'k'.repeat(16)}é` }],
      [{ key: BIZ_KEY }, { key: BIZ_KEY }],
      [
        { key: BIZ_KEY, name: 'a' },
        { key: OTHER_KEY, name: 'a' },
      ],
      [{ key: BIZ_KEY, name: '' }],
      [null],
      [{ key: 42 }],
    ] as unknown[][]) {
      assert.throws(
        () => new Keyring(callers as never, 'c'),
        (e: unknown) => e instanceof WxmpError && e.code === 'INVALID_CONFIG',
      );
    }
  });
});

describe('allow-lists', () => {
  it('exact paths and prefixes; the prefix itself and look-alikes do not match', () => {
    const list = compileAllowList(['/cgi-bin/user/info', '/cgi-bin/menu/*'], 'allow');
    for (const p of ['/cgi-bin/user/info', '/cgi-bin/menu/get', '/cgi-bin/menu/addconditional', '/cgi-bin/menu/a/b']) assert.equal(list.allows(p), true, p);
    for (const p of [
      '/cgi-bin/user/info/batchget',
      '/cgi-bin/user',
      '/cgi-bin/menu',
      '/cgi-bin/menux/get',
      '/cgi-bin/menu/',
      '/cgi-bin/menu//get',
      '/cgi-bin/menu/../user/info',
      '/cgi-bin/menu/%2e%2e/x',
      '/CGI-BIN/user/info',
    ])
      assert.equal(list.allows(p), false, p);
    assert.equal(compileAllowList(['/*'], 'allow').allows('/any/path_here.x-y'), true);
  });
  it('canonical paths (property): whatever a string is, an allowed path is made of [A-Za-z0-9_.-] segments, none empty, "." or ".."', () => {
    const list = compileAllowList(['/*'], 'allow');
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }).map((s) => `/${s}`),
        (p) =>
          !list.allows(p) ||
          p
            .slice(1)
            .split('/')
            .every((s) => /^[A-Za-z0-9_.-]+$/.test(s) && s !== '.' && s !== '..'),
      ),
    );
    assert.equal(isCanonicalPath(`/${'a'.repeat(128)}`), true);
    assert.equal(isCanonicalPath(`/${'a'.repeat(129)}`), false, 'a segment of 129 characters');
    assert.equal(isCanonicalPath(`/${Array.from({ length: 128 }, () => 'abc').join('/')}`), true, '511 characters');
    assert.equal(isCanonicalPath(`/${Array.from({ length: 128 }, () => 'abc').join('/')}/x`), false, '513 characters');
  });
});

describe('token buckets', () => {
  it('MemoryRateLimiter: burst, then refused with the seconds until one token; refills at the rate, never above the burst', () => {
    const clock = { t: 1000 };
    const l = new MemoryRateLimiter({ now: () => clock.t });
    const limit = { perMinute: 30, burst: 3 };
    for (let i = 0; i < 3; i++) assert.deepEqual(l.take('a', limit), { allowed: true, retryAfterSeconds: 0 });
    assert.deepEqual(l.take('a', limit), { allowed: false, retryAfterSeconds: 2 });
    assert.equal(l.take('b', limit).allowed, true, 'buckets are per key');
    clock.t += 1.9;
    assert.equal(l.take('a', limit).allowed, false);
    clock.t += 0.2;
    assert.equal(l.take('a', limit).allowed, true);
    clock.t += 3600;
    for (let i = 0; i < 3; i++) assert.equal(l.take('a', limit).allowed, true);
    assert.equal(l.take('a', limit).allowed, false, 'an hour of quiet refills to the burst, not beyond');
    assert.throws(() => l.take('a', { perMinute: 0, burst: 1 }), /INVALID_ARGUMENT/);
  });
  it('quiet buckets are dropped once full again (memory follows the active callers)', () => {
    const clock = { t: 0 };
    const l = new MemoryRateLimiter({ now: () => clock.t });
    const buckets = (l as unknown as { buckets: Map<string, unknown> }).buckets;
    for (let i = 0; i < 2000; i++) l.take(`k${i}`, { perMinute: 60, burst: 1 });
    assert.equal(buckets.size, 2000, 'below 1024 nothing is swept; then only full buckets would go');
    clock.t += 0.5;
    l.take('half', { perMinute: 60, burst: 1 });
    assert.equal(buckets.size, 2001, 'half-empty buckets are kept');
    clock.t += 2;
    l.take('fresh', { perMinute: 60, burst: 1 });
    assert.equal(buckets.size, 1, 'only the bucket just used is left');
    assert.equal(l.take('k1', { perMinute: 60, burst: 1 }).allowed, true, 'a dropped bucket starts full');
  });
  it('limitOf: none without a rate; burst defaults to the rate; INVALID_CONFIG for bad values', () => {
    assert.equal(limitOf(undefined, undefined, 'c'), undefined);
    assert.deepEqual(limitOf(600, undefined, 'c'), { perMinute: 600, burst: 600 });
    assert.deepEqual(limitOf(0.5, undefined, 'c'), { perMinute: 0.5, burst: 1 });
    assert.deepEqual(limitOf(10, 1, 'c'), { perMinute: 10, burst: 1 });
    for (const [r, b] of [
      [0, undefined],
      [-1, undefined],
      [NaN, undefined],
      ['10', undefined],
      [1e7 + 1, undefined],
      [10, 0],
      [10, 1.5],
      [undefined, 5],
    ]) {
      assert.throws(
        () => limitOf(r, b, 'c'),
        (e: unknown) => e instanceof WxmpError && e.code === 'INVALID_CONFIG',
        `${r}/${b}`,
      );
    }
  });
  it('overRate: no limit → through; a refusal carries Retry-After ≥ 1; a throwing limiter fails open', async () => {
    const l = new MemoryRateLimiter();
    assert.equal(await overRate(l, 'x', undefined, silent), undefined);
    const limit = { perMinute: 1, burst: 1 };
    assert.equal(await overRate(l, 'x', limit, silent), undefined);
    const refused = await overRate(l, 'x', limit, silent);
    assert.equal(refused?.error.code, 'CENTRAL_RATE_LIMITED');
    assert.ok((refused?.retryAfter ?? 0) >= 59);
    const odd = await overRate({ take: () => ({ allowed: false, retryAfterSeconds: Number.NaN }) }, 'x', limit, silent);
    assert.equal(odd?.retryAfter, 1);
    const warned: string[] = [];
    assert.equal(
      await overRate(
        {
          take: () => {
            throw new Error('down');
          },
        },
        'x',
        limit,
        { warn: (m) => void warned.push(m), debug: () => {} },
      ),
      undefined,
    );
    assert.match(warned[0] ?? '', /letting the call through \(error\)/);
  });
});
