// Shared setup of the CLI tests: run main() in-process, webhooks in-process or over node:http.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { main, type CliIO } from '../../src/cli/main.js';
import { createWebhook, toNodeListener, type HandlerResult, type Message, type WebhookOptions } from '../../src/index.js';
import { listen, TEST_KEY } from '../examples/helpers.js';

export const TOKEN = 'cliTestToken';
export type Fetch = NonNullable<CliIO['fetch']>;

export interface Run {
  code: number;
  out: string;
  err: string;
}

export async function run(argv: string[], io: Partial<CliIO> = {}): Promise<Run> {
  let out = '';
  let err = '';
  const code = await main(argv, {
    stdout: (s) => {
      out += s;
    },
    stderr: (s) => {
      err += s;
    },
    env: {},
    ...io,
  });
  // whatever happened, no secret is ever printed
  for (const secret of [TOKEN, TEST_KEY]) assert.ok(!out.includes(secret) && !err.includes(secret), `secret printed by ${argv.join(' ')}`);
  return { code, out, err };
}

/** A webhook answering in-process through the injected fetch; records the messages it handled. */
export function inProcess(handler: (m: Message) => HandlerResult = () => undefined, options: Partial<WebhookOptions> = {}): { seen: Message[]; fetch: Fetch } {
  const seen: Message[] = [];
  const webhook = createWebhook({
    token: TOKEN,
    ...options,
    handler: (m) => {
      seen.push(m);
      return handler(m);
    },
  });
  return { seen, fetch: (request) => webhook(request) };
}

/** A fake server answering every request with a fixed response. */
export const answering =
  (body: string, status = 200): Fetch =>
  async () =>
    new Response(body, { status });

export async function withServer(options: Partial<WebhookOptions>, fn: (url: string) => Promise<void>): Promise<void> {
  const webhook = createWebhook({
    token: TOKEN,
    handler: (m) => (m.msgType === 'text' ? { msgType: 'text', content: `echo: ${m.content}` } : undefined),
    ...options,
  });
  const { base, close } = await listen(createServer(toNodeListener(webhook)));
  try {
    await fn(`${base}/wechat`);
  } finally {
    await close();
  }
}
