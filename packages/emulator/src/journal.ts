/** One API request as the journal records it. */
export interface JournalEntry {
  seq: number;
  /** RFC 3339 time on the emulator clock. */
  at: string;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Status the client saw; 0 when the connection was dropped. */
  status: number;
  /** The injected fault, e.g. "status:503", "drop", "malformed", "delay:200", "drop(afterHandling)". */
  fault?: string;
  runId?: string;
  fileId?: string;
  fileName?: string;
  headers: Record<string, string>;
}

const REDACTED_HEADERS = new Set(["authorization", "cookie", "x-api-key", "proxy-authorization"]);

/** Keeps the most recent API requests (capped so long benchmarks do not grow memory without bound). */
export class Journal {
  private entries: JournalEntry[] = [];
  private seq = 0;

  constructor(private readonly limit = 20_000) {}

  record(entry: Omit<JournalEntry, "seq">): void {
    this.entries.push({ seq: ++this.seq, ...entry });
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
  }

  list(): JournalEntry[] {
    return this.entries;
  }

  clear(): void {
    this.entries = [];
    this.seq = 0;
  }
}

/** Request headers with secrets redacted (Authorization becomes "Bearer [redacted]"). */
export function redactHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    const key = name.toLowerCase();
    if (!REDACTED_HEADERS.has(key)) out[key] = value;
    else if (key === "authorization" && /^bearer\s/i.test(value)) out[key] = "Bearer [redacted]";
    else out[key] = "[redacted]";
  });
  return out;
}
