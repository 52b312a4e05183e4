// The runtime-agnostic part of the package (no Node built-ins): `@extendkit/emulator/handler`.
export * from "./cassette/index.js";
export { createEmulator } from "./emulator.js";
export type {
  LimitCategory,
  LimitsConfig,
  LimitsOption,
  LimitsPlanName,
  ThroughputMode,
} from "./limits/plans.js";
export {
  API_VERSION,
  DEFAULT_API_KEY,
  DEFAULT_PROCESSORS,
  type Emulator,
  type EmulatorClock,
  type EmulatorOptions,
  type FaultRule,
  type LatencyOption,
  type ProcessorDefinition,
  type ProcessorType,
} from "./options.js";
export { type SeedRunsOptions, seedProcessorRuns } from "./seed.js";
