/**
 * Analytics (数据统计): users, articles, messages and interface calls, one endpoint per report.
 */
import type * as T from './datacube-types.js';
import { invalid, type Requester } from './requester.js';

const DAY_MS = 86_400_000;

function parseDate(value: unknown, name: string): number {
  const s = typeof value === 'string' ? value : '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  // Date.UTC rolls over (2024-02-30 → March 1); round-tripping rejects such dates.
  if (!m || new Date(t).toISOString().slice(0, 10) !== s) invalid(`${name} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(s.slice(0, 32))}`);
  return t;
}

/**
 * Validates an analytics date range: both ends `YYYY-MM-DD`, begin ≤ end, and at most `maxDays`
 * days (inclusive), the endpoint's documented maximum span.
 *
 * @throws {WxmpError} `INVALID_ARGUMENT`.
 * @example
 * ```ts
 * checkDateRange({ begin_date: '2024-05-01', end_date: '2024-05-07' }, 7)
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Analytics/User_Analysis_Data_Interface.html
 */
export function checkDateRange(range: T.DatacubeDateRange, maxDays: number): T.DatacubeDateRange {
  const b = parseDate(range?.begin_date, 'begin_date');
  const e = parseDate(range.end_date, 'end_date');
  const days = (e - b) / DAY_MS + 1;
  if (days < 1) invalid('end_date must not be before begin_date');
  if (days > maxDays) invalid(`this report spans at most ${maxDays} day(s), got ${days}`);
  return { begin_date: range.begin_date, end_date: range.end_date };
}

/**
 * Analytics API group. Each method takes `{ begin_date, end_date }` (`YYYY-MM-DD`, inclusive) and
 * enforces the endpoint's maximum span (in brackets). Data is ready for the previous day after 08:00.
 *
 * @throws {WxmpError} `INVALID_ARGUMENT` for a malformed date, end before begin, a span too long.
 * @example
 * ```ts
 * const { list } = await client.datacube.getUserSummary({ begin_date: '2024-05-01', end_date: '2024-05-07' })
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Analytics/User_Analysis_Data_Interface.html
 */
export function datacubeApi(r: Requester) {
  const q =
    <Row>(name: string, maxDays: number) =>
    async (range: T.DatacubeDateRange): Promise<T.DatacubeList<Row>> =>
      r.request(`/datacube/${name}`, { method: 'POST', body: checkDateRange(range, maxDays), idempotent: true });
  return {
    /** New and lost followers per source [7]. */
    getUserSummary: q<T.UserSummaryRow>('getusersummary', 7),
    /** Total followers [7]. */
    getUserCumulate: q<T.UserCumulateRow>('getusercumulate', 7),
    /** Per-article daily data [1]. @see https://developers.weixin.qq.com/doc/offiaccount/Analytics/Graphic_Analysis_Data_Interface.html */
    getArticleSummary: q<T.ArticleSummaryRow>('getarticlesummary', 1),
    /** Per-article totals [1]. */
    getArticleTotal: q<T.ArticleTotalRow>('getarticletotal', 1),
    /** Article reads [3]. */
    getUserRead: q<T.UserReadRow>('getuserread', 3),
    /** Article reads per hour [1]. */
    getUserReadHour: q<T.UserReadRow>('getuserreadhour', 1),
    /** Article shares [7]. */
    getUserShare: q<T.UserShareRow>('getusershare', 7),
    /** Article shares per hour [1]. */
    getUserShareHour: q<T.UserShareRow>('getusersharehour', 1),
    /** Messages from followers [7]. @see https://developers.weixin.qq.com/doc/offiaccount/Analytics/Message_analysis_data_interface.html */
    getUpstreamMsg: q<T.UpstreamMsgRow>('getupstreammsg', 7),
    /** Messages per hour [1]. */
    getUpstreamMsgHour: q<T.UpstreamMsgRow>('getupstreammsghour', 1),
    /** Messages per week [30]. */
    getUpstreamMsgWeek: q<T.UpstreamMsgRow>('getupstreammsgweek', 30),
    /** Messages per month [30]. */
    getUpstreamMsgMonth: q<T.UpstreamMsgRow>('getupstreammsgmonth', 30),
    /** Message distribution [15]. */
    getUpstreamMsgDist: q<T.UpstreamMsgDistRow>('getupstreammsgdist', 15),
    /** Message distribution per week [30]. */
    getUpstreamMsgDistWeek: q<T.UpstreamMsgDistRow>('getupstreammsgdistweek', 30),
    /** Message distribution per month [30]. */
    getUpstreamMsgDistMonth: q<T.UpstreamMsgDistRow>('getupstreammsgdistmonth', 30),
    /** Callbacks to your server [30]. @see https://developers.weixin.qq.com/doc/offiaccount/Analytics/Analytics_API.html */
    getInterfaceSummary: q<T.InterfaceSummaryRow>('getinterfacesummary', 30),
    /** Callbacks per hour [1]. */
    getInterfaceSummaryHour: q<T.InterfaceSummaryRow>('getinterfacesummaryhour', 1),
  };
}

/** The `client.datacube` group. */
export type DatacubeApi = ReturnType<typeof datacubeApi>;
