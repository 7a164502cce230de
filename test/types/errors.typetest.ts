// Compile-time proof of the code → fields map: `tsc --noEmit` fails if narrowing by code stops
// typing a field as present, or if an error with required fields can be built without them (a
// `@ts-expect-error` becomes unused). The runtime half (test/helpers.ts, fieldsOf) checks on every
// error a test catches that the fields are really there.
import type { TypedWxmpError, XmlPosition } from '../../src/index.js';
import { isWxmpError, WxmpError } from '../../src/index.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_: T): void {}

export function byCode(e: unknown): void {
  if (isWxmpError(e, 'API_ERROR')) {
    expectType<Equal<typeof e.errcode, number>>(true);
    expectType<Equal<typeof e.errmsg, string>>(true);
    expectType<Equal<typeof e.rid, string | undefined>>(true);
  }
  if (isWxmpError(e, 'HTTP_STATUS')) expectType<Equal<typeof e.status, number>>(true);
  if (isWxmpError(e, 'CRYPTO_APPID_MISMATCH')) expectType<Equal<typeof e.errcode, number>>(true);
  if (isWxmpError(e, 'XML_SYNTAX')) expectType<Equal<typeof e.position, XmlPosition>>(true);
  // no promise for codes without fields, nor for the writer's XML codes
  if (isWxmpError(e, 'INVALID_ARGUMENT')) expectType<Equal<typeof e.errcode, number | undefined>>(true);
  if (isWxmpError(e, 'XML_TOO_DEEP')) expectType<Equal<typeof e.position, XmlPosition | undefined>>(true);
}

export function byUnion(e: unknown): number {
  if (!isWxmpError(e)) return 0;
  switch (e.code) {
    case 'API_ERROR':
    case 'OAUTH_CODE_USED':
      return e.errcode;
    case 'HTTP_REDIRECT':
      return e.status;
    case 'XML_MISMATCHED_TAG':
      return e.position.line;
    default:
      // @ts-expect-error — other codes do not promise an errcode
      return e.errcode;
  }
}

export function typedParameter(e: TypedWxmpError<'HTTP_STATUS' | 'API_ERROR'>): number {
  return e.code === 'HTTP_STATUS' ? e.status : e.errcode;
}

export function construction(): WxmpError[] {
  return [
    new WxmpError('INVALID_ARGUMENT', 'no fields needed'),
    new WxmpError('API_ERROR', 'x', { errcode: 40001, errmsg: 'invalid credential' }),
    new WxmpError('HTTP_STATUS', 'x', { status: 502 }),
    // @ts-expect-error — an API_ERROR needs errcode and errmsg
    new WxmpError('API_ERROR', 'x'),
    // @ts-expect-error — … both of them
    new WxmpError('API_ERROR', 'x', { errcode: 1 }),
    // @ts-expect-error — a crypto error carries its WXBizMsgCrypt code
    new WxmpError('CRYPTO_DECRYPT_FAILED', 'x', {}),
    // @ts-expect-error — a parser error carries its position
    new WxmpError('XML_SYNTAX', 'x'),
  ];
}
