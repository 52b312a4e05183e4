export type { CallOptions, CreateRunParams, EngineClient, WaitCallOptions } from "./engine-client.js";
export { type DescribedError, describeError, errorLine } from "./error-advice.js";
export { findFiles, type WorkspaceFile } from "./find-files.js";
export { compileGlob, compileGlobSet, type GlobMatcher, type GlobSet, normalisePattern } from "./glob.js";
export {
  createListPoller,
  DEFAULT_LIST_POLLING,
  type ListPoller,
  type ListPollingPlan,
} from "./list-poller.js";
export { categoryOf, createPacer, type Pacer, type RequestCategory, SAFETY_MARGIN } from "./pacer.js";
export { DEFAULT_POLLING, type PollingPlan, processFile } from "./process-file.js";
export {
  createRateGate,
  type FetchLike,
  type GateClock,
  type RateGate,
  realClock,
} from "./rate-gate.js";
export { emptyResult, type FileError, type FileResult, type Stage } from "./results.js";
export {
  buildRunParams,
  type EngineDeps,
  type EngineOutcome,
  type EnginePlan,
  type EngineReporter,
  runEngine,
} from "./run-engine.js";
export {
  FILE_METADATA_KEY,
  INVOCATION_METADATA_KEY,
  newInvocationNonce,
  RESERVED_METADATA_KEYS,
} from "./run-metadata.js";
export { describeStop, type StopReason, StopSwitch } from "./stop-switch.js";
export {
  createRunAtMostOnce,
  DEFAULT_RECOVERY,
  isOurRun,
  type RecoveryPlan,
  uploadAgainOnDoubt,
  type WriteContext,
} from "./uncertain-writes.js";
