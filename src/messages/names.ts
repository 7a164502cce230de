// Element name → field key of pushed messages. Documented WeChat names (case-sensitive) map to
// their camelCase keys; any other name keeps a spelling that can never be read as a known field.
// Internal: not exported from the package.

/** Unknown names are cached per vocabulary up to this many entries (attacker-chosen names). */
const CACHE_MAX = 1024;

/**
 * Mechanical camelCase of an element name: the first character is lower-cased and every `_x`
 * (after the first character) becomes `X` — `Location_X → locationX`, `publish_id → publishId`,
 * `MsgID → msgID`, `MediaId16K → mediaId16K`.
 */
export function camelCase(name: string): string {
  if (name.length === 0) return name;
  const first = name.charAt(0).toLowerCase();
  if (name.indexOf('_', 1) === -1) return first + name.slice(1);
  let out = first;
  for (let i = 1; i < name.length; i++) {
    const c = name.charAt(i);
    const next = name.charAt(i + 1);
    if (c === '_' && next !== '' && next !== '_') {
      out += next.toUpperCase();
      i++;
    } else {
      out += c;
    }
  }
  return out;
}

/**
 * The element names of one part of a push and the keys they become.
 *
 * A documented name (`Content`, `MsgId`, `Location_X`…) becomes its camelCase key. Any other name
 * is camelCased too, unless its key is one a documented name (or a field the SDK derives, such as
 * `scene`) owns: then it is kept as `$` + its exact name — `<content>` becomes `$content`,
 * `<Msg_Id>` `$Msg_Id`. No XML name contains `$`, so such a key can never be mistaken for, or
 * collide with, a field; element names stay case-sensitive end to end.
 */
export class Vocabulary {
  readonly #keys = new Map<string, string>();
  readonly #owned = new Set<string>();
  readonly #scopes = new Map<string, Vocabulary>();
  #cached = 0;

  /** Registers a documented element name and returns its key. */
  define(name: string): string {
    const key = camelCase(name);
    const prev = this.#keys.get(name);
    if (prev === undefined && this.#owned.has(key)) throw new Error(`two documented names map to the key ${key}`);
    this.#keys.set(name, key);
    this.#owned.add(key);
    return key;
  }

  /** Reserves a key the SDK computes itself (no element may take it). */
  reserve(key: string): string {
    this.#owned.add(key);
    return key;
  }

  /** Converts the children of element `name` with `inner` instead of this vocabulary. */
  scope(name: string, inner: Vocabulary): string {
    this.#scopes.set(name, inner);
    return this.define(name);
  }

  /** The vocabulary of the children of element `name`. */
  inner(name: string): Vocabulary {
    return this.#scopes.get(name) ?? this;
  }

  /** The key of element `name`. */
  keyOf(name: string): string {
    const hit = this.#keys.get(name);
    if (hit !== undefined) return hit;
    const camel = camelCase(name);
    const key = this.#owned.has(camel) ? `$${name}` : camel;
    if (this.#cached < CACHE_MAX) {
      this.#keys.set(name, key);
      this.#cached++;
    }
    return key;
  }
}

/** Most of a push: WeChat's PascalCase names (and `item`). */
export const PUSH = new Vocabulary();
/** Inside `PublishEventInfo`, where WeChat switches to snake_case (`publish_id`, `count`, `item`). */
export const PUBLISH = new Vocabulary();
