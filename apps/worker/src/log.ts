import type { HitSummaryLog } from "./hit-summary.ts";

/** One structured line per request. Contains no secrets, tokens, bodies or raw paths. */
export interface RequestLog {
  kind: "request";
  requestId: string;
  tenant: string | null;
  method: string;
  /** The route template (`GET /processor_runs/:id`), never the raw path a client sent. */
  route: string;
  status: number;
  ms: number;
  cache: "HIT" | "MISS" | "BYPASS" | null;
  upstreamStatus?: number;
  error?: string;
}

/** Why the configuration was refused: for the operator's log only, never sent to a caller. */
export interface ConfigProblemLog {
  kind: "config";
  /** Problems by setting name; never contain a secret value. */
  problems: string[];
}

/** Any line the proxy logs. */
export type LogEntry = RequestLog | HitSummaryLog | ConfigProblemLog;

/** Where log lines go; the default prints one JSON object per line. */
export type LogSink = (entry: LogEntry) => void;

/** Default sink: `console.log(JSON.stringify(entry))`, which Workers, Deno and Bun all ship to their log pipelines. */
export const consoleLogSink: LogSink = (entry) => {
  const level =
    (entry.kind === "request" && entry.status >= 500) || entry.kind === "config" ? "error" : "info";
  console.log(JSON.stringify({ level, ...entry }));
};
