import type { RunnerIO } from "../../src/runner-io.js";

/** What the action handed to the runner. */
export interface Recorded {
  lines: string[];
  notices: Array<{ message: string; title?: string }>;
  warnings: Array<{ message: string; file?: string }>;
  errors: Array<{ message: string; file?: string }>;
  outputs: Record<string, string>;
  summaries: string[];
}

/** A RunnerIO that records exactly what the action hands to the runner (no redaction of its own). */
export function recordingIO(inputs: Record<string, string>, summary = true): { io: RunnerIO; rec: Recorded } {
  const rec: Recorded = { lines: [], notices: [], warnings: [], errors: [], outputs: {}, summaries: [] };
  const io: RunnerIO = {
    getInput: (name) => inputs[name] ?? "",
    info: (m) => rec.lines.push(m),
    debug: (m) => rec.lines.push(`debug: ${m}`),
    notice: (m, a) => rec.notices.push({ message: m, ...(a?.title ? { title: a.title } : {}) }),
    warning: (m, a) => rec.warnings.push({ message: m, ...(a?.file ? { file: a.file } : {}) }),
    error: (m, a) => rec.errors.push({ message: m, ...(a?.file ? { file: a.file } : {}) }),
    startGroup: (n) => rec.lines.push(`group: ${n}`),
    endGroup: () => rec.lines.push("endgroup"),
    setOutput: (n, v) => {
      rec.outputs[n] = v;
    },
    appendSummary: async (md) => {
      if (!summary) return false;
      rec.summaries.push(md);
      return true;
    },
  };
  return { io, rec };
}
