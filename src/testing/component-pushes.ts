// Pushes to an Open Platform component's 授权事件接收URL, as WeChat sends them: the message
// `<xml><AppId/><CreateTime/><InfoType/>…</xml>` encrypted into `<xml><AppId/><Encrypt/></xml>`
// (安全模式 always; the receive id is the component AppID), signed in the query.
import type { XmlBuildValue } from '../xml/index.js';
import type { PushOptions, Seal, SimulatedPush } from './simulator.js';

/** An authorization change as `authorized` / `updateauthorized` pushes carry it. */
export interface AuthorizationPush {
  authorizerAppid: string;
  authorizationCode: string;
  /** Seconds until the code expires (default 600): `AuthorizationCodeExpiredTime` = now + this. */
  expiresIn?: number;
  preAuthCode?: string;
}

/** The component pushes of the simulator (`createSimulator({ token, encodingAESKey, appId: componentAppId })`). */
export interface ComponentPushes {
  /** Any InfoType with the given elements (WeChat names); fills AppId, CreateTime and InfoType. */
  componentEvent(infoType: string, fields?: Readonly<Record<string, XmlBuildValue | undefined>>, opts?: PushOptions): SimulatedPush;
  /** The component_verify_ticket push (every 10 minutes on the platform); `api.component.issueTicket()` gives a ticket the fake accepts. */
  componentVerifyTicket(ticket: string, opts?: PushOptions): SimulatedPush;
  /** 授权成功: `api.component.authorize(url)` gives the code and AppID. */
  authorized(a: AuthorizationPush, opts?: PushOptions): SimulatedPush;
  /** 更新授权. */
  updateAuthorized(a: AuthorizationPush, opts?: PushOptions): SimulatedPush;
  /** 取消授权. */
  unauthorized(authorizerAppid: string, opts?: PushOptions): SimulatedPush;
}

/**
 * The component push builders over the simulator's signing and encryption.
 *
 * @example
 * ```ts
 * const res = await webhook(sim.componentVerifyTicket(api.component.issueTicket()).request()) // 'success'
 * ```
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/component_verify_ticket.html
 */
export function componentPushes(seal: Seal, componentAppId: string, now: () => number): ComponentPushes {
  const componentEvent: ComponentPushes['componentEvent'] = (infoType, given = {}, opts = {}) => {
    const fields: Record<string, XmlBuildValue> = { AppId: componentAppId, CreateTime: opts.createTime ?? Math.floor(now()), InfoType: infoType };
    for (const [k, v] of Object.entries(given)) if (v !== undefined) fields[k] = v;
    return seal(fields, { mode: 'safe', ...opts }, { AppId: componentAppId });
  };
  const authorization = (infoType: string, a: AuthorizationPush, opts?: PushOptions): SimulatedPush =>
    componentEvent(
      infoType,
      {
        AuthorizerAppid: a.authorizerAppid,
        AuthorizationCode: a.authorizationCode,
        AuthorizationCodeExpiredTime: Math.floor(now()) + (a.expiresIn ?? 600),
        PreAuthCode: a.preAuthCode,
      },
      opts,
    );
  return {
    componentEvent,
    componentVerifyTicket: (ticket, opts) => componentEvent('component_verify_ticket', { ComponentVerifyTicket: ticket }, opts),
    authorized: (a, opts) => authorization('authorized', a, opts),
    updateAuthorized: (a, opts) => authorization('updateauthorized', a, opts),
    unauthorized: (authorizerAppid, opts) => componentEvent('unauthorized', { AuthorizerAppid: authorizerAppid }, opts),
  };
}
