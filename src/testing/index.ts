// `wxmp/testing`: offline test kit. Re-exports only.
export { createSimulator } from './simulator.js';
export type { PushOptions, SimulatedPush, SimulatedReply, Simulator, SimulatorMode, SimulatorOptions } from './simulator.js';
export { createFakeWeChatApi, DEFAULT_FOLLOWERS } from './fake-api.js';
export type { FakeCall, FakeReply, FakeResponder, FakeWeChatApi, FakeWeChatApiOptions } from './fake-api.js';
