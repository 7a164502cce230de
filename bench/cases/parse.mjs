// Parse: XML text → object, for a 6-field text message, a 20-field event and a 4 KB text.
import assert from 'node:assert/strict';
import { EVENT20, TEXT4K, TEXT6, asJson } from '../lib/fixtures.mjs';
import { scan } from '../floors/scanner.mjs';

export default function parseCases({ wxmp, peers }) {
  const { fxp, xml2js, txml, tnwx } = peers;
  const fxParser = fxp && new fxp.XMLParser();
  const tnwxKit = tnwx && Object.create(tnwx.CryptoKit.prototype); // parseXmlToObj is the regex parser tnwx applies to decrypted XML
  const inputs = [
    { id: 'parse-text6', title: 'parse: text message, 6 fields', xml: TEXT6, field: 'Content' },
    { id: 'parse-event20', title: 'parse: event, 20 fields', xml: EVENT20, field: 'Precision' },
    { id: 'parse-text4k', title: 'parse: text message, 4 KB', xml: TEXT4K, field: 'Content' },
  ];
  return inputs.map(({ id, title, xml, field }) => {
    const json = asJson(xml);
    const expected = JSON.parse(json)[field];
    const camel = field[0].toLowerCase() + field.slice(1);
    // fast-xml-parser converts numbers by default (119.385040 → 119.38504): compare numerically then
    const same = (v) => assert.ok(String(v) === expected || (typeof v === 'number' && v === Number(expected)), `got ${String(v).slice(0, 40)}`);
    const impls = [
      { name: 'wxmp parseMessage', kind: 'wxmp', main: true, fn: () => wxmp.parseMessage(xml), check: (m) => same(m[camel]) },
      { name: 'wxmp parseXml', kind: 'wxmp', fn: () => wxmp.parseXml(xml), check: (r) => same(r[field]) },
    ];
    if (fxParser) impls.push({ name: 'fast-xml-parser', kind: 'peer', fn: () => fxParser.parse(xml), check: (r) => same(r.xml[field]) });
    if (xml2js) {
      const opts = { explicitArray: false };
      impls.push({
        name: 'xml2js',
        kind: 'peer',
        fn: () => {
          let out;
          xml2js.parseString(xml, opts, (e, r) => {
            if (e) throw e;
            out = r;
          });
          return out;
        }, // sync callback
        check: (r) => same(r.xml[field]),
      });
    }
    if (txml) impls.push({ name: 'txml', kind: 'peer', fn: () => txml.simplify(txml.parse(xml)), check: (r) => same(r.xml[field]) });
    if (tnwxKit) impls.push({ name: 'tnwx (regex)', kind: 'peer', fn: () => tnwxKit.parseXmlToObj(xml), check: (r) => same(r[field]) });
    impls.push(
      { name: 'floor: hand scanner', kind: 'floor', main: true, fn: () => scan(xml), check: (r) => same(r[field]) },
      { name: 'floor: hand scanner + XML character check', kind: 'floor', checked: true, fn: () => scan(xml, true), check: (r) => same(r[field]) },
      { name: 'floor: JSON.parse', kind: 'floor', fn: () => JSON.parse(json), check: (r) => same(r[field]) },
    );
    return { group: 'parse', id, title, impls, bytes: Buffer.byteLength(xml) };
  });
}
