/**
 * Row shapes of the analytics (数据统计) endpoints, as WeChat returns them in `list`.
 */
import type { WeChatResult } from './requester.js';

/** A date range, both ends `YYYY-MM-DD`, inclusive. */
export interface DatacubeDateRange {
  begin_date: string;
  end_date: string;
}

/** Every analytics answer: `{ list: Row[] }`. */
export interface DatacubeList<Row> extends WeChatResult {
  list: Row[];
}

/** `getusersummary`: follows/unfollows per source. */
export interface UserSummaryRow {
  ref_date: string;
  user_source: number;
  new_user: number;
  cancel_user: number;
}

/** `getusercumulate`: total followers. */
export interface UserCumulateRow {
  ref_date: string;
  cumulate_user: number;
}

/** Read/share/favourite counters shared by the article endpoints. */
export interface ArticleCounters {
  int_page_read_user: number;
  int_page_read_count: number;
  ori_page_read_user: number;
  ori_page_read_count: number;
  share_user: number;
  share_count: number;
  add_to_fav_user: number;
  add_to_fav_count: number;
}

/** `getarticlesummary`: per article per day; `msgid` is `msg_data_id_index`. */
export interface ArticleSummaryRow extends ArticleCounters {
  ref_date: string;
  msgid: string;
  title: string;
}

/** `getarticletotal`: per article, with a `details` row per day since sending. */
export interface ArticleTotalRow {
  ref_date: string;
  msgid: string;
  title: string;
  details: (ArticleCounters & { stat_date: string; target_user: number; [extra: string]: unknown })[];
}

/** `getuserread` / `getuserreadhour`: reads per source (hourly rows carry `ref_hour`). */
export interface UserReadRow extends ArticleCounters {
  ref_date: string;
  ref_hour?: number;
  user_source?: number;
}

/** `getusershare` / `getusersharehour`: shares per scene. */
export interface UserShareRow {
  ref_date: string;
  ref_hour?: number;
  share_scene: number;
  share_count: number;
  share_user: number;
}

/** `getupstreammsg*`: messages sent by followers. */
export interface UpstreamMsgRow {
  ref_date: string;
  ref_hour?: number;
  msg_type: number;
  msg_user: number;
  msg_count: number;
}

/** `getupstreammsgdist*`: distribution of messages per user. */
export interface UpstreamMsgDistRow {
  ref_date: string;
  /** 0: 0 messages, 1: 1–5, 2: 6–10, 3: more than 10. */
  count_interval: number;
  msg_user: number;
}

/** `getinterfacesummary*`: callbacks to your server. */
export interface InterfaceSummaryRow {
  ref_date: string;
  ref_hour?: number;
  callback_count: number;
  fail_count: number;
  total_time_cost: number;
  max_time_cost: number;
}
