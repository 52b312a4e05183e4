/** One structured line per request. Contains no secrets, tokens, bodies or raw paths. */
export interface RequestLog {
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

/** Where log lines go; the default prints one JSON object per line. */
export type LogSink = (entry: RequestLog) => void;

/** Default sink: `console.log(JSON.stringify(entry))`, which Workers, Deno and Bun all ship to their log pipelines. */
export const consoleLogSink: LogSink = (entry) => {
  console.log(JSON.stringify({ level: entry.status >= 500 ? "error" : "info", ...entry }));
};
