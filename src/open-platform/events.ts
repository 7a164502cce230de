/**
 * Events of the 授权事件接收URL (InfoType pushes): element names camelCased as for messages,
 * numbers converted, and — like messages — never refused for their shape: another InfoType is the
 * `'unknown'` variant, a known one missing a field too, plus a `MESSAGE_SCHEMA_DRIFT` warning.
 */
import { WxmpError } from '../errors.js';
import { preview } from '../internal/bytes.js';
import { convertRecord, parseNumber } from '../messages/convert.js';
import { Vocabulary } from '../messages/names.js';
import type { XmlRecord } from '../xml/index.js';
import type { ComponentEvent } from './types.js';

const V = new Vocabulary();
for (const name of [
  'AppId',
  'CreateTime',
  'InfoType',
  'ComponentVerifyTicket',
  'AuthorizerAppid',
  'AuthorizationCode',
  'AuthorizationCodeExpiredTime',
  'PreAuthCode',
])
  V.define(name);
V.reserve('rawInfoType');
V.reserve('authorization');

/** The fields each InfoType needs (text), after camelCasing. */
const REQUIRED: Readonly<Record<string, readonly string[]>> = {
  component_verify_ticket: ['componentVerifyTicket'],
  authorized: ['authorizerAppid', 'authorizationCode'],
  updateauthorized: ['authorizerAppid', 'authorizationCode'],
  unauthorized: ['authorizerAppid'],
};

/** What {@link toComponentEvent} returns. */
export interface LenientComponentEvent {
  event: ComponentEvent;
  warning?: WxmpError<'MESSAGE_SCHEMA_DRIFT'>;
}

/**
 * Converts the decrypted record of a component push into a typed {@link ComponentEvent}.
 *
 * @throws {WxmpError} `MESSAGE_INVALID` only for records no XML parser produces (nesting deeper than 32).
 * @example
 * ```ts
 * toComponentEvent(parseXml('<xml><AppId>wx…</AppId><CreateTime>1413192605</CreateTime><InfoType>component_verify_ticket</InfoType><ComponentVerifyTicket>ticket@@@…</ComponentVerifyTicket></xml>'))
 * // { event: { appId: 'wx…', createTime: 1413192605, infoType: 'component_verify_ticket', componentVerifyTicket: 'ticket@@@…' } }
 * ```
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/authorize_event.html
 */
export function toComponentEvent(record: XmlRecord): LenientComponentEvent {
  const o = convertRecord(record, '', V);
  const text = (k: string): string | undefined => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
  o.appId = text('appId') ?? '';
  const time = text('createTime');
  o.createTime = (time === undefined ? undefined : parseNumber(time, true)) ?? 0;
  const expiry = text('authorizationCodeExpiredTime');
  if (expiry !== undefined) {
    const n = parseNumber(expiry, true);
    if (n !== undefined) o.authorizationCodeExpiredTime = n;
  }
  const raw = text('infoType') ?? '';
  const needs = REQUIRED[raw];
  const lacking = needs === undefined ? undefined : needs.find((k) => text(k) === undefined || text(k) === '');
  if (needs !== undefined && lacking === undefined) return { event: o as ComponentEvent };
  o.infoType = 'unknown';
  o.rawInfoType = raw;
  // Other InfoTypes (Mini Program registration, 小程序审核…) are simply not typed here; only a known one that lacks a field is drift.
  if (needs === undefined) return { event: o as ComponentEvent };
  return {
    event: o as ComponentEvent,
    warning: new WxmpError('MESSAGE_SCHEMA_DRIFT', `InfoType ${preview(raw)} lacks ${lacking}; delivered as infoType 'unknown'`),
  };
}
