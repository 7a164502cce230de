// Analytics (数据统计) of the fake platform: one row per day of the requested range (and per hour
// for the hourly reports), with small counters derived from the date so that answers are stable.
import { bodyOf, err, type Routes } from './kit.js';

type Row = Record<string, unknown>;

const DAY_MS = 86_400_000;
const MAX_DAYS: Readonly<Record<string, number>> = {
  getusersummary: 7,
  getusercumulate: 7,
  getarticlesummary: 1,
  getarticletotal: 1,
  getuserread: 3,
  getuserreadhour: 1,
  getusershare: 7,
  getusersharehour: 1,
  getupstreammsg: 7,
  getupstreammsghour: 1,
  getupstreammsgweek: 30,
  getupstreammsgmonth: 30,
  getupstreammsgdist: 15,
  getupstreammsgdistweek: 30,
  getupstreammsgdistmonth: 30,
  getinterfacesummary: 30,
  getinterfacesummaryhour: 1,
};

/** A small number that depends only on the date and a salt. */
function n(date: string, salt: number): number {
  let h = salt;
  for (const ch of date) h = (h * 31 + ch.charCodeAt(0)) % 9973;
  return h % 97;
}

const counters = (d: string): Row => ({
  int_page_read_user: n(d, 1) + 10,
  int_page_read_count: n(d, 2) + 20,
  ori_page_read_user: n(d, 3),
  ori_page_read_count: n(d, 4),
  share_user: n(d, 5),
  share_count: n(d, 6),
  add_to_fav_user: n(d, 7),
  add_to_fav_count: n(d, 8),
});
const article = { msgid: '2247483650_1', title: '示例文章' };

/** The rows of one report for one day. */
const ROWS: Readonly<Record<string, (d: string) => Row[]>> = {
  getusersummary: (d) => [{ ref_date: d, user_source: 0, new_user: n(d, 11), cancel_user: n(d, 12) % 5 }],
  getusercumulate: (d) => [{ ref_date: d, cumulate_user: 1000 + n(d, 13) }],
  getarticlesummary: (d) => [{ ref_date: d, ...article, ...counters(d) }],
  getarticletotal: (d) => [{ ref_date: d, ...article, details: [{ stat_date: d, target_user: 1000 + n(d, 14), ...counters(d) }] }],
  getuserread: (d) => [{ ref_date: d, user_source: 0, ...counters(d) }],
  getusershare: (d) => [{ ref_date: d, share_scene: 1, share_count: n(d, 15), share_user: n(d, 16) }],
  getupstreammsg: (d) => [{ ref_date: d, msg_type: 1, msg_user: n(d, 17), msg_count: n(d, 18) + 1 }],
  getupstreammsgdist: (d) => [{ ref_date: d, count_interval: 1, msg_user: n(d, 19) }],
  getinterfacesummary: (d) => [
    { ref_date: d, callback_count: n(d, 20) + 1, fail_count: n(d, 21) % 3, total_time_cost: 5000 + n(d, 22), max_time_cost: 300 + n(d, 23) },
  ],
};

function rowsOf(name: string): ((d: string) => Row[]) | undefined {
  const hourly = name.endsWith('hour');
  const base = ROWS[name.replace(/hour$|week$|month$/, '')];
  if (!base || !hourly) return base;
  // hourly reports: ref_hour is HHMM (0, 100, …, 2300)
  return (d) => Array.from({ length: 24 }, (_, h) => base(d).map((r) => ({ ...r, ref_hour: h * 100 }))).flat();
}

/**
 * Every analytics endpoint of the fake, with its maximum span (61501 beyond it).
 *
 * @example
 * ```ts
 * const routes = datacubeRoutes()
 * ```
 * @see https://developers.weixin.qq.com/doc/offiaccount/Analytics/User_Analysis_Data_Interface.html
 */
export function datacubeRoutes(): Routes {
  const routes: Routes = {};
  for (const [name, max] of Object.entries(MAX_DAYS)) {
    const rows = rowsOf(name) as (d: string) => Row[];
    routes[`/datacube/${name}`] = (c) => {
      const { begin_date: b, end_date: e } = bodyOf(c);
      const [from, to] = [Date.parse(`${String(b)}T00:00:00Z`), Date.parse(`${String(e)}T00:00:00Z`)];
      const days = (to - from) / DAY_MS + 1;
      if (!Number.isInteger(days) || days < 1) return err(61500, 'date format error');
      if (days > max) return err(61501, 'date range error');
      const list: Row[] = [];
      for (let t = from; t <= to; t += DAY_MS) list.push(...rows(new Date(t).toISOString().slice(0, 10)));
      return { list };
    };
  }
  return routes;
}
