// Durable Object classes holding the proxy's state on Cloudflare (SQLite-backed: `new_sqlite_classes`
// in wrangler.jsonc). They are thin: the rules live in src/state/sql-state.ts, shared with bun:sqlite.
import { DurableObject } from "cloudflare:workers";
import type { SqlDriver, SqlValue } from "../state/sql-driver.ts";
import { SqlState } from "../state/sql-state.ts";
import type {
  BucketSpec,
  FileQuery,
  FileRecord,
  IdempotencyClaim,
  IdempotencyRecord,
  IdempotencyReservation,
  IdempotencyResponse,
  Page,
  RunQuery,
  RunRecord,
  TakeResult,
} from "../state/store.ts";

function driverFor(storage: DurableObjectStorage): SqlDriver {
  return {
    all: (sql: string, ...params: SqlValue[]) =>
      storage.sql.exec(sql, ...params).toArray() as Record<string, SqlValue>[],
    transaction: (fn) => storage.transactionSync(fn),
  };
}

/**
 * One object per tenant (named by the tenant id): ownership of its runs and files, its list index and
 * its idempotency records. A tenant's requests meet in one place, so a reservation is a plain
 * compare-and-set in a single-threaded object.
 */
export class TenantState extends DurableObject {
  readonly #state: SqlState;

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env as Cloudflare.Env);
    this.#state = new SqlState(driverFor(ctx.storage));
  }

  putRun(tenant: string, run: RunRecord): void {
    this.#state.putRun(tenant, run);
  }
  getRun(tenant: string, id: string): RunRecord | null {
    return this.#state.getRun(tenant, id);
  }
  deleteRun(tenant: string, id: string): void {
    this.#state.deleteRun(tenant, id);
  }
  listRuns(tenant: string, query: RunQuery): Page<RunRecord> {
    return this.#state.listRuns(tenant, query);
  }
  putFile(tenant: string, file: FileRecord): void {
    this.#state.putFile(tenant, file);
  }
  getFile(tenant: string, id: string): FileRecord | null {
    return this.#state.getFile(tenant, id);
  }
  deleteFile(tenant: string, id: string): void {
    this.#state.deleteFile(tenant, id);
  }
  listFiles(tenant: string, query: FileQuery): Page<FileRecord> {
    return this.#state.listFiles(tenant, query);
  }
  reserveIdempotency(tenant: string, key: string, claim: IdempotencyClaim): IdempotencyReservation {
    return this.#state.reserveIdempotency(tenant, key, claim);
  }
  completeIdempotency(tenant: string, key: string, response: IdempotencyResponse, expiresAt: number): void {
    this.#state.completeIdempotency(tenant, key, response, expiresAt);
  }
  releaseIdempotency(tenant: string, key: string, fingerprint: string): void {
    this.#state.releaseIdempotency(tenant, key, fingerprint);
  }
  lookupIdempotency(tenant: string, key: string, now: number): IdempotencyRecord | null {
    return this.#state.lookupIdempotency(tenant, key, now);
  }
}

/**
 * Counters and replay memory. Each token bucket gets its own object (named by its key), so unrelated
 * limits never queue behind each other; replay memory shares one object per shard.
 */
export class CounterState extends DurableObject {
  readonly #state: SqlState;

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env as Cloudflare.Env);
    this.#state = new SqlState(driverFor(ctx.storage));
  }

  take(key: string, bucket: BucketSpec, now: number, cost?: number): TakeResult {
    return this.#state.take(key, bucket, now, cost);
  }
  rememberOnce(key: string, ttlMs: number, now: number): boolean {
    return this.#state.rememberOnce(key, ttlMs, now);
  }
}
