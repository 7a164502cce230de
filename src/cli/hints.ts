// What `wxmp simulate` tells the user when the server did not answer like WeChat expects: hints
// follow the actual status and what the CLI can infer (what it sent, the server's Date header, a
// local check of the push it built).
import { explainRefusal, type RefusalFacts } from '../testing/diagnose.js';
import type { Planned, SimulateConfig } from './simulate.js';

/** A failed exchange with the server: printed as text or JSON, exit status 1. */
export interface Failure {
  code: string;
  message: string;
  hints?: string[];
  status?: number;
  body?: string;
}

const CLI_WORDS: RefusalFacts['words'] = {
  token: "does --token (or WECHAT_TOKEN) match the server's token?",
  keys: "pass --aes-key and --app-id (or WECHAT_AES_KEY and WECHAT_APP_ID) matching the server's configuration",
  clock: 'fix the clock of this machine or of the server (WeChat signs pushes with its own time)',
  plaintext: 'send plaintext with --mode plaintext, or configure the server with the same key and AppID',
};

const STATIC: Readonly<Record<number, string>> = {
  404: 'nothing at this URL — check --url (the echo bot answers on /wechat)',
  405: 'the server does not accept this method at this URL — check --url',
  408: 'the server gave up reading the body — is a proxy in front of it buffering?',
  413: 'the push was larger than the server accepts (raise its maxBodyBytes)',
  415: 'the server refuses compressed bodies; WeChat never compresses pushes',
};

/** The URL without its signed query. */
export function where(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}

/** One line of at most 200 characters. */
export function snippet(body: string): string {
  const one = body.replace(/\s+/g, ' ').trim();
  return one.length > 200 ? `${one.slice(0, 200)}…` : one;
}

/** The failure of a non-200 answer, with what was refused and the likely causes. */
export function statusFailure(status: number, body: string, headers: Headers | undefined, planned: Planned): Failure {
  const base = { code: 'HTTP_STATUS', status, body: snippet(body) };
  if (status >= 300 && status < 400) {
    const location = headers?.get('location');
    return {
      ...base,
      message: `the server answered HTTP ${status}`,
      hints: [`the server redirects${location ? ` to ${snippet(location)}` : ''}, but WeChat does not follow redirects — configure the final URL`],
    };
  }
  const push = planned.kind === 'push' ? planned.push : undefined;
  const date = Date.parse(headers?.get('date') ?? '');
  const stamp = Number(new URL(planned.kind === 'push' ? planned.push.url : planned.request.url).searchParams.get('timestamp'));
  const { refused, causes } = explainRefusal({
    status,
    encrypted: push?.encrypted ?? false,
    words: CLI_WORDS,
    ...(Number.isFinite(date) && Number.isFinite(stamp)
      ? { skewSeconds: stamp - date / 1000, clockName: 'the server clock (its Date header)', skewCertain: true }
      : {}),
    ...(push ? { xml: push.xml } : {}),
  });
  const hints = [...causes, ...(STATIC[status] !== undefined ? [STATIC[status]] : [])];
  const message = status in STATIC || causes.length > 0 ? `the server answered HTTP ${status}: it refused ${refused}` : `the server answered HTTP ${status}`;
  return { ...base, message, ...(hints.length > 0 ? { hints } : {}) };
}

/** The failure of a request that got no answer. */
export function networkFailure(e: unknown, config: SimulateConfig): Failure {
  const err = e as { name?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } } | null;
  if (err?.name === 'TimeoutError') {
    return {
      code: 'TIMEOUT',
      message: `no answer within ${config.timeoutMs} ms`,
      hints: ['WeChat itself gives up after 5 s and retries the push up to 3 times'],
    };
  }
  const cause =
    typeof err?.cause?.code === 'string'
      ? err.cause.code
      : typeof err?.cause?.message === 'string'
        ? err.cause.message
        : typeof err?.message === 'string'
          ? err.message
          : String(e);
  return {
    code: 'NETWORK',
    message: `cannot reach ${where(config.url)} (${cause})`,
    ...(cause === 'ECONNREFUSED' ? { hints: ['is the server running? (`npm start` runs the echo bot on 127.0.0.1:3000)'] } : {}),
  };
}
