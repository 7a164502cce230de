// Shared test helpers. Tests are compiled to .build-test/test/ with fixtures copied beside them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { WxmpError, type WxmpErrorCode } from '../src/errors.js';

/** Reads test/fixtures/<name> as UTF-8 text. */
export function fixtureText(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

/** Reads and parses test/fixtures/<name>.json. */
export function fixtureJson<T = unknown>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}

const XML_PARSE_CODES = new Set([
  'XML_SYNTAX',
  'XML_DOCTYPE_FORBIDDEN',
  'XML_PI_FORBIDDEN',
  'XML_INVALID_ENTITY',
  'XML_INVALID_CHAR',
  'XML_MISMATCHED_TAG',
  'XML_MIXED_CONTENT',
  'XML_TOO_LARGE',
  'XML_TOO_MANY_NODES',
  'XML_TEXT_TOO_LONG',
  'XML_INVALID_ROOT',
]);

/** Asserts that `e` carries the fields its code promises (WxmpErrorFields in src/errors.ts). */
export function assertFields(e: WxmpError): void {
  const c = e.code;
  const what = `${c} fields of: ${e.message}`;
  if (c === 'API_ERROR' || c === 'API_TOKEN_CONFIG' || c.startsWith('OAUTH_CODE_')) {
    assert.equal(typeof e.errcode, 'number', what);
    assert.equal(typeof e.errmsg, 'string', what);
  }
  if (c === 'HTTP_STATUS' || c === 'HTTP_REDIRECT') assert.equal(typeof e.status, 'number', what);
  if (c.startsWith('CRYPTO_')) assert.equal(typeof e.errcode, 'number', what);
  if (XML_PARSE_CODES.has(c)) {
    const p = e.position;
    assert.ok(p !== undefined && typeof p.offset === 'number' && typeof p.line === 'number' && typeof p.column === 'number', what);
  }
}

/** Asserts that `fn` throws a WxmpError with exactly `code` (and the fields of that code); returns the error. */
export function throwsCode(fn: () => unknown, code: WxmpErrorCode): WxmpError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof WxmpError, `expected WxmpError ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code, `expected code ${code}, got ${caught.code}: ${caught.message}`);
  assertFields(caught);
  return caught;
}

/** Async variant of throwsCode. */
export async function rejectsCode(p: Promise<unknown> | (() => Promise<unknown>), code: WxmpErrorCode): Promise<WxmpError> {
  let caught: unknown;
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof WxmpError, `expected WxmpError ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code, `expected code ${code}, got ${caught.code}: ${caught.message}`);
  assertFields(caught);
  return caught;
}
