// `wxmp/testing`: offline test kit. Re-exports only.
export { createSimulator } from './simulator.js';
export type { PushOptions, SimulatedPush, SimulatedReply, Simulator, SimulatorMode, SimulatorOptions } from './simulator.js';
export type { AuthorizationPush, ComponentPushes } from './component-pushes.js';
export { SIMULATED_EVENTS } from './events.js';
export type { SimulatedEvent } from './events.js';
export { createTestClock } from './clock.js';
export type { TestClock } from './clock.js';
export { createFakeWeChatApi, DEFAULT_FOLLOWERS } from './fake-api/index.js';
export type { FakeCall, FakeComponent, FakeComponentOptions, FakeReply, FakeResponder, FakeWeChatApi, FakeWeChatApiOptions } from './fake-api/index.js';
