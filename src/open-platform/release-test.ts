/**
 * 全网发布接入检测 (the full-network release check): before a platform may be released, WeChat's
 * test accounts send it messages that must be answered in a prescribed way.
 */
import type { Message } from '../messages/index.js';
import type { ComponentClient } from './client.js';
import type { AuthorizerWebhookHandler } from './types.js';

/** WeChat's test Official Accounts of the release check: AppID → Username (原始ID), five groups since 2021-01-18. */
export const RELEASE_TEST_ACCOUNTS: Readonly<Record<string, string>> = Object.freeze({
  wx570bc396a51b8ff8: 'gh_3c884a361561',
  wx9252c5e0bb1836fc: 'gh_c0f28a78b318',
  wx8e1097c5bc82cde9: 'gh_3f222ed8d140',
  wx14550af28c71a144: 'gh_26128078e9ab',
  wxa35b9c23cfe664eb: 'gh_2b3713f184a6',
});

const USERNAMES = new Set(Object.values(RELEASE_TEST_ACCOUNTS));
const QUERY_AUTH_CODE = 'QUERY_AUTH_CODE:';

/** True when the push comes from (is addressed to) one of the release check's test accounts. */
function isReleaseTest(message: Message, authorizerAppId: string): boolean {
  return USERNAMES.has(message.toUserName) || Object.hasOwn(RELEASE_TEST_ACCOUNTS, authorizerAppId);
}

/**
 * Wraps a handler so that the release check's test accounts are answered as the check requires
 * (everything else reaches `handler`): the text `TESTCOMPONENT_MSG_TYPE_TEXT` gets the passive
 * reply `TESTCOMPONENT_MSG_TYPE_TEXT_callback`; `QUERY_AUTH_CODE:<code>` gets an empty answer at
 * once, then `queryAuth(<code>)` and, through that account's customer-service API, the text
 * `<code>_from_api` (in the background, kept alive with `ctx.waitUntil`; a failure reaches
 * `onError`); an event gets the text `<Event>from_callback` (the check's earlier event case).
 *
 * @example
 * ```ts
 * createWebhook({ component, handler, releaseTest: true }) // uses it
 * ```
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/operation/thirdparty/releases_instructions.html
 */
export function withReleaseTest(component: ComponentClient, handler: AuthorizerWebhookHandler): AuthorizerWebhookHandler {
  return (message, ctx) => {
    if (!isReleaseTest(message, ctx.authorizerAppId)) return handler(message, ctx);
    if (message.msgType === 'text' && message.content === 'TESTCOMPONENT_MSG_TYPE_TEXT')
      return { msgType: 'text', content: 'TESTCOMPONENT_MSG_TYPE_TEXT_callback' };
    if (message.msgType === 'text' && message.content.startsWith(QUERY_AUTH_CODE)) {
      const code = message.content.slice(QUERY_AUTH_CODE.length);
      ctx.waitUntil(answerThroughApi(component, code, message.fromUserName));
      return '';
    }
    if (message.msgType === 'event') return { msgType: 'text', content: `${message.event}from_callback` };
    return handler(message, ctx);
  };
}

async function answerThroughApi(component: ComponentClient, code: string, openid: string): Promise<void> {
  const info = await component.queryAuth(code);
  await component.authorizer(info.authorizer_appid).customService.send({ touser: openid, msgtype: 'text', text: { content: `${code}_from_api` } });
}
