import { randomId } from "./ids.js";
import type { RunRecord } from "./records.js";
import type { EmulatorServices } from "./services.js";

/** What differs between runs made by an API create and runs seeded straight into the store. */
export type NewRunFields = Pick<
  RunRecord,
  | "processor"
  | "version"
  | "config"
  | "status"
  | "usageTags"
  | "fileName"
  | "input"
  | "triggers"
  | "priority"
  | "source"
  | "sourceId"
>;

/**
 * A new run record stamped with the next sequence number and the emulator clock's time: empty outputs,
 * no credits yet, created and updated now. The caller adds it to the store.
 */
export function newRunRecord(
  services: Pick<EmulatorServices, "clock" | "state">,
  fields: NewRunFields,
): RunRecord {
  const now = services.clock.now();
  const seq = services.state.nextSeq();
  return {
    id: randomId("dpr_"),
    seq,
    updSeq: seq,
    type: fields.processor.type,
    output: {},
    initialOutput: {},
    credits: 0,
    createdAt: now,
    updatedAt: now,
    ...fields,
  };
}
