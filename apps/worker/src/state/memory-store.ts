import { type BucketState, takeTokens } from "./bucket.ts";
import { pageOfFiles, pageOfRuns } from "./page-query.ts";
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

/**
 * The store in one process's memory. It holds nothing across restarts or isolates, so no runtime entry
 * uses it: it is `createProxy`'s default for tests and embedding, where one process is the whole proxy.
 */
export class MemoryStore implements ProxyStore {
  readonly #runs = new Map<string, Map<string, RunRecord>>();
  readonly #files = new Map<string, Map<string, FileRecord>>();
  readonly #idempotency = new Map<string, IdempotencyRecord>();
  readonly #buckets = new Map<string, BucketState>();
  readonly #seen = new Map<string, number>();

  #tenantMap<T>(maps: Map<string, Map<string, T>>, tenant: string): Map<string, T> {
    let map = maps.get(tenant);
    if (map === undefined) {
      map = new Map();
      maps.set(tenant, map);
    }
    return map;
  }

  async putRun(tenant: string, run: RunRecord): Promise<void> {
    this.#tenantMap(this.#runs, tenant).set(run.id, structuredClone(run));
  }

  async getRun(tenant: string, id: string): Promise<RunRecord | null> {
    const run = this.#runs.get(tenant)?.get(id);
    return run === undefined ? null : structuredClone(run);
  }

  async deleteRun(tenant: string, id: string): Promise<void> {
    this.#runs.get(tenant)?.delete(id);
  }

  async listRuns(tenant: string, query: RunQuery): Promise<Page<RunRecord>> {
    return structuredClone(pageOfRuns([...(this.#runs.get(tenant)?.values() ?? [])], query));
  }

  async putFile(tenant: string, file: FileRecord): Promise<void> {
    this.#tenantMap(this.#files, tenant).set(file.id, structuredClone(file));
  }

  async getFile(tenant: string, id: string): Promise<FileRecord | null> {
    const file = this.#files.get(tenant)?.get(id);
    return file === undefined ? null : structuredClone(file);
  }

  async deleteFile(tenant: string, id: string): Promise<void> {
    this.#files.get(tenant)?.delete(id);
  }

  async listFiles(tenant: string, query: FileQuery): Promise<Page<FileRecord>> {
    return structuredClone(pageOfFiles([...(this.#files.get(tenant)?.values() ?? [])], query));
  }

  async reserveIdempotency(
    tenant: string,
    key: string,
    claim: IdempotencyClaim,
  ): Promise<IdempotencyReservation> {
    const existing = await this.lookupIdempotency(tenant, key, claim.now);
    if (existing !== null) return existing;
    this.#idempotency.set(JSON.stringify([tenant, key]), {
      state: "inFlight",
      fingerprint: claim.fingerprint,
      leaseUntil: claim.leaseUntil,
    });
    return { state: "reserved" };
  }

  async completeIdempotency(
    tenant: string,
    key: string,
    response: IdempotencyResponse,
    expiresAt: number,
  ): Promise<void> {
    const id = JSON.stringify([tenant, key]);
    const record = this.#idempotency.get(id);
    if (record === undefined) return;
    this.#idempotency.set(id, { state: "completed", fingerprint: record.fingerprint, response, expiresAt });
  }

  async releaseIdempotency(tenant: string, key: string, fingerprint: string): Promise<void> {
    const id = JSON.stringify([tenant, key]);
    const record = this.#idempotency.get(id);
    if (record?.state === "inFlight" && record.fingerprint === fingerprint) this.#idempotency.delete(id);
  }

  async lookupIdempotency(tenant: string, key: string, now: number): Promise<IdempotencyRecord | null> {
    const record = this.#idempotency.get(JSON.stringify([tenant, key]));
    if (record === undefined) return null;
    const until = record.state === "inFlight" ? record.leaseUntil : record.expiresAt;
    return until > now ? structuredClone(record) : null;
  }

  async take(key: string, bucket: BucketSpec, now: number, cost = 1): Promise<TakeResult> {
    const { state, result } = takeTokens(this.#buckets.get(key) ?? null, bucket, now, cost);
    this.#buckets.set(key, state);
    return result;
  }

  async rememberOnce(key: string, ttlMs: number, now: number): Promise<boolean> {
    const until = this.#seen.get(key);
    if (until !== undefined && until > now) return false;
    this.#seen.set(key, now + ttlMs);
    return true;
  }
}
