// Generic XmlRecord → plain object conversion (keys from names.ts), and the small field-checking
// helpers the per-type rules in parse.ts are written with. Internal: not exported from the package.
import { WxmpError } from '../errors.js';
import { preview } from '../internal/bytes.js';
import { plainObject } from '../internal/engine.js';
import type { Vocabulary } from './names.js';

/** The key of `<item>`, which always holds an array. */
const ITEM = 'item';

/** Plain object produced by the conversion; nested values are strings, objects or arrays. */
export type Obj = Record<string, unknown>;

// Records handed to toMessage() may come from anywhere (not only parseXml), so depth is bounded
// here too: a cycle or a very deep object must end in MESSAGE_INVALID, never in a RangeError.
const MAX_DEPTH = 32;

/** Throws MESSAGE_INVALID. */
export function invalid(message: string): never {
  throw new WxmpError('MESSAGE_INVALID', message);
}

/** Short, quoted echo of attacker-controlled text for error messages. */
export function show(value: unknown): string {
  if (typeof value !== 'string') return Array.isArray(value) ? 'a repeated element' : 'a nested element';
  return preview(value);
}

// Messages have up to 20+ fields: built with room for them (engine.ts, 2).
const newObj = (): Obj => plainObject<Obj>();

/** Sets an own property, even for the key `__proto__`. */
export function put(target: Obj, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** True for a non-array object. */
export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Converts a parsed XML record into a plain object keyed as `vocab` says (camelCase for documented
 * and unknown names, `$` + the exact name for a name that would take a known field's key),
 * recursively. Every `item` element becomes an array, even a single one and even where the SDK
 * has no type for the wrapper. Nothing is dropped: should two names still meet on one key (two
 * unknown names such as `Foo_Bar` and `FooBar`), the later one is kept as `$` + its exact name.
 */
export function convertRecord(record: Obj, path: string, vocab: Vocabulary, depth = 0): Obj {
  if (depth > MAX_DEPTH) invalid(`${path || 'message'} is nested too deeply`);
  const out = newObj();
  for (const name of Object.keys(record)) {
    let key = vocab.keyOf(name);
    // `out[key] === undefined` alone would miss Object.prototype's keys (`constructor`…): those,
    // `__proto__` and collisions take the exact path.
    const fast = out[key] === undefined && key !== '__proto__';
    if (!fast && Object.hasOwn(out, key)) {
      key = `$${name}`;
      while (Object.hasOwn(out, key)) key = `$${key}`; // only for records no XML parser produces
    }
    const v = record[name];
    let value = typeof v === 'string' ? v : convertValue(v, path ? `${path}.${key}` : key, vocab.inner(name), depth + 1);
    if (key === ITEM && !Array.isArray(value)) value = [value];
    if (fast) out[key] = value;
    else put(out, key, value);
  }
  return out;
}

function convertValue(value: unknown, path: string, vocab: Vocabulary, depth: number): unknown {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const arr: unknown[] = [];
    for (const v of value) {
      if (typeof v === 'string') arr.push(v);
      else if (isObj(v)) arr.push(convertRecord(v, path, vocab, depth + 1));
      else invalid(`${path} holds a value that is not XML text or an element`);
    }
    return arr;
  }
  if (isObj(value)) return convertRecord(value, path, vocab, depth);
  return invalid(`${path} holds a value that is not XML text or an element`);
}

/** 'str' | 'int' | 'num', with a trailing '?' for optional fields. */
export type FieldKind = 'str' | 'str?' | 'int' | 'int?' | 'num' | 'num?';
/** Field key → kind. */
export type Spec = Readonly<Record<string, FieldKind>>;

/**
 * A {@link Spec} written with WeChat's element names (the documentation's spelling): registers
 * the names in `vocab` and returns the spec keyed by field key.
 */
export function fields(vocab: Vocabulary, byName: Readonly<Record<string, FieldKind>>): Spec {
  const out: Record<string, FieldKind> = {};
  for (const name of Object.keys(byName)) out[vocab.define(name)] = byName[name] as FieldKind;
  return out;
}

// Linear, anchored, no nested quantifiers: safe on attacker input. Lengths are capped first.
const INT_RE = /^-?\d+$/;
const NUM_RE = /^-?\d+(?:\.\d+)?$/;

/** Parses a documented number; returns undefined when `text` is not one. */
export function parseNumber(text: string, integer: boolean): number | undefined {
  const s = text.trim();
  if (s.length === 0 || s.length > 40 || !(integer ? INT_RE : NUM_RE).test(s)) return undefined;
  const n = Number(s);
  return integer ? (Number.isSafeInteger(n) ? n : undefined) : Number.isFinite(n) ? n : undefined;
}

/** Checks (and converts, for numbers) the fields of `o` listed in `spec`, in place. */
export function applySpec(o: Obj, spec: Spec, path: string): void {
  // for-in: specs are constant literals (no inherited enumerable keys), and it allocates no array
  for (const key in spec) {
    const kind = spec[key] as FieldKind;
    const v = o[key];
    if (v === undefined) {
      if (kind.charCodeAt(kind.length - 1) !== 63) invalid(`${path || 'message'} lacks required field ${key}`);
      continue;
    }
    const where = path ? `${path}.${key}` : key;
    if (typeof v !== 'string') invalid(`${where} must be text, got ${show(v)}`);
    if (kind.charCodeAt(0) === 115) continue; // 'str'…
    const n = parseNumber(v, kind.startsWith('int'));
    if (n === undefined) invalid(`${where} must be ${kind.startsWith('int') ? 'an integer' : 'a number'}, got ${show(v)}`);
    o[key] = n;
  }
}

/** The nested object at `o[key]` (checked against `spec`), or undefined when absent and optional. */
export function nested(o: Obj, key: string, spec: Spec, path: string, required: true): Obj;
export function nested(o: Obj, key: string, spec: Spec, path: string, required: boolean): Obj | undefined;
export function nested(o: Obj, key: string, spec: Spec, path: string, required: boolean): Obj | undefined {
  const v = o[key];
  const where = path ? `${path}.${key}` : key;
  if (v === undefined) return required ? invalid(`${path || 'message'} lacks required element ${key}`) : undefined;
  if (!isObj(v)) return invalid(`${where} must be an element with children, got ${show(v)}`);
  applySpec(v, spec, where);
  return v;
}

/**
 * Normalises `o[key]` to an array of objects checked against `spec`: absent or empty (`<List/>`)
 * → `[]`, one element → `[it]`, repeated elements → all of them.
 */
export function listOf(o: Obj, key: string, spec: Spec, path: string): Obj[] {
  const v = o[key];
  const where = path ? `${path}.${key}` : key;
  const items = v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v];
  items.forEach((it, i) => {
    if (!isObj(it)) invalid(`${where}[${i}] must be an element with children, got ${show(it)}`);
    applySpec(it, spec, `${where}[${i}]`);
  });
  o[key] = items;
  return items as Obj[];
}

/**
 * Collapses a wrapper whose children are `<item>` elements (`<PicList><item/>…</PicList>`) into the
 * array of items, checked against `spec`. Any other child of the wrapper is unexpected and rejected
 * rather than silently dropped.
 */
export function itemsOf(o: Obj, key: string, spec: Spec, path: string): void {
  const v = o[key];
  const where = path ? `${path}.${key}` : key;
  if (v === undefined || v === '') {
    o[key] = [];
    return;
  }
  if (!isObj(v)) invalid(`${where} must be a list of <item>, got ${show(v)}`);
  for (const k of Object.keys(v)) if (k !== 'item') invalid(`${where} has an unexpected child ${show(k)}`);
  o[key] = listOf(v, 'item', spec, where);
}
