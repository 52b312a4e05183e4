import type { SqlDriver } from "./sql-driver.ts";
import { SqlState } from "./sql-state.ts";
import type {
  BucketSpec,
  FileQuery,
  FileRecord,
  IdempotencyClaim,
  IdempotencyRecord,
  IdempotencyReservation,
  IdempotencyResponse,
  Page,
  ProxyStore,
  RunQuery,
  RunRecord,
  TakeResult,
} from "./store.ts";

/** {@link ProxyStore} over one SQLite database (bun:sqlite): every call is one synchronous statement set. */
export class SqlStore implements ProxyStore {
  readonly #state: SqlState;

  constructor(db: SqlDriver) {
    this.#state = new SqlState(db);
  }

  async putRun(tenant: string, run: RunRecord): Promise<void> {
    this.#state.putRun(tenant, run);
  }
  async getRun(tenant: string, id: string): Promise<RunRecord | null> {
    return this.#state.getRun(tenant, id);
  }
  async deleteRun(tenant: string, id: string): Promise<void> {
    this.#state.deleteRun(tenant, id);
  }
  async listRuns(tenant: string, query: RunQuery): Promise<Page<RunRecord>> {
    return this.#state.listRuns(tenant, query);
  }
  async putFile(tenant: string, file: FileRecord): Promise<void> {
    this.#state.putFile(tenant, file);
  }
  async getFile(tenant: string, id: string): Promise<FileRecord | null> {
    return this.#state.getFile(tenant, id);
  }
  async deleteFile(tenant: string, id: string): Promise<void> {
    this.#state.deleteFile(tenant, id);
  }
  async listFiles(tenant: string, query: FileQuery): Promise<Page<FileRecord>> {
    return this.#state.listFiles(tenant, query);
  }
  async reserveIdempotency(
    tenant: string,
    key: string,
    claim: IdempotencyClaim,
  ): Promise<IdempotencyReservation> {
    return this.#state.reserveIdempotency(tenant, key, claim);
  }
  async completeIdempotency(
    tenant: string,
    key: string,
    response: IdempotencyResponse,
    expiresAt: number,
  ): Promise<void> {
    this.#state.completeIdempotency(tenant, key, response, expiresAt);
  }
  async releaseIdempotency(tenant: string, key: string, fingerprint: string): Promise<void> {
    this.#state.releaseIdempotency(tenant, key, fingerprint);
  }
  async lookupIdempotency(tenant: string, key: string, now: number): Promise<IdempotencyRecord | null> {
    return this.#state.lookupIdempotency(tenant, key, now);
  }
  async take(key: string, bucket: BucketSpec, now: number, cost?: number): Promise<TakeResult> {
    return this.#state.take(key, bucket, now, cost);
  }
  async rememberOnce(key: string, ttlMs: number, now: number): Promise<boolean> {
    return this.#state.rememberOnce(key, ttlMs, now);
  }
}
