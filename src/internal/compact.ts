// Objects without their undefined values: exactOptionalPropertyTypes forbids `key: undefined`,
// and request bodies should carry only what the caller set.

/**
 * A copy of `obj` without its `undefined` values.
 *
 * @example
 * ```ts
 * compact({ openid: 'o1', lang: undefined }) // { openid: 'o1' }
 * ```
 */
export function compact<T extends Record<string, unknown>>(obj: T): Compact<T> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(obj)) if (obj[k] !== undefined) out[k] = obj[k];
  return out as Compact<T>;
}

/** `T` with its possibly-undefined properties optional instead. */
export type Compact<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};
