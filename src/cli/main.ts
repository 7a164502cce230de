// The `wxmp` command: in-process and injectable (output, environment, fetch, clock, colour) so tests need no child process.
import { readFileSync } from 'node:fs';
import { isWxmpError } from '../errors.js';
import { SIMULATED_EVENTS } from '../testing/events.js';
import type { SimulatedReply } from '../testing/simulator.js';
import { preview } from '../internal/bytes.js';
import { parseArgs, UsageError } from './args.js';
import { formatReply } from './format.js';
import { HELP, PROXY_HELP, SIMULATE_HELP, TOKEN_SERVER_HELP } from './help.js';
import { networkFailure, snippet, statusFailure, where, type Failure } from './hints.js';
import { serve } from './serve.js';
import { resolveServeConfig, SERVE_SPEC } from './serve-config.js';
import { plan, resolveConfig, SIMULATE_SPEC, type Planned, type SimulateConfig } from './simulate.js';
import { paint, type Paint } from './style.js';
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
  /** Colour per stream (default none); the `wxmp` binary colours a terminal unless NO_COLOR is set. */
  color?: { stdout?: boolean; stderr?: boolean };
  /** Stops `wxmp token-server` / `wxmp proxy` (the binary aborts it on SIGINT and SIGTERM). */
  signal?: AbortSignal;
  /** Reads a `--config` file (default `fs.readFileSync(path, 'utf8')`). */
  readFile?: (path: string) => string;
}

const SERVER_HELP = { 'token-server': TOKEN_SERVER_HELP, proxy: PROXY_HELP } as const;

/** Exit statuses. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/**
 * Runs `wxmp` with the arguments after the program name and returns the exit status: 0 when the
 * server answered correctly, 1 for a network error, an HTTP error or an invalid reply, 2 for a usage error.
 * Tokens and keys are never printed.
 *
 * @throws never for user mistakes (they print a message and return 2); only a broken `io` can throw.
 * @example
 * ```ts
 * process.exitCode = await main(['simulate', '--token', 'T', 'text', 'hi'], { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), env: process.env })
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html
 */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const out = paint(io.color?.stdout === true);
  const err = paint(io.color?.stderr === true);
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
    if (command === 'help' && rest.length === 1 && (rest[0] === 'simulate' || rest[0] === 'token-server' || rest[0] === 'proxy')) {
      io.stdout(rest[0] === 'simulate' ? SIMULATE_HELP : SERVER_HELP[rest[0]]);
      return EXIT_OK;
    }
    if (command === undefined) throw new UsageError('a command is required');
    if (command === 'token-server' || command === 'proxy') {
      const args = parseArgs(rest, SERVE_SPEC);
      if (args.options.get('help') === true) {
        io.stdout(SERVER_HELP[command]);
        return EXIT_OK;
      }
      if (args.positionals.length > 0) throw new UsageError(`${command} takes no arguments: ${preview(args.positionals.join(' '))}`);
      const config = resolveServeConfig(command, args, io.env ?? {}, io.readFile ?? ((path) => readFileSync(path, 'utf8')));
      return await serve(config, { stdout: io.stdout, stderr: io.stderr, ...(io.signal ? { signal: io.signal } : {}) });
    }
    if (command !== 'simulate') throw new UsageError(`unknown command ${preview(command)}`);
    const args = parseArgs(rest, SIMULATE_SPEC);
    if (args.options.get('help') === true) {
      io.stdout(SIMULATE_HELP);
      return EXIT_OK;
    }
    if (args.positionals[0] === 'events') {
      if (args.positionals.length > 1) throw new UsageError(`too many arguments for events: ${preview(args.positionals.slice(1).join(' '))}`);
      io.stdout(listEvents(out));
      return EXIT_OK;
    }
    const config = resolveConfig(args, io.env ?? {});
    return await send(config, plan(config.simulator, args), io, out, err);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    const topic = argv[0] === 'token-server' || argv[0] === 'proxy' ? argv[0] : 'simulate';
    io.stderr(`${err.red('wxmp:')} ${e.message}\nRun \`wxmp --help\` or \`wxmp ${topic} --help\` for usage.\n`);
    return EXIT_USAGE;
  }
}

