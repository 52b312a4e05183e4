import { fullAt, takeTokens } from "./bucket.ts";
import type { SqlDriver, SqlValue } from "./sql-driver.ts";
import type {
  BucketSpec,
  FileQuery,
  FileRecord,
  IdempotencyClaim,
  IdempotencyRecord,
  IdempotencyReservation,
  IdempotencyResponse,
  Page,
  PageCursor,
  RunQuery,
  RunRecord,
  TakeResult,
} from "./store.ts";

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS runs (tenant TEXT NOT NULL, id TEXT NOT NULL, status TEXT NOT NULL,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, processor_id TEXT NOT NULL, processor_type TEXT,
    source TEXT, source_id TEXT, file_name TEXT, observed_at INTEGER NOT NULL, summary TEXT NOT NULL,
    PRIMARY KEY (tenant, id))`,
  "CREATE INDEX IF NOT EXISTS runs_by_created ON runs (tenant, created_at, id)",
  "CREATE INDEX IF NOT EXISTS runs_by_updated ON runs (tenant, updated_at, id)",
  `CREATE TABLE IF NOT EXISTS files (tenant TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL,
    created_at TEXT NOT NULL, observed_at INTEGER NOT NULL, file TEXT NOT NULL, PRIMARY KEY (tenant, id))`,
  "CREATE INDEX IF NOT EXISTS files_by_created ON files (tenant, created_at, id)",
  `CREATE TABLE IF NOT EXISTS idempotency (tenant TEXT NOT NULL, key TEXT NOT NULL, state TEXT NOT NULL,
    fingerprint TEXT NOT NULL, until INTEGER NOT NULL, status INTEGER, content_type TEXT, body TEXT,
    PRIMARY KEY (tenant, key))`,
  "CREATE INDEX IF NOT EXISTS idempotency_until ON idempotency (until)",
  `CREATE TABLE IF NOT EXISTS token_buckets (key TEXT PRIMARY KEY, tokens REAL NOT NULL,
    updated_at INTEGER NOT NULL, full_at INTEGER NOT NULL)`,
  "CREATE INDEX IF NOT EXISTS token_buckets_full_at ON token_buckets (full_at)",
  "CREATE TABLE IF NOT EXISTS seen (key TEXT PRIMARY KEY, until INTEGER NOT NULL)",
  "CREATE INDEX IF NOT EXISTS seen_until ON seen (until)",
];

/** Sort columns by Extend's `sortBy`; never built from client text. */
const SORT_COLUMNS = { createdAt: "created_at", updatedAt: "updated_at" } as const;

function str(value: SqlValue | undefined): string {
  return typeof value === "string" ? value : String(value ?? "");
}

function optional(value: SqlValue | undefined): string | null {
  return typeof value === "string" ? value : null;
}

function runFromRow(row: Record<string, SqlValue>): RunRecord {
  return {
    id: str(row["id"]),
    summary: JSON.parse(str(row["summary"])) as Record<string, unknown>,
    status: str(row["status"]),
    createdAt: str(row["created_at"]),
    updatedAt: str(row["updated_at"]),
    processorId: str(row["processor_id"]),
    processorType: optional(row["processor_type"]),
    source: optional(row["source"]),
    sourceId: optional(row["source_id"]),
    fileName: optional(row["file_name"]),
    observedAt: Number(row["observed_at"]),
  };
}

function fileFromRow(row: Record<string, SqlValue>): FileRecord {
  return {
    id: str(row["id"]),
    file: JSON.parse(str(row["file"])) as Record<string, unknown>,
    name: str(row["name"]),
    createdAt: str(row["created_at"]),
    observedAt: Number(row["observed_at"]),
  };
}

/** `(col, id)` strictly after the cursor in the page order. */
function afterClause(
  column: string,
  dir: "asc" | "desc",
  after: PageCursor | null,
  params: SqlValue[],
): string {
  if (after === null) return "";
  const op = dir === "asc" ? ">" : "<";
  params.push(after.value, after.value, after.id);
  return ` AND (${column} ${op} ? OR (${column} = ? AND id ${op} ?))`;
}

function page<T>(
  rows: Record<string, SqlValue>[],
  limit: number,
  map: (row: Record<string, SqlValue>) => T,
  cursor: (item: T) => PageCursor,
): Page<T> {
  const items = rows.slice(0, limit).map(map);
  const last = items.at(-1);
  return { items, next: rows.length > limit && last !== undefined ? cursor(last) : null };
}

/**
 * The store's rules in SQL, synchronous, over any {@link SqlDriver}. A Durable Object calls it from its
 * RPC methods (one object per tenant, or per counter shard); bun:sqlite wraps it in {@link SqlStore}.
 * Name filters fold case with SQLite's `lower()`, which folds ASCII letters only.
 */
export class SqlState {
  readonly #db: SqlDriver;

  constructor(db: SqlDriver) {
    this.#db = db;
    for (const statement of SCHEMA) db.all(statement);
  }

  putRun(tenant: string, run: RunRecord): void {
    this.#db.all(
      `INSERT OR REPLACE INTO runs (tenant, id, status, created_at, updated_at, processor_id, processor_type,
        source, source_id, file_name, observed_at, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      tenant,
      run.id,
      run.status,
      run.createdAt,
      run.updatedAt,
      run.processorId,
      run.processorType,
      run.source,
      run.sourceId,
      run.fileName,
      run.observedAt,
      JSON.stringify(run.summary),
    );
  }

  getRun(tenant: string, id: string): RunRecord | null {
    const row = this.#db.all("SELECT * FROM runs WHERE tenant = ? AND id = ?", tenant, id)[0];
    return row === undefined ? null : runFromRow(row);
  }

  deleteRun(tenant: string, id: string): void {
    this.#db.all("DELETE FROM runs WHERE tenant = ? AND id = ?", tenant, id);
  }

  listRuns(tenant: string, query: RunQuery): Page<RunRecord> {
    const column = SORT_COLUMNS[query.sortBy];
    const params: SqlValue[] = [tenant];
    let where = "tenant = ?";
    const equal = [
      ["status", query.status],
      ["processor_id", query.processorId],
      ["processor_type", query.processorType],
      ["source_id", query.sourceId],
      ["source", query.source],
    ] as const;
    for (const [name, value] of equal) {
      if (value === undefined) continue;
      where += ` AND ${name} = ?`;
      params.push(value);
    }
    if (query.fileNameContains !== undefined) {
      where += " AND instr(lower(file_name), lower(?)) > 0";
      params.push(query.fileNameContains);
    }
    where += afterClause(column, query.sortDir, query.after, params);
    const dir = query.sortDir === "asc" ? "ASC" : "DESC";
    params.push(query.limit + 1);
    const rows = this.#db.all(
      `SELECT * FROM runs WHERE ${where} ORDER BY ${column} ${dir}, id ${dir} LIMIT ?`,
      ...params,
    );
    return page(rows, query.limit, runFromRow, (run) => ({
      value: query.sortBy === "createdAt" ? run.createdAt : run.updatedAt,
      id: run.id,
    }));
  }

  putFile(tenant: string, file: FileRecord): void {
    this.#db.all(
      "INSERT OR REPLACE INTO files (tenant, id, name, created_at, observed_at, file) VALUES (?, ?, ?, ?, ?, ?)",
      tenant,
      file.id,
      file.name,
      file.createdAt,
      file.observedAt,
      JSON.stringify(file.file),
    );
  }

  getFile(tenant: string, id: string): FileRecord | null {
    const row = this.#db.all("SELECT * FROM files WHERE tenant = ? AND id = ?", tenant, id)[0];
    return row === undefined ? null : fileFromRow(row);
  }

  deleteFile(tenant: string, id: string): void {
    this.#db.all("DELETE FROM files WHERE tenant = ? AND id = ?", tenant, id);
  }

  listFiles(tenant: string, query: FileQuery): Page<FileRecord> {
    const params: SqlValue[] = [tenant];
    let where = "tenant = ?";
    if (query.nameContains !== undefined) {
      where += " AND instr(lower(name), lower(?)) > 0";
      params.push(query.nameContains);
    }
    where += afterClause("created_at", query.sortDir, query.after, params);
    const dir = query.sortDir === "asc" ? "ASC" : "DESC";
    params.push(query.limit + 1);
    const rows = this.#db.all(
      `SELECT * FROM files WHERE ${where} ORDER BY created_at ${dir}, id ${dir} LIMIT ?`,
      ...params,
    );
    return page(rows, query.limit, fileFromRow, (file) => ({ value: file.createdAt, id: file.id }));
  }

  reserveIdempotency(tenant: string, key: string, claim: IdempotencyClaim): IdempotencyReservation {
    return this.#db.transaction(() => {
      const existing = this.lookupIdempotency(tenant, key, claim.now);
      if (existing !== null) return existing;
      this.#db.all("DELETE FROM idempotency WHERE until <= ?", claim.now);
      this.#db.all(
        "INSERT OR REPLACE INTO idempotency (tenant, key, state, fingerprint, until) VALUES (?, ?, 'inFlight', ?, ?)",
        tenant,
        key,
        claim.fingerprint,
        claim.leaseUntil,
      );
      return { state: "reserved" } as const;
    });
  }

  completeIdempotency(tenant: string, key: string, response: IdempotencyResponse, expiresAt: number): void {
    this.#db.all(
      `UPDATE idempotency SET state = 'completed', until = ?, status = ?, content_type = ?, body = ?
        WHERE tenant = ? AND key = ?`,
      expiresAt,
      response.status,
      response.contentType,
      response.body,
      tenant,
      key,
    );
  }

  releaseIdempotency(tenant: string, key: string, fingerprint: string): void {
    this.#db.all(
      "DELETE FROM idempotency WHERE tenant = ? AND key = ? AND state = 'inFlight' AND fingerprint = ?",
      tenant,
      key,
      fingerprint,
    );
  }

  lookupIdempotency(tenant: string, key: string, now: number): IdempotencyRecord | null {
    const row = this.#db.all(
      "SELECT * FROM idempotency WHERE tenant = ? AND key = ? AND until > ?",
      tenant,
      key,
      now,
    )[0];
    if (row === undefined) return null;
    const fingerprint = str(row["fingerprint"]);
    const until = Number(row["until"]);
    if (row["state"] !== "completed") return { state: "inFlight", fingerprint, leaseUntil: until };
    return {
      state: "completed",
      fingerprint,
      expiresAt: until,
      response: {
        status: Number(row["status"]),
        contentType: str(row["content_type"]),
        body: str(row["body"]),
      },
    };
  }

  take(key: string, bucket: BucketSpec, now: number, cost = 1): TakeResult {
    return this.#db.transaction(() => {
      // A bucket that has refilled completely is the same as none: forget those (this one included).
      this.#db.all("DELETE FROM token_buckets WHERE full_at <= ?", now);
      const row = this.#db.all("SELECT tokens, updated_at FROM token_buckets WHERE key = ?", key)[0];
      const previous =
        row === undefined ? null : { tokens: Number(row["tokens"]), updatedAt: Number(row["updated_at"]) };
      const { state, result } = takeTokens(previous, bucket, now, cost);
      this.#db.all(
        "INSERT OR REPLACE INTO token_buckets (key, tokens, updated_at, full_at) VALUES (?, ?, ?, ?)",
        key,
        state.tokens,
        state.updatedAt,
        fullAt(state, bucket),
      );
      return result;
    });
  }

  rememberOnce(key: string, ttlMs: number, now: number): boolean {
    return this.#db.transaction(() => {
      this.#db.all("DELETE FROM seen WHERE until <= ?", now);
      const seen = this.#db.all("SELECT until FROM seen WHERE key = ?", key)[0];
      if (seen !== undefined) return false;
      this.#db.all("INSERT INTO seen (key, until) VALUES (?, ?)", key, now + ttlMs);
      return true;
    });
  }
}
