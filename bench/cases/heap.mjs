// Heap retained by 10 000 parsed messages (the bodies dropped, the parsed objects kept), via global.gc.
import { TEXT6, textXml } from '../lib/fixtures.mjs';
import { scan } from '../floors/scanner.mjs';

const N = 10_000;

function retained(parse) {
  const keep = new Array(N);
  globalThis.gc();
  globalThis.gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < N; i++) {
    // A fresh body per message, as from the network: 16-digit MsgId and a short content that varies.
    keep[i] = parse(textXml(String(1234567890000000 + i), `你好 wxmp #${i}`, 1348831860 + i));
  }
  globalThis.gc();
  globalThis.gc();
  const bytes = process.memoryUsage().heapUsed - before;
  if (keep.length !== N || keep[N - 1] === undefined) throw new Error('lost results');
  return bytes;
}

export default async function heapCase({ wxmp, peers }) {
  if (typeof globalThis.gc !== 'function') return undefined;
  const { fxp, xml2js, txml } = peers;
  const fx = fxp && new fxp.XMLParser();
  const rows = [
    { name: 'wxmp parseMessage', fn: (x) => wxmp.parseMessage(x) },
    { name: 'wxmp parseXml', fn: (x) => wxmp.parseXml(x) },
    fx && { name: 'fast-xml-parser', fn: (x) => fx.parse(x) },
    xml2js && {
      name: 'xml2js',
      fn: (x) => {
        let out;
        xml2js.parseString(x, { explicitArray: false }, (_e, r) => {
          out = r;
        });
        return out;
      },
    },
    txml && { name: 'txml', fn: (x) => txml.simplify(txml.parse(x)) },
    { name: 'floor: hand scanner', fn: scan },
    { name: 'floor: JSON.parse', fn: (x) => JSON.parse(JSON.stringify(scan(x))) },
  ].filter(Boolean);
  void TEXT6;
  for (const r of rows) {
    try {
      const samples = [retained(r.fn), retained(r.fn), retained(r.fn)].sort((a, b) => a - b);
      r.bytes = samples[1];
    } catch (error) {
      r.error = String(error?.message ?? error).slice(0, 120);
    }
    delete r.fn;
  }
  console.log('\nheap retained per 10 000 parsed text messages (median of 3)');
  for (const r of rows)
    console.log(`  ${r.name.padEnd(28)} ${r.error ? `skipped: ${r.error}` : `${(r.bytes / 1048576).toFixed(2)} MiB  (${Math.round(r.bytes / N)} B/message)`}`);
  return {
    description: `${N} different 6-field text messages are parsed and the results kept in an array while each body is dropped; heapUsed is read after two forced GCs before and after (median of 3 runs). Sliced strings that keep a dropped body alive count against the parser that made them.`,
    rows,
  };
}