/** `wxmp simulate events`: every event with the options that set its fields. */
function listEvents(p: Paint): string {
  const width = Math.max(...SIMULATED_EVENTS.map((e) => e.name.length));
  const lines = SIMULATED_EVENTS.map(
    (e) => `  ${p.bold(e.name.padEnd(width))}  ${e.summary}${e.options ? `\n  ${' '.repeat(width)}  ${p.dim(`event ${e.name} ${e.options}`)}` : ''}`,
  );
  return `Events \`wxmp simulate event <Name>\` sends, with the fields WeChat always sends for each
(names are case-insensitive; --field Name=Value or Parent.Child=Value overrides any element):

${lines.join('\n')}
`;
}

async function send(config: SimulateConfig, planned: Planned, io: CliIO, out: Paint, err: Paint): Promise<number> {
  const fetchFn = io.fetch ?? ((request: Request, init: { signal: AbortSignal }) => fetch(request, init));
  const clock = io.clock ?? (() => performance.now());
  const isPush = planned.kind === 'push';
  // WeChat does not follow redirects, so neither does the simulation
  const request = new Request(isPush ? planned.push.request() : planned.request, { redirect: 'manual' });
  const mode = isPush ? planned.push.mode : config.simulator.mode;
  const described = { type: planned.label, method: request.method, url: where(config.url), mode, encrypted: isPush ? planned.push.encrypted : false };
  if (!config.json) io.stdout(`${out.cyan('→')} ${request.method} ${described.url}: ${planned.label} (${mode}${described.encrypted ? ', encrypted' : ''})\n`);
  const fail = (f: Failure): number => report(io, config, described, f, err);

  const started = clock();
  let response: Response;
  let body: string;
  try {
    response = await fetchFn(request, { signal: AbortSignal.timeout(config.timeoutMs) });
    body = await response.text();
  } catch (e) {
    return fail(networkFailure(e, config));
  }
  const status = response.status;
  const ms = Math.max(0, Math.round(clock() - started));
  if (status !== 200) return fail(statusFailure(status, body, response.headers, planned));
  if (planned.kind === 'verify') {
    if (body !== planned.echostr)
      return fail({ code: 'VERIFY_MISMATCH', message: 'the server did not echo echostr: WeChat would reject this URL', status, body: snippet(body) });
    if (config.json) io.stdout(`${JSON.stringify({ ok: true, request: described, status, ms, echostr: body })}\n`);
    else io.stdout(`${out.green('←')} ${status} in ${ms} ms: echostr echoed — URL verification passed\n`);
    return EXIT_OK;
  }
  let decoded: SimulatedReply;
  try {
    decoded = await config.simulator.readReply(new Response(body, { status }), planned.push);
  } catch (e) {
    if (!isWxmpError(e)) throw e;
    return fail({ code: e.code, message: `the reply is not what WeChat accepts: ${e.message}`, status, body: snippet(body) });
  }
  if (config.json) io.stdout(`${JSON.stringify({ ok: true, request: described, status, ms, ...decoded })}\n`);
  else io.stdout(formatReply(decoded, status, ms, out));
  return EXIT_OK;
}

function report(io: CliIO, config: SimulateConfig, request: object, f: Failure, p: Paint): number {
  if (config.json) {
    const { status, body, ...error } = f;
    io.stdout(`${JSON.stringify({ ok: false, request, ...(status !== undefined ? { status } : {}), error, ...(body !== undefined ? { body } : {}) })}\n`);
  } else {
    const hints = (f.hints ?? []).map((h) => `\n  ${p.yellow('hint:')} ${h}`).join('');
    io.stderr(`${p.red('wxmp:')} ${f.message}${f.body ? `\n  ${p.dim('body:')} ${f.body}` : ''}${hints}\n`);
  }
  return EXIT_FAILED;
}
