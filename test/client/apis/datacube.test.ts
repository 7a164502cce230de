import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkDateRange, datacubeApi } from '../../../src/client/apis/datacube.js';
import type { UserSummaryRow } from '../../../src/client/apis/datacube-types.js';
import { rejectsCode, throwsCode } from '../../helpers.js';
import { post, recorder } from './recorder.js';

// endpoint → documented maximum span in days (official analytics pages)
const SPANS: Record<string, [string, number]> = {
  getUserSummary: ['getusersummary', 7],
  getUserCumulate: ['getusercumulate', 7],
  getArticleSummary: ['getarticlesummary', 1],
  getArticleTotal: ['getarticletotal', 1],
  getUserRead: ['getuserread', 3],
  getUserReadHour: ['getuserreadhour', 1],
  getUserShare: ['getusershare', 7],
  getUserShareHour: ['getusersharehour', 1],
  getUpstreamMsg: ['getupstreammsg', 7],
  getUpstreamMsgHour: ['getupstreammsghour', 1],
  getUpstreamMsgWeek: ['getupstreammsgweek', 30],
  getUpstreamMsgMonth: ['getupstreammsgmonth', 30],
  getUpstreamMsgDist: ['getupstreammsgdist', 15],
  getUpstreamMsgDistWeek: ['getupstreammsgdistweek', 30],
  getUpstreamMsgDistMonth: ['getupstreammsgdistmonth', 30],
  getInterfaceSummary: ['getinterfacesummary', 30],
  getInterfaceSummaryHour: ['getinterfacesummaryhour', 1],
};

const day = (base: string, plus: number): string => new Date(Date.parse(base) + plus * 86_400_000).toISOString().slice(0, 10);

test('datacube: every report posts the range, idempotent; span limit passes, limit + 1 fails', async () => {
  const rec = recorder(() => ({ list: [] }));
  const cube = datacubeApi(rec.requester);
  assert.deepEqual(Object.keys(cube).sort(), Object.keys(SPANS).sort());
  for (const [method, [endpoint, max]] of Object.entries(SPANS)) {
    const fn = cube[method as keyof typeof cube];
    const range = { begin_date: '2024-02-20', end_date: day('2024-02-20', max - 1) };
    await fn(range);
    assert.deepEqual(rec.last(), post(`/datacube/${endpoint}`, range, true), method);
    await rejectsCode(fn({ begin_date: '2024-02-20', end_date: day('2024-02-20', max) }), 'INVALID_ARGUMENT');
  }
  assert.equal(rec.calls.length, 17);
});

test('datacube: rows are typed', async () => {
  const row: UserSummaryRow = { ref_date: '2024-05-01', user_source: 0, new_user: 3, cancel_user: 1 };
  const rec = recorder(() => ({ list: [row] }));
  const { list } = await datacubeApi(rec.requester).getUserSummary({ begin_date: '2024-05-01', end_date: '2024-05-01' });
  const n: number = list[0]?.new_user ?? -1;
  assert.equal(n, 3);
});

test('checkDateRange: format, calendar validity, order', () => {
  assert.deepEqual(checkDateRange({ begin_date: '2024-02-28', end_date: '2024-02-29' }, 7), { begin_date: '2024-02-28', end_date: '2024-02-29' });
  for (const [b, e] of [
    ['2024-02-30', '2024-03-01'],
    ['2023-02-29', '2023-03-01'],
    ['2024-1-01', '2024-01-02'],
    ['20240101', '20240102'],
    ['2024-01-02', '2024-01-01'],
    ['2024-13-01', '2024-13-01'],
    ['', '2024-01-01'],
  ])
    throwsCode(() => checkDateRange({ begin_date: b as string, end_date: e as string }, 7), 'INVALID_ARGUMENT');
  throwsCode(
    () => checkDateRange({ begin_date: 20240101, end_date: '2024-01-01' } as unknown as { begin_date: string; end_date: string }, 7),
    'INVALID_ARGUMENT',
  );
});
