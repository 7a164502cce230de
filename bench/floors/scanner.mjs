// Floor: a minimal indexOf scanner for flat WeChat XML (<xml><A>v</A><B><![CDATA[v]]></B>…</xml>).
// CDATA-aware, no entities, no nesting, no validation — the least work that still finds the fields.
// With `check`, each value also gets one native regex pass for XML-illegal characters: the least
// validation a conforming parser must do, to show what that alone costs.
const ILLEGAL = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD]/;

export function scan(xml, check) {
  const out = {};
  const end = xml.lastIndexOf('</xml>');
  let i = xml.indexOf('<xml>') + 5;
  for (;;) {
    const lt = xml.indexOf('<', i);
    if (lt < 0 || lt >= end) return out;
    const gt = xml.indexOf('>', lt);
    const name = xml.slice(lt + 1, gt);
    let value;
    if (xml.startsWith('<![CDATA[', gt + 1)) {
      const ce = xml.indexOf(']]>', gt + 10);
      value = xml.slice(gt + 10, ce);
      i = xml.indexOf('>', ce + 3) + 1;
    } else {
      const ce = xml.indexOf('<', gt + 1);
      value = xml.slice(gt + 1, ce);
      i = xml.indexOf('>', ce) + 1;
    }
    if (check && ILLEGAL.test(value)) throw new Error(`illegal character in <${name}>`);
    out[name] = value;
  }
}
