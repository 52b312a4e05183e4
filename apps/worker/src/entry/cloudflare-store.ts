// The ProxyStore on Durable Objects: routes each call to the object that owns its data.
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
} from "../state/store.ts";
import type { CounterState, TenantState } from "./cloudflare-objects.ts";

/** Replay keys are spread over this many objects (webhook deliveries are few; one object per key is waste). */
const REPLAY_SHARDS = 8;

function shardOf(key: string): number {
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (Math.imul(hash, 31) + key.charCodeAt(i)) | 0;
  return Math.abs(hash) % REPLAY_SHARDS;
}

/** {@link ProxyStore} over the `TENANT_STATE` and `COUNTER_STATE` Durable Object namespaces. */
export class DurableObjectStore implements ProxyStore {
  readonly #tenants: DurableObjectNamespace<TenantState>;
  readonly #counters: DurableObjectNamespace<CounterState>;

  constructor(tenants: DurableObjectNamespace<TenantState>, counters: DurableObjectNamespace<CounterState>) {
    this.#tenants = tenants;
    this.#counters = counters;
  }

  #tenant(tenant: string): DurableObjectStub<TenantState> {
    return this.#tenants.get(this.#tenants.idFromName(tenant));
  }

  #counter(name: string): DurableObjectStub<CounterState> {
    return this.#counters.get(this.#counters.idFromName(name));
  }

  async putRun(tenant: string, run: RunRecord): Promise<void> {
    await this.#tenant(tenant).putRun(tenant, run);
  }
  async getRun(tenant: string, id: string): Promise<RunRecord | null> {
    return (await this.#tenant(tenant).getRun(tenant, id)) as RunRecord | null;
  }
  async deleteRun(tenant: string, id: string): Promise<void> {
    await this.#tenant(tenant).deleteRun(tenant, id);
  }
  async listRuns(tenant: string, query: RunQuery): Promise<Page<RunRecord>> {
    return (await this.#tenant(tenant).listRuns(tenant, query)) as Page<RunRecord>;
  }
  async putFile(tenant: string, file: FileRecord): Promise<void> {
    await this.#tenant(tenant).putFile(tenant, file);
  }
  async getFile(tenant: string, id: string): Promise<FileRecord | null> {
    return (await this.#tenant(tenant).getFile(tenant, id)) as FileRecord | null;
  }
  async deleteFile(tenant: string, id: string): Promise<void> {
    await this.#tenant(tenant).deleteFile(tenant, id);
  }
  async listFiles(tenant: string, query: FileQuery): Promise<Page<FileRecord>> {
    return (await this.#tenant(tenant).listFiles(tenant, query)) as Page<FileRecord>;
  }
  async reserveIdempotency(
    tenant: string,
    key: string,
    claim: IdempotencyClaim,
  ): Promise<IdempotencyReservation> {
    return (await this.#tenant(tenant).reserveIdempotency(tenant, key, claim)) as IdempotencyReservation;
  }
  async completeIdempotency(
    tenant: string,
    key: string,
    response: IdempotencyResponse,
    expiresAt: number,
  ): Promise<void> {
    await this.#tenant(tenant).completeIdempotency(tenant, key, response, expiresAt);
  }
  async releaseIdempotency(tenant: string, key: string, fingerprint: string): Promise<void> {
    await this.#tenant(tenant).releaseIdempotency(tenant, key, fingerprint);
  }
  async lookupIdempotency(tenant: string, key: string, now: number): Promise<IdempotencyRecord | null> {
    return (await this.#tenant(tenant).lookupIdempotency(tenant, key, now)) as IdempotencyRecord | null;
  }
  async take(key: string, bucket: BucketSpec, now: number, cost?: number): Promise<TakeResult> {
    return (await this.#counter(`bucket:${key}`).take(key, bucket, now, cost)) as TakeResult;
  }
  async rememberOnce(key: string, ttlMs: number, now: number): Promise<boolean> {
    return (await this.#counter(`replay:${shardOf(key)}`).rememberOnce(key, ttlMs, now)) as boolean;
  }
}
