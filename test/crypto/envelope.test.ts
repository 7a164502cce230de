import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { buildXml } from '../../src/xml/index.js';
import { extractEncrypt } from '../../src/crypto/envelope.js';
import { createSimulator } from '../../src/testing/simulator.js';
import { throwsCode } from '../helpers.js';
import { keys, now } from '../server/_kit.js';

const B64 = 'k5Qe0pFv2c3Ybq+/Aw==';

test('extracts <Encrypt> from safe and compatible bodies as the simulator (WeChat) sends them', () => {
  for (const mode of ['safe', 'compatible'] as const) {
    const sim = createSimulator({ ...keys, mode, now });
    const push = sim.text('<Encrypt>not this</Encrypt> ]]> <xml>');
    const encrypt = extractEncrypt(push.body);
    assert.match(encrypt, /^[A-Za-z0-9+/]+=*$/);
    assert.ok(push.body.includes(`<![CDATA[${encrypt}]]>`), mode);
  }
});

test('CDATA (with surrounding whitespace) or plain text; CDATA, comments and declarations elsewhere are skipped', () => {
  assert.equal(extractEncrypt(`<xml><Encrypt><![CDATA[${B64}]]></Encrypt></xml>`), B64);
  assert.equal(extractEncrypt(`<xml><Encrypt>\n  <![CDATA[${B64}]]>\n</Encrypt></xml>`), B64);
  assert.equal(extractEncrypt(`<xml><Encrypt>${B64}</Encrypt></xml>`), B64);
  assert.equal(
    extractEncrypt(
      `<?xml version="1.0"?>\n<xml><!-- <Encrypt>x</Encrypt> --><Content><![CDATA[<Encrypt>fake</Encrypt>]]></Content><Encrypt>${B64}</Encrypt><AgentID>1</AgentID></xml>`,
    ),
    B64,
  );
  assert.equal(extractEncrypt(`<xml><A><Encrypt>nested</Encrypt></A><Empty/><Encrypt>${B64}</Encrypt></xml>`), B64, 'only a child of the root counts');
});

test('anything but exactly one non-empty top-level <Encrypt> → CRYPTO_MISSING_ENCRYPT (-40002)', () => {
  for (const body of [
    '<xml><ToUserName>gh</ToUserName></xml>',
    `<xml><Encrypt>${B64}</Encrypt><Encrypt>${B64}</Encrypt></xml>`,
    '<xml><Encrypt></Encrypt></xml>',
    '<xml><Encrypt><![CDATA[]]></Encrypt></xml>',
    '<xml><Encrypt/></xml>',
    '<xml><Encrypt><b>x</b></Encrypt></xml>',
    '<xml><Encrypt>a&amp;b</Encrypt></xml>',
    `<!DOCTYPE x [<!ENTITY a "b">]><xml><Encrypt>${B64}</Encrypt></xml>`,
    `<xml><Content><![CDATA[unterminated <Encrypt>${B64}</Encrypt></xml>`,
    `<xml><!-- unterminated <Encrypt>${B64}</Encrypt></xml>`,
    `<?xml version="1.0" <xml><Encrypt>${B64}</Encrypt></xml>`,
    `<xml><Encrypt>${B64}</xml>`,
    '<xml><Encrypt',
    'not xml at all',
    '',
  ]) {
    const e = throwsCode(() => extractEncrypt(body), 'CRYPTO_MISSING_ENCRYPT');
    assert.equal(e.errcode, -40002, body);
  }
});

test('property: whatever plaintext fields surround it (compatible mode), the real <Encrypt> is found', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.constantFrom('Content', 'Title', 'Encrypt2', 'Url'), fc.string({ maxLength: 40 })), { maxLength: 6 }),
      fc.nat(6),
      (fields, at) => {
        const record: Record<string, string> = {};
        fields.forEach(([k, v], i) => {
          record[`${k}${i}`] = `${v.replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd]/g, '')}<Encrypt>x</Encrypt>`;
        });
        const entries = Object.entries(record);
        entries.splice(Math.min(at, entries.length), 0, ['Encrypt', B64]);
        assert.equal(extractEncrypt(buildXml(Object.fromEntries(entries))), B64);
      },
    ),
  );
});
