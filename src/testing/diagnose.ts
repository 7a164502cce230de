// Why a webhook refused a simulated push: the webhook answers only a status and a generic body
// (details go to its onError), so the sender infers the likely causes from what it sent. Shared by
// the simulator's readReply and the `wxmp simulate` hints.
import { isWxmpError } from '../errors.js';
import { parseMessage } from '../messages/index.js';

/** What the sender knows about the refused push. */
export interface RefusalFacts {
  status: number;
  /** The push was encrypted (`encrypt_type=aes`). */
  encrypted: boolean;
  /** Seconds between the push's timestamp and the receiver's clock, when known. */
  skewSeconds?: number;
  /** Where that clock is: `'the system clock'` (a webhook without `now`) or `'the server clock'`. */
  clockName?: string;
  /** The skew is the receiver's own (a server's Date header), not a guess: agreeing clocks are no cause. */
  skewCertain?: boolean;
  /** The plaintext message XML, checked locally for a missing or malformed field. */
  xml?: string;
  /** Words for the sender's settings: the CLI names its flags, the test kit its options. */
  words: { token: string; keys: string; clock: string; plaintext: string };
}

/** Words of the test kit (createSimulator / createWebhook options). */
export const KIT_WORDS: RefusalFacts['words'] = {
  token: 'the simulator and the webhook need the same `token`',
  keys: "the simulator needs the webhook's `encodingAESKey` and `appId`",
  clock: 'share one clock: `createWebhook({ …, now: sim.now })`',
  plaintext: "give the simulator `mode: 'plaintext'` (or the webhook the same key and appId)",
};

/** What the status says was refused. */
const REFUSED: Readonly<Record<number, string>> = {
  400: 'the query or the body',
  403: 'the signature, the timestamp, or a plaintext push in safe mode (安全模式)',
  404: 'the URL (nothing is served there)',
  405: 'the method at this URL',
  408: 'a body that arrived too slowly',
  413: 'a body larger than it accepts',
  415: 'a compressed body (Content-Encoding)',
};

/** The push's own problem when it does not parse as a message (e.g. a bad --field override). */
function ownProblem(xml: string | undefined): string | undefined {
  if (xml === undefined) return undefined;
  try {
    parseMessage(xml);
    return undefined;
  } catch (e) {
    return isWxmpError(e) ? e.message : String(e);
  }
}

/**
 * The refused part and the likely causes of a non-200 answer, most likely first.
 *
 * @throws never.
 * @example
 * ```ts
 * explainRefusal({ status: 403, encrypted: false, words: KIT_WORDS }).causes[0] // 'the simulator and the webhook need the same `token`'
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Access_Overview.html
 */
export function explainRefusal(f: RefusalFacts): { refused: string; causes: string[] } {
  const refused = REFUSED[f.status] ?? `the request (HTTP ${f.status})`;
  const causes: string[] = [];
  if (f.status === 403) {
    const skew = f.skewSeconds ?? 0;
    if (Math.abs(skew) > 300)
      causes.push(`the push is stamped ${Math.round(skew)} s away from ${f.clockName ?? "the receiver's clock"}, outside the 300 s window: ${f.words.clock}`);
    causes.push(`a different token: ${f.words.token}`);
    if (!f.encrypted) causes.push(`a plaintext push to a webhook in safe mode (安全模式): ${f.words.keys}`);
    if (Math.abs(skew) <= 300 && !f.skewCertain) causes.push(`clocks more than 300 s apart: ${f.words.clock}`);
  } else if (f.status === 400) {
    const own = ownProblem(f.xml);
    if (own !== undefined) causes.push(`the push itself is invalid: ${own}`);
    if (f.encrypted) {
      causes.push(`the webhook cannot decrypt it: a plaintext webhook (no encodingAESKey/appId) refuses encrypted pushes — ${f.words.plaintext}`);
      causes.push(`another EncodingAESKey or AppID: ${f.words.keys}`);
    } else if (own === undefined) {
      causes.push('the body did not reach the webhook intact: mount it before body parsers (express.json(), koa-bodyparser…)');
    }
  }
  return { refused, causes };
}
