import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { WxmpError, type WxmpErrorCode } from '../../src/errors.js';
import { renderReply, type Reply, type ReplyEnvelope } from '../../src/replies/index.js';
import { parseXml } from '../../src/xml/index.js';
import { fixtureJson, throwsCode } from '../helpers.js';

interface Row {
  name: string;
  reply: unknown;
  to?: unknown;
  code: WxmpErrorCode;
}
const { rows } = fixtureJson<{ rows: Row[] }>('adversarial-replies.json');
const ENVELOPE: ReplyEnvelope = { toUserName: 'oUser_1', fromUserName: 'gh_123456789abc', createTime: 1700000000 };

test('the adversarial table has at least 15 rows and covers every reply error code', () => {
  assert.ok(rows.length >= 15);
  const codes = new Set(rows.map((r) => r.code));
  for (const code of ['REPLY_INVALID', 'REPLY_EMPTY_CONTENT', 'REPLY_NO_ARTICLES', 'REPLY_TOO_MANY_ARTICLES', 'INVALID_ARGUMENT'] as const)
    assert.ok(codes.has(code), code);
});

for (const row of rows) {
  test(`adversarial reply: ${row.name} → ${row.code}`, () => {
    const to = ('to' in row ? row.to : ENVELOPE) as ReplyEnvelope;
    const err = throwsCode(() => renderReply(row.reply as Reply, to), row.code);
    assert.ok(err.message.length < 200, 'no large echo of the input');
  });
}

test('property: renderReply never raises anything but WxmpError, and its output always re-parses', () => {
  const field = fc.oneof(fc.string({ unit: 'binary' }), fc.anything());
  const reply = fc.oneof(
    fc.anything(),
    fc.record(
      {
        msgType: fc.oneof(fc.constantFrom('text', 'image', 'voice', 'video', 'music', 'news', 'transfer_customer_service'), fc.string()),
        content: field,
        mediaId: field,
        title: field,
        thumbMediaId: field,
        kfAccount: field,
        articles: fc.oneof(fc.array(fc.record({ title: field, url: field }, { requiredKeys: [] }), { maxLength: 10 }), fc.anything()),
      },
      { requiredKeys: ['msgType'] },
    ),
  );
  fc.assert(
    fc.property(reply, fc.oneof(fc.constant(ENVELOPE as unknown), fc.anything()), (r, to) => {
      try {
        const xml = renderReply(r as Reply, to as ReplyEnvelope);
        const back = parseXml(xml);
        assert.equal(back.MsgType, (r as { msgType: string }).msgType);
      } catch (e) {
        if (!(e instanceof WxmpError)) throw e;
      }
    }),
    { numRuns: 3000 },
  );
});
