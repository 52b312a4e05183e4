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
  /** The `x-request-id` the emulator assigned. */
  requestId: string;
  /** The injected fault, e.g. "status:503", "drop", "malformed", "delay:200", "drop(afterHandling)". */
  fault?: string;
  runId?: string;
  fileId?: string;
  fileName?: string;
  /** Why the plan limits refused the request: its category's bucket was empty, or the files/min budget was spent. */
  rateLimited?: "get" | "write" | "run" | "files";
  headers: Record<string, string>;
}

const REDACTED_HEADERS = new Set(["authorization", "cookie", "x-api-key", "proxy-authorization"]);

/**
 * Keeps the most recent API requests (capped so long benchmarks do not grow memory without bound).
 * A request gets its `seq` when it arrives and is recorded when it is answered, so the list is in
 * arrival order even when a slow request (a sync create) finishes after later ones.
 */
export class Journal {
  private entries: JournalEntry[] = [];
  private seq = 0;

  constructor(private readonly limit = 20_000) {}

  /** The sequence number of a request that just arrived. */
  arrive(): number {
    return ++this.seq;
  }

  record(entry: JournalEntry): void {
    let at = this.entries.length;
    while (at > 0 && this.entries[at - 1]!.seq > entry.seq) at--;
    this.entries.splice(at, 0, entry);
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
