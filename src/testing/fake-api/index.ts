// The fake WeChat API platform of the test kit: `createFakeWeChatApi` and its types. Re-exports only.
export { createFakeWeChatApi, DEFAULT_FOLLOWERS } from './create.js';
export type { FakeCall, FakeComponent, FakeComponentOptions, FakeReply, FakeResponder, FakeWeChatApi, FakeWeChatApiOptions } from './create.js';
