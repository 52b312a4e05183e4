// Record and replay (cassettes): the runtime-agnostic part. File helpers are in file-store.ts.
export { parseCassette, serializeCassette } from "./codec.js";
export {
  CASSETTE_FORMAT,
  CASSETTE_VERSION,
  type Cassette,
  type CassetteDocument,
  type CassetteEntry,
  CassetteError,
  type CassetteRequest,
  type DocumentRef,
  type RecordedError,
  type RecordedRun,
  type RecordedStatus,
} from "./format.js";
export type { PlayerStatus } from "./player.js";
export type { RecorderStatus } from "./recorder.js";
export type { CassetteStatus, RecordOptions, ReplayOptions } from "./setup.js";
export { type CassetteStore, MemoryCassetteStore } from "./store.js";
