// Human-readable rendering of a decoded webhook reply.
import type { Reply } from '../replies/index.js';
import type { SimulatedReply } from '../testing/simulator.js';
import { paint, type Paint } from './style.js';

const indent = (s: string): string =>
  s
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');

/** The reply's content, one field per line (text replies: just the text). */
export function describeReply(reply: Reply): string {
  switch (reply.msgType) {
    case 'text':
      return indent(reply.content);
    case 'news':
      return reply.articles
        .map((a, i) =>
          indent([`${i + 1}. ${a.title}`, ...(['description', 'url', 'picUrl'] as const).flatMap((k) => (a[k] ? [`   ${k}: ${a[k]}`] : []))].join('\n')),
        )
        .join('\n');
    default: {
      const lines = Object.entries(reply).flatMap(([k, v]) => (k === 'msgType' || v === undefined ? [] : [`${k}: ${String(v)}`]));
      return lines.length === 0 ? indent('(no fields)') : indent(lines.join('\n'));
    }
  }
}

/** The status line and the content of a decoded reply. */
export function formatReply(decoded: SimulatedReply, status: number, ms: number, p: Paint = paint(false)): string {
  const head = `${p.green('←')} ${status} in ${ms} ms: `;
  if (decoded.kind === 'success') return `${head}success (acknowledged, no reply)\n`;
  if (decoded.kind === 'empty') return `${head}empty body (acknowledged, no reply)\n`;
  const label = decoded.reply.msgType === 'transfer_customer_service' ? 'transfer to customer service (转发客服)' : `${decoded.reply.msgType} reply`;
  return `${head}${label}${decoded.encrypted ? ' (encrypted)' : ''}\n${describeReply(decoded.reply)}\n`;
}
