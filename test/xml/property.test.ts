import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { WxmpError } from '../../src/errors.js';
import { buildXml, parseXml, type XmlBuildRecord } from '../../src/xml/index.js';
import { fixtureText } from '../helpers.js';

// XML 1.0 Char minus U+FEFF (a BOM is only allowed first), written independently of src/xml/chars.ts.
const ILLEGAL = /[^\t\n\r\u0020-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const legal = (s: string): string => s.replace(ILLEGAL, '');

/** Null-prototype deep copy, to compare fast-check records with parsed ones. */
function norm(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(norm);
  if (typeof v === 'object' && v !== null) {
    const out = Object.create(null) as Record<string, unknown>;
    for (const k of Object.keys(v)) out[k] = norm((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const markup = fc.constantFrom(
  '<',
  '>',
  '&',
  ';',
  '/',
  '!',
  '?',
  '[',
  ']',
  ']]>',
  '-',
  '--',
  '"',
  "'",
  '=',
  ' ',
  '\n',
  '&amp;',
  '&#x1F600;',
  '<![CDATA[',
  '<!--',
  '-->',
  '<a>',
  '</a>',
  '<a/>',
  '\u0000',
  '\uFEFF',
);
/** Any code point (controls, astral, lone surrogates) plus XML-significant fragments. */
const wildUnit = fc.oneof(
  { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 4 },
  { arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), weight: 2 },
  { arbitrary: loneSurrogate, weight: 1 },
  { arbitrary: markup, weight: 3 },
);
const wildString = fc.string({ unit: wildUnit, maxLength: 40 });

const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,10}$/);
const text = wildString.map(legal);

// Records of strings, nested records and arrays of length ≥ 2. A one-element array is written as
// one element and so reads back as the single value; an empty record reads back as ''.
const { record } = fc.letrec<{ record: Record<string, unknown>; node: unknown }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, text, tie('record')),
  record: fc.dictionary(name, fc.oneof(tie('node'), fc.array(tie('node'), { minLength: 2, maxLength: 4 })), { minKeys: 1, maxKeys: 5 }),
}));
const rootRecord = fc.oneof(record, fc.constant({}));

test('property: parseXml(buildXml(r)) deep-equals r for string records', () => {
  fc.assert(
    fc.property(rootRecord, (r) => {
      const xml = buildXml(r as XmlBuildRecord);
      assert.deepStrictEqual(parseXml(xml), norm(r));
    }),
    { numRuns: 400 },
  );
});

test('property: buildXml strips illegal characters and its output always parses', () => {
  fc.assert(
    fc.property(fc.dictionary(name, wildString, { maxKeys: 6 }), (r) => {
      const parsed = parseXml(buildXml(r));
      for (const k of Object.keys(r)) assert.equal(parsed[k], legal(r[k]!));
    }),
    { numRuns: 400 },
  );
});

test('property: every valid code point round-trips through decimal and hex references', () => {
  const cp = fc.oneof(
    fc.constantFrom(9, 10, 13),
    fc.integer({ min: 0x20, max: 0xd7ff }),
    fc.integer({ min: 0xe000, max: 0xfffd }).filter((c) => c !== 0xfeff),
    fc.integer({ min: 0x10000, max: 0x10ffff }),
  );
  fc.assert(
    fc.property(cp, (c) => {
      const expected = String.fromCodePoint(c);
      assert.equal(parseXml(`<xml><a>&#${c};</a></xml>`)['a'], expected);
      assert.equal(parseXml(`<xml><a>&#x${c.toString(16)};</a></xml>`)['a'], expected);
    }),
  );
});

function onlyWxmpErrors(input: string, strip: boolean): void {
  try {
    parseXml(input, strip ? { invalidChars: 'strip' } : undefined);
  } catch (e) {
    assert.ok(e instanceof WxmpError, `non-WxmpError escaped: ${String(e)}`);
    assert.ok(e.code.startsWith('XML_'), e.code);
    assert.ok(e.position && e.position.offset <= input.length && e.position.line >= 1 && e.position.column >= 1);
  }
}

test('property: arbitrary strings never raise anything but a positioned WxmpError', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string({ unit: 'binary' }),
        wildString,
        wildString.map((s) => `<xml>${s}</xml>`),
      ),
      fc.boolean(),
      onlyWxmpErrors,
    ),
    { numRuns: 2000 },
  );
});

const seeds = ['xml/text.xml', 'xml/scancode-push.xml', 'xml/pic-sysphoto.xml', 'xml/declaration-bom.xml'].map(fixtureText);
const mutation = fc.record({ at: fc.nat(), del: fc.nat({ max: 4 }), ins: wildString });

test('property: mutated valid pushes never raise anything but a positioned WxmpError', () => {
  fc.assert(
    fc.property(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), (seed, mutations, strip) => {
      let s = seed;
      for (const m of mutations) {
        const at = m.at % (s.length + 1);
        s = s.slice(0, at) + m.ins + s.slice(at + m.del);
      }
      onlyWxmpErrors(s, strip);
    }),
    { numRuns: 2000 },
  );
});

test('property: in strip mode, text with illegal characters parses as the same text without them', () => {
  fc.assert(
    fc.property(
      fc.string({
        unit: fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), loneSurrogate, fc.constantFrom('\u0000', '\u0008', '\uFFFE', '\uFFFF')),
      }),
      (s) => {
        const cdata = legal(s).includes(']]>') ? null : `<xml><a><![CDATA[${s}]]></a></xml>`;
        if (cdata !== null) assert.equal(parseXml(cdata, { invalidChars: 'strip' })['a'], legal(s));
        const escaped = s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
        assert.equal(parseXml(`<xml><a>${escaped}</a></xml>`, { invalidChars: 'strip' })['a'], legal(s));
      },
    ),
    { numRuns: 500 },
  );
});
