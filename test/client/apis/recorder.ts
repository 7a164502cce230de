// A recording Requester for the API-group tests: stores every call and answers from a script.
import type { Requester } from '../../../src/client/apis/index.js';
import type { ApiRequestInit } from '../../../src/client/types.js';

export interface Recorded {
  path: string;
  init: ApiRequestInit;
}

/** What a call looks like on the wire: body JSON round-tripped (as the client serialises it), undefined query values dropped. */
export interface Shape {
  path: string;
  method: string | undefined;
  query?: Record<string, string | number | boolean>;
  body?: unknown;
  idempotent: boolean | undefined;
  auth?: boolean;
  responseType?: ApiRequestInit['responseType'];
}

export function recorder(respond: (path: string, init: ApiRequestInit) => unknown = () => ({ errcode: 0, errmsg: 'ok' }), appId?: string) {
  const calls: Recorded[] = [];
  const requester: Requester = {
    ...(appId !== undefined ? { appId } : {}),
    async request<T>(path: string, init: ApiRequestInit = {}): Promise<T> {
      calls.push({ path, init });
      return (await respond(path, init)) as T;
    },
  };
  const shape = (c: Recorded | undefined): Shape => {
    if (!c) throw new Error('no call recorded');
    const s: Shape = { path: c.path, method: c.init.method, idempotent: c.init.idempotent };
    if (c.init.query) {
      const q: Record<string, string | number | boolean> = {};
      for (const [k, v] of Object.entries(c.init.query)) if (v !== undefined) q[k] = v;
      s.query = q;
    }
    if (c.init.body !== undefined) s.body = c.init.body instanceof FormData ? c.init.body : JSON.parse(JSON.stringify(c.init.body));
    if (c.init.auth !== undefined) s.auth = c.init.auth;
    if (c.init.responseType !== undefined) s.responseType = c.init.responseType;
    return s;
  };
  return {
    requester,
    calls,
    /** Shape of the last call. */
    last: (): Shape => shape(calls[calls.length - 1]),
    shape,
  };
}

/** Shorthand for an expected POST shape. */
export const post = (path: string, body: unknown, idempotent: boolean, extra: Partial<Shape> = {}): Shape => ({
  path,
  method: 'POST',
  idempotent,
  body,
  ...extra,
});
/** Shorthand for an expected GET shape. */
export const get = (path: string, idempotent = true, extra: Partial<Shape> = {}): Shape => ({ path, method: 'GET', idempotent, ...extra });
