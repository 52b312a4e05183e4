export { appliedWait, MAX_WAIT_SECONDS, preferredWaitSeconds } from "./prefer-wait.ts";
export { RUNNING_ENTRY_MS, RunReader } from "./run-reader.ts";
export { LocalWaitingRoom, type WaitingRoom, type WaitingRoomOptions } from "./waiting-room.ts";
