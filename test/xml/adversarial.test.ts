import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WxmpErrorCode } from '../../src/errors.js';
import { buildXml, parseXml, type XmlParseOptions, type XmlRecord } from '../../src/xml/index.js';
import { fixtureJson, throwsCode } from '../helpers.js';

interface Case {
  name: string;
  input: unknown;
  code: WxmpErrorCode;
  options?: XmlParseOptions;
}

const { cases } = fixtureJson<{ cases: Case[] }>('adversarial-xml.json');
const MiB = 1024 * 1024;

test('the adversarial table is large and names are unique', () => {
  assert.ok(cases.length >= 30, `only ${cases.length} cases`);
  assert.equal(new Set(cases.map((c) => c.name)).size, cases.length);
});

for (const c of cases) {
  test(`adversarial: ${c.name} → ${c.code}`, () => {
    const e = throwsCode(() => parseXml(c.input as string, c.options), c.code);
    // Short messages: at most ~20 chars of input are quoted.
    assert.ok(e.message.length < 200, `message too long: ${e.message}`);
    if (c.code.startsWith('XML_')) {
      const pos = e.position;
      assert.ok(pos, 'XML errors carry a position');
      assert.ok(pos.line >= 1 && pos.column >= 1 && pos.offset >= 0);
      assert.ok(typeof c.input === 'string' && pos.offset <= c.input.length);
    }
  });
}

// Pathological inputs: each must end in the right code after one forward scan. The time they take
// is measured in bench/, not here; here they prove that no path recurses or re-scans.

test('1 MiB of "<a>" opens → XML_TOO_DEEP; with depth/node limits off → unclosed, no stack overflow', () => {
  const opens = '<a>'.repeat(Math.floor(MiB / 3));
  throwsCode(() => parseXml(opens), 'XML_TOO_DEEP');
  throwsCode(() => parseXml(opens, { maxDepth: Infinity }), 'XML_TOO_MANY_NODES');
  throwsCode(() => parseXml(opens, { maxDepth: Infinity, maxNodes: Infinity }), 'XML_SYNTAX');
});

test('300 000 levels of well-formed nesting parse iteratively when allowed; the writer refuses them', () => {
  const n = 300_000;
  const r = parseXml(`${'<a>'.repeat(n)}x${'</a>'.repeat(n)}`, { maxDepth: Infinity, maxNodes: Infinity, maxLength: Infinity });
  let depth = 1;
  let node: XmlRecord | string = r;
  while (typeof node !== 'string') {
    node = node['a'] as XmlRecord | string;
    depth++;
  }
  assert.equal(depth, n);
  assert.equal(node, 'x');
  throwsCode(() => buildXml(r), 'XML_TOO_DEEP');
});

test('1 MiB of "&" → XML_INVALID_ENTITY', () => {
  throwsCode(() => parseXml(`<xml><a>${'&'.repeat(MiB - 20)}</a></xml>`), 'XML_INVALID_ENTITY');
  throwsCode(() => parseXml(`<xml><a>${'&a'.repeat(MiB / 2 - 20)}</a></xml>`), 'XML_INVALID_ENTITY');
  throwsCode(() => parseXml(`<xml a="${'&'.repeat(MiB - 20)}"/>`), 'XML_INVALID_ENTITY');
});

test('numeric references with 1 MiB of leading zeros are decoded in one pass', () => {
  assert.equal(parseXml(`<xml><a>&#${'0'.repeat(MiB - 30)}65;</a></xml>`)['a'], 'A');
  throwsCode(() => parseXml(`<xml><a>&#${'9'.repeat(MiB - 30)};</a></xml>`), 'XML_INVALID_ENTITY');
  throwsCode(() => parseXml(`<xml><a>&#${'0'.repeat(MiB - 30)}</a></xml>`), 'XML_INVALID_ENTITY');
});

test('unterminated constructs of 1 MiB → XML_SYNTAX', () => {
  const pad = 'x'.repeat(MiB - 30);
  throwsCode(() => parseXml(`<xml><a><![CDATA[${pad}`), 'XML_SYNTAX');
  throwsCode(() => parseXml(`<xml><a><![CDATA[${']'.repeat(MiB - 30)}`), 'XML_SYNTAX');
  throwsCode(() => parseXml(`<xml><!--${pad}`), 'XML_SYNTAX');
  throwsCode(() => parseXml(`<xml><!--${'-'.repeat(MiB - 30)}`), 'XML_SYNTAX');
  throwsCode(() => parseXml(`<!--${'<!--'.repeat(MiB / 4 - 2)}`), 'XML_SYNTAX');
  throwsCode(() => parseXml(`<xml a="${pad}`), 'XML_SYNTAX');
  throwsCode(() => parseXml(`<xml><a>${pad}`), 'XML_TEXT_TOO_LONG');
  throwsCode(() => parseXml(`<xml><a>${pad}`, { maxTextLength: Infinity }), 'XML_SYNTAX');
  throwsCode(() => parseXml(`<xml ${' '.repeat(MiB - 30)}`), 'XML_SYNTAX');
  throwsCode(() => parseXml(`<?xml version="1.0"${' '.repeat(MiB - 30)}`), 'XML_SYNTAX');
});

test('1 MiB of "<!DOCTYPE" / "<?" → forbidden at the first one', () => {
  throwsCode(() => parseXml('<!DOCTYPE '.repeat(MiB / 10)), 'XML_DOCTYPE_FORBIDDEN');
  throwsCode(() => parseXml(`<xml>${'<?'.repeat(MiB / 2 - 10)}</xml>`), 'XML_PI_FORBIDDEN');
});

test('long names and long attributes', () => {
  throwsCode(() => parseXml(`<${'a'.repeat(MiB - 10)}/>`), 'XML_NAME_TOO_LONG');
  throwsCode(() => parseXml(`<xml ${'a'.repeat(MiB - 20)}="1"/>`), 'XML_NAME_TOO_LONG');
  // A single huge attribute value is validated and ignored.
  assert.deepEqual(Object.keys(parseXml(`<xml a="${'v'.repeat(MiB - 20)}"/>`)), []);
});

test('100 000 distinct attributes are checked for duplicates with a set (no quadratic scan)', () => {
  const attrs = Array.from({ length: 100_000 }, (_, i) => ` a${i}=""`).join('');
  assert.equal(parseXml(`<xml${attrs}><b/></xml>`, { maxLength: Infinity })['b'], '');
  throwsCode(() => parseXml(`<xml${attrs} a5=""/>`, { maxLength: Infinity }), 'XML_SYNTAX');
});

test('many siblings → XML_TOO_MANY_NODES; many comments and "]" are fine', () => {
  throwsCode(() => parseXml(`<xml>${'<a/>'.repeat(MiB / 4 - 4)}</xml>`), 'XML_TOO_MANY_NODES');
  assert.deepEqual(Object.keys(parseXml(`<xml>${'<!---->'.repeat(MiB / 7 - 2)}</xml>`)), []);
  assert.equal((parseXml(`<xml><a>${']'.repeat(MiB / 2)}</a></xml>`)['a'] as string).length, MiB / 2);
});

test('input over maxLength is refused before any scanning', () => {
  throwsCode(() => parseXml('<'.repeat(MiB + 1)), 'XML_TOO_LARGE');
  throwsCode(() => parseXml(`<!DOCTYPE x>${' '.repeat(MiB)}`), 'XML_TOO_LARGE');
});
