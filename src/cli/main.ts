// The `wxmp` command: in-process and injectable (output, environment, fetch, clock) so tests need no child process.
import { isWxmpError } from '../errors.js';
import type { SimulatedReply } from '../testing/simulator.js';
import { preview } from '../internal/bytes.js';
import { parseArgs, UsageError } from './args.js';
import { formatReply } from './format.js';
import { HELP, SIMULATE_HELP } from './help.js';
import { plan, resolveConfig, SIMULATE_SPEC, type Planned, type SimulateConfig } from './simulate.js';
import { VERSION } from './version.js';

/** Where the CLI reads and writes; everything has a test double. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Environment variables (`WECHAT_TOKEN`, `WECHAT_AES_KEY`, `WECHAT_APP_ID`, `WECHAT_MODE`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Default: the global `fetch`. */
  fetch?: (request: Request, init: { signal: AbortSignal }) => Promise<Response>;
  /** Milliseconds, for the reported duration; default `performance.now`. */
  clock?: () => number;
}

/** Exit statuses. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** A failed exchange with the server: printed as text or JSON, exit status 1. */
interface Failure {
  code: string;
  message: string;
  hint?: string;
  status?: number;
  body?: string;
}

const HINTS: Readonly<Record<number, string>> = {
  400: 'the server rejected the push — for a server in safe mode (安全模式) pass --aes-key and --app-id (or WECHAT_AES_KEY and WECHAT_APP_ID) matching its configuration',
  403: 'the push was refused — does --token (or WECHAT_TOKEN) match the server\'s token? A clock more than 5 minutes off is refused too, and so is a plaintext push to a server in safe mode (安全模式: pass --aes-key and --app-id)',
  404: 'nothing at this URL — check --url (the echo bot answers on /wechat)',
  405: 'the server does not accept this method at this URL — check --url',
  413: 'the push was larger than the server accepts',
};

/**
 * Runs `wxmp` with the arguments after the program name and returns the exit status: 0 when the
 * server answered correctly, 1 for a network error, an HTTP error or an invalid reply, 2 for a usage error.
 * Tokens and keys are never printed.
 *
 * @example
 * process.exitCode = await main(['simulate', '--token', 'T', 'text', 'hi'], { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), env: process.env })
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html
 */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === '--version' || command === '-v') {
      io.stdout(`${VERSION}\n`);
      return EXIT_OK;
    }
    if (command === '--help' || command === '-h' || (command === 'help' && rest.length === 0)) {
      io.stdout(HELP);
      return EXIT_OK;
    }
    if (command === 'help' && rest[0] === 'simulate') {
      io.stdout(SIMULATE_HELP);
      return EXIT_OK;
    }
    if (command === undefined) throw new UsageError('a command is required');
    if (command !== 'simulate') throw new UsageError(`unknown command ${preview(command)}`);
    const args = parseArgs(rest, SIMULATE_SPEC);
    if (args.options.get('help') === true) {
      io.stdout(SIMULATE_HELP);
      return EXIT_OK;
    }
    const config = resolveConfig(args, io.env ?? {});
    return await send(config, plan(config.simulator, args), io);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`wxmp: ${e.message}\nRun \`wxmp --help\` or \`wxmp simulate --help\` for usage.\n`);
    return EXIT_USAGE;
  }
}

function where(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}

function snippet(body: string): string {
  const one = body.replace(/\s+/g, ' ').trim();
  return one.length > 200 ? `${one.slice(0, 200)}…` : one;
}

async function send(config: SimulateConfig, planned: Planned, io: CliIO): Promise<number> {
  const fetchFn = io.fetch ?? ((request: Request, init: { signal: AbortSignal }) => fetch(request, init));
  const clock = io.clock ?? (() => performance.now());
  const isPush = planned.kind === 'push';
  // WeChat does not follow redirects, so neither does the simulation
  const request = new Request(isPush ? planned.push.request() : planned.request, { redirect: 'manual' });
  const mode = isPush ? planned.push.mode : config.simulator.mode;
  const described = { type: planned.label, method: request.method, url: where(config.url), mode, encrypted: isPush ? planned.push.encrypted : false };
  if (!config.json) io.stdout(`→ ${request.method} ${described.url}: ${planned.label} (${mode}${described.encrypted ? ', encrypted' : ''})\n`);

  const started = clock();
  let status: number;
  let body: string;
  let location: string | null | undefined;
  try {
    const response = await fetchFn(request, { signal: AbortSignal.timeout(config.timeoutMs) });
    status = response.status;
    location = response.headers?.get('location');
    body = await response.text();
  } catch (e) {
    return fail(io, config, described, networkFailure(e, config));
  }
  const ms = Math.max(0, Math.round(clock() - started));

  if (status !== 200) {
    const hint = status >= 300 && status < 400
      ? `the server redirects${location ? ` to ${snippet(location)}` : ''}, but WeChat does not follow redirects — configure the final URL`
      : HINTS[status];
    return fail(io, config, described, { code: 'HTTP_STATUS', message: `the server answered HTTP ${status}`, status, body: snippet(body), ...(hint ? { hint } : {}) });
  }
  if (planned.kind === 'verify') {
    if (body !== planned.echostr) {
      return fail(io, config, described, { code: 'VERIFY_MISMATCH', message: 'the server did not echo echostr: WeChat would reject this URL', status, body: snippet(body) });
    }
    if (config.json) io.stdout(`${JSON.stringify({ ok: true, request: described, status, ms, echostr: body })}\n`);
    else io.stdout(`← ${status} in ${ms} ms: echostr echoed — URL verification passed\n`);
    return EXIT_OK;
  }
  let decoded: SimulatedReply;
  try {
    decoded = await config.simulator.readReply(new Response(body, { status }), planned.push);
  } catch (e) {
    if (!isWxmpError(e)) throw e;
    return fail(io, config, described, { code: e.code, message: `the reply is not what WeChat accepts: ${e.message}`, status, body: snippet(body) });
  }
  if (config.json) io.stdout(`${JSON.stringify({ ok: true, request: described, status, ms, ...decoded })}\n`);
  else io.stdout(formatReply(decoded, status, ms));
  return EXIT_OK;
}

function networkFailure(e: unknown, config: SimulateConfig): Failure {
  const err = e as { name?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } } | null;
  if (err?.name === 'TimeoutError') {
    return { code: 'TIMEOUT', message: `no answer within ${config.timeoutMs} ms`, hint: 'WeChat itself gives up after 5 s and retries the push up to 3 times' };
  }
  const cause = typeof err?.cause?.code === 'string' ? err.cause.code : typeof err?.cause?.message === 'string' ? err.cause.message : typeof err?.message === 'string' ? err.message : String(e);
  return {
    code: 'NETWORK',
    message: `cannot reach ${where(config.url)} (${cause})`,
    ...(cause === 'ECONNREFUSED' ? { hint: 'is the server running? (`npm start` runs the echo bot on 127.0.0.1:3000)' } : {}),
  };
}

function fail(io: CliIO, config: SimulateConfig, request: object, f: Failure): number {
  if (config.json) {
    const { status, body, ...error } = f;
    io.stdout(`${JSON.stringify({ ok: false, request, ...(status !== undefined ? { status } : {}), error, ...(body !== undefined ? { body } : {}) })}\n`);
  } else {
    io.stderr(`wxmp: ${f.message}${f.body ? `\n  body: ${f.body}` : ''}${f.hint ? `\n  hint: ${f.hint}` : ''}\n`);
  }
  return EXIT_FAILED;
}
