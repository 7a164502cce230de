// Floor: a minimal indexOf scanner for flat WeChat XML (<xml><A>v</A><B><![CDATA[v]]></B>…</xml>).
// CDATA-aware, no entities, no nesting, no validation — the least work that still finds the fields.
export function scan(xml) {
  const out = {};
  const end = xml.lastIndexOf('</xml>');
  let i = xml.indexOf('<xml>') + 5;
  for (;;) {
    const lt = xml.indexOf('<', i);
    if (lt < 0 || lt >= end) return out;
    const gt = xml.indexOf('>', lt);
    const name = xml.slice(lt + 1, gt);
    if (xml.startsWith('<![CDATA[', gt + 1)) {
      const ce = xml.indexOf(']]>', gt + 10);
      out[name] = xml.slice(gt + 10, ce);
      i = xml.indexOf('>', ce + 3) + 1;
    } else {
      const ce = xml.indexOf('<', gt + 1);
      out[name] = xml.slice(gt + 1, ce);
      i = xml.indexOf('>', ce) + 1;
    }
  }
}
