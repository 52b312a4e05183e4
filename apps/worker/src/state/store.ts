/**
 * The proxy's durable state: everything that must hold across requests, isolates and restarts sits
 * behind this one interface, never in module memory. Backends: Durable Objects (Cloudflare, see
 * src/entry), Deno KV, bun:sqlite, and an in-memory store for tests and single-process development.
 *
 * Every method is async and every time is an explicit epoch-millisecond `now`, so a test clock (or the
 * emulator's virtual clock) drives expiry the same way in every backend.
 */
export interface ProxyStore {
  // ---- ownership and the tenant index (§1, §2, S7, S8) ----

  /** Creates or replaces the tenant's record of a run (its owner is `tenant`, by construction). */
  putRun(tenant: string, run: RunRecord): Promise<void>;
  /** The tenant's record of a run, or null: null means "not this tenant's run". */
  getRun(tenant: string, id: string): Promise<RunRecord | null>;
  /** Forgets a run (after an upstream delete). */
  deleteRun(tenant: string, id: string): Promise<void>;
  /** One page of the tenant's runs, filtered and sorted like Extend's `GET /processor_runs`. */
  listRuns(tenant: string, query: RunQuery): Promise<Page<RunRecord>>;

  /** Creates or replaces the tenant's record of an uploaded file. */
  putFile(tenant: string, file: FileRecord): Promise<void>;
  /** The tenant's record of a file, or null: null means "not this tenant's file". */
  getFile(tenant: string, id: string): Promise<FileRecord | null>;
  /** Forgets a file (after an upstream delete). */
  deleteFile(tenant: string, id: string): Promise<void>;
  /** One page of the tenant's files, filtered and sorted like Extend's `GET /files`. */
  listFiles(tenant: string, query: FileQuery): Promise<Page<FileRecord>>;

  // ---- idempotency records (§3), scoped to the tenant ----

  /**
   * Claims `key` for a new request whose body hashes to `fingerprint`. Returns `reserved` when the
   * caller now owns the key (until `leaseUntil`, after which a crashed holder's claim lapses);
   * otherwise the existing record, whatever its fingerprint (the caller compares and answers 422).
   */
  reserveIdempotency(tenant: string, key: string, claim: IdempotencyClaim): Promise<IdempotencyReservation>;
  /** Stores the response of a reserved key; it is replayed until `expiresAt`. */
  completeIdempotency(
    tenant: string,
    key: string,
    response: IdempotencyResponse,
    expiresAt: number,
  ): Promise<void>;
  /** Drops a reservation whose request failed retryably (5xx, 429, network), so a retry runs again. */
  releaseIdempotency(tenant: string, key: string, fingerprint: string): Promise<void>;
  /** The live record for `key` (in flight or completed), or null. */
  lookupIdempotency(tenant: string, key: string, now: number): Promise<IdempotencyRecord | null>;

  // ---- counters and replay memory (§5, S5), global ----

  /**
   * Token bucket `key`: takes `cost` (default 1) tokens if available. Buckets start full (`burst`)
   * and refill at `ratePerSec`. On refusal nothing is taken and `retryAfterMs` says when `cost`
   * tokens will be there.
   */
  take(key: string, bucket: BucketSpec, now: number, cost?: number): Promise<TakeResult>;
  /** True the first time `key` is seen within `ttlMs`, false for every repeat (webhook replays). */
  rememberOnce(key: string, ttlMs: number, now: number): Promise<boolean>;
}

/** What the proxy remembers about a run it created for a tenant. */
export interface RunRecord {
  id: string;
  /** Extend's list item (`ProcessorRunSummary`) as the proxy last saw it; served as-is by the list. */
  summary: Record<string, unknown>;
  status: string;
  /** RFC 3339, as Extend sent them; ISO strings in UTC sort correctly as text. */
  createdAt: string;
  updatedAt: string;
  processorId: string;
  processorType: string | null;
  source: string | null;
  sourceId: string | null;
  fileName: string | null;
  /** Epoch ms when the proxy last saw this state upstream (for refreshing non-terminal runs). */
  observedAt: number;
}

/** What the proxy remembers about a file a tenant uploaded through it. */
export interface FileRecord {
  id: string;
  /** Extend's File object without its expiring `presignedUrl` and without `contents`. */
  file: Record<string, unknown>;
  name: string;
  createdAt: string;
  observedAt: number;
}

/** Sort order of list endpoints (Extend's `sortDir`). */
export type SortDir = "asc" | "desc";

/** Where the previous page stopped: the sort value and id of its last item. */
export interface PageCursor {
  value: string;
  id: string;
}

/** `GET /processor_runs` filters and order (Extend's names); absent filters match everything. */
export interface RunQuery {
  status?: string;
  processorId?: string;
  processorType?: string;
  sourceId?: string;
  source?: string;
  /** Case-insensitive substring of the run's file name. */
  fileNameContains?: string;
  sortBy: "createdAt" | "updatedAt";
  sortDir: SortDir;
  after: PageCursor | null;
  limit: number;
}

/** `GET /files` filters and order (always by createdAt). */
export interface FileQuery {
  /** Case-insensitive substring of the file name. */
  nameContains?: string;
  sortDir: SortDir;
  after: PageCursor | null;
  limit: number;
}

/** One page; `next` is the cursor of the last item when more items follow, else null. */
export interface Page<T> {
  items: T[];
  next: PageCursor | null;
}

/** A new request's claim on an idempotency key. */
export interface IdempotencyClaim {
  fingerprint: string;
  now: number;
  /** Until when the claim holds without completion (a crashed holder's claim lapses then). */
  leaseUntil: number;
}

/** The stored answer to replay. */
export interface IdempotencyResponse {
  status: number;
  contentType: string;
  body: string;
}

/** An idempotency key's live record. */
export type IdempotencyRecord =
  | { state: "inFlight"; fingerprint: string; leaseUntil: number }
  | { state: "completed"; fingerprint: string; response: IdempotencyResponse; expiresAt: number };

/** Result of {@link ProxyStore.reserveIdempotency}. */
export type IdempotencyReservation = { state: "reserved" } | IdempotencyRecord;

/** A token bucket's shape. */
export interface BucketSpec {
  ratePerSec: number;
  burst: number;
  /**
   * When set, a take that finds too few tokens may reserve a future slot instead of failing, as long as
   * the slot is at most `queueMs` away: the bucket goes into debt and the result is `ok` with `waitMs`.
   * One store call then queues callers in arrival order (the upstream governor's short-burst queue).
   */
  queueMs?: number;
}

/** Result of {@link ProxyStore.take}. */
export interface TakeResult {
  ok: boolean;
  /** 0 when ok; otherwise ms until `cost` tokens are available. */
  retryAfterMs: number;
  /** Tokens left after this call (negative while queued slots are outstanding). */
  remaining: number;
  /** With `queueMs`: how long the caller waits for its reserved slot (0 when a token was there). */
  waitMs?: number;
}
