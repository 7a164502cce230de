// `wxmp/testing`: offline test kit. Re-exports only.
export { createSimulator } from './simulator.js';
export type { PushOptions, SimulatedPush, SimulatedReply, Simulator, SimulatorMode, SimulatorOptions } from './simulator.js';
