// How a replayed run ends: the recorded outcome with the placeholders filled by the replay's own ids.
// The run engine calls applyReplayOutcome where it would otherwise run a processor, so a replayed run
// keeps everything else an emulator run has (slots, priority, limits, cancel, sync, webhooks).
import type { RunRecord } from "../records.js";
import type { FinalStatus, RecordedRun } from "./format.js";
import { PLACEHOLDERS, replaceStrings } from "./recorded-entry.js";

/** The recorded ending a replayed run carries until the engine applies it. */
export interface ReplayOutcome {
  status: FinalStatus;
  output: Record<string, unknown>;
  initialOutput: Record<string, unknown>;
  failureReason?: string;
  failureMessage?: string;
  credits: number;
}

/** The ending of `recorded` for a run with these new ids. */
export function replayOutcome(recorded: RecordedRun, ids: { runId: string; fileId: string }): ReplayOutcome {
  const map = new Map<string, string>([
    [PLACEHOLDERS.runId, ids.runId],
    [PLACEHOLDERS.fileId, ids.fileId],
  ]);
  const output = replaceStrings(recorded.output, map);
  const outcome: ReplayOutcome = {
    status: recorded.status,
    output,
    initialOutput: recorded.initialOutput ? replaceStrings(recorded.initialOutput, map) : output,
    credits: recorded.credits,
  };
  if (recorded.failureReason !== undefined) outcome.failureReason = recorded.failureReason;
  if (recorded.failureMessage !== undefined) outcome.failureMessage = recorded.failureMessage;
  return outcome;
}

/** Gives the run its recorded outputs, failure and credits; returns the status it ends in. */
export function applyReplayOutcome(run: RunRecord, outcome: ReplayOutcome): FinalStatus {
  run.output = outcome.output;
  run.initialOutput = outcome.initialOutput;
  if (outcome.failureReason !== undefined) run.failureReason = outcome.failureReason;
  if (outcome.failureMessage !== undefined) run.failureMessage = outcome.failureMessage;
  run.credits = outcome.credits;
  return outcome.status;
}
