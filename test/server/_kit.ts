// Shared setup of the webhook tests.
import { createServer, type RequestListener, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import type { Buffer } from 'node:buffer';
import type { WxmpError } from '../../src/errors.js';
import { assertFields } from '../helpers.js';
import type { WebhookErrorContext } from '../../src/server/types.js';

export const token = 'wxmpTestToken1';
export const encodingAESKey = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
export const appId = 'wxb11529c136998cb6';
export const NOW = 1_700_000_000;
export const now = (): number => NOW;
export const keys = { token, encodingAESKey, appId } as const;

/** A promise opened from outside. */
export function gate<T = void>(): { promise: Promise<T>; open: (v: T) => void } {
  let open!: (v: T) => void;
  const promise = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** Collects onError calls. */
export function collector(): {
  errors: WxmpError[];
  contexts: WebhookErrorContext[];
  onError: (e: WxmpError, ctx: WebhookErrorContext) => void;
  codes: () => string[];
} {
  const errors: WxmpError[] = [];
  const contexts: WebhookErrorContext[] = [];
  return {
    errors,
    contexts,
    onError: (e, ctx) => {
      assertFields(e);
      errors.push(e);
      contexts.push(ctx);
    },
    codes: () => errors.map((e) => e.code),
  };
}

/** Resolves after `ms` (only to let background work settle; never used for timing assertions). */
export function tick(ms = 0): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A real node:http server on 127.0.0.1 and a free port. */
export async function serve(listener: RequestListener): Promise<{ server: Server; url: string; port: number; close: () => Promise<void> }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}/wechat`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends raw bytes (`feed` may keep writing) and collects the raw answer until the server closes the connection. */
export function raw(port: number, head: string, feed?: (write: (b: string | Buffer) => boolean) => void): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let stop = false;
    socket.on('data', (d) => {
      answer += d.toString('latin1');
    });
    const done = () => {
      stop = true;
      resolve(answer);
    };
    socket.on('close', done);
    socket.on('error', done);
    socket.write(head);
    if (feed) feed((b) => !stop && !socket.destroyed && socket.write(b));
  });
}
