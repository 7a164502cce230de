// Public entry point: re-exports only, no logic.
export { WxmpError, isWxmpError } from './errors.js';
export type { WxmpErrorCode, WxmpErrorOptions } from './errors.js';
// -- core (issue: core protocol)
// -- server
// -- client
