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

/** Asserts that `fn` throws a WxmpError with exactly `code`; returns the error. */
export function throwsCode(fn: () => unknown, code: WxmpErrorCode): WxmpError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof WxmpError, `expected WxmpError ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code, `expected code ${code}, got ${caught.code}: ${caught.message}`);
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
  return caught;
}
