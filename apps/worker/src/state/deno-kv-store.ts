import { type BucketState, fullAt, takeTokens } from "./bucket.ts";
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

/** The part of `Deno.Kv` this store uses, declared structurally so shared code never sees Deno types. */
export interface KvLike {
  get<T = unknown>(key: KvKey): Promise<{ value: T | null; versionstamp: string | null }>;
  set(key: KvKey, value: unknown, options?: { expireIn?: number }): Promise<unknown>;
  delete(key: KvKey): Promise<void>;
  list<T = unknown>(selector: { prefix: KvKey }): AsyncIterable<{ key: KvKey; value: T }>;
  atomic(): KvAtomic;
}

/** A Deno KV key. */
export type KvKey = readonly (string | number)[];

/** The part of `Deno.AtomicOperation` this store uses. */
export interface KvAtomic {
  check(...checks: { key: KvKey; versionstamp: string | null }[]): KvAtomic;
  set(key: KvKey, value: unknown, options?: { expireIn?: number }): KvAtomic;
  delete(key: KvKey): KvAtomic;
  commit(): Promise<{ ok: boolean }>;
}

/** Deno KV values are limited to 64 KiB: a stored response body is split into chunks of this many chars. */
const CHUNK_CHARS = 16 * 1024;
/** An atomic commit is limited in size too; bodies beyond this are not stored (the key is released). */
const MAX_BODY_CHARS = 40 * CHUNK_CHARS;

/** Longer than any idempotency retention (24 h). */
const RETENTION_CEILING_MS = 25 * 3600 * 1000;

type StoredIdempotency =
  | { state: "inFlight"; fingerprint: string; leaseUntil: number }
  | {
      state: "completed";
      fingerprint: string;
      expiresAt: number;
      status: number;
      contentType: string;
      chunks: number;
    };

/**
 * {@link ProxyStore} on Deno KV (SQLite locally, distributed on Deno Deploy). Compare-and-set through
 * atomic `check().set().commit()` makes reservations and buckets safe across isolates; expiring
 * records also carry `expireIn`, so KV drops them by itself. Lists scan the tenant's prefix and page in
 * code (page-query.ts).
 */
export class DenoKvStore implements ProxyStore {
  readonly #kv: KvLike;

  constructor(kv: KvLike) {
    this.#kv = kv;
  }

  async putRun(tenant: string, run: RunRecord): Promise<void> {
    await this.#kv.set(["runs", tenant, run.id], run);
  }

  async getRun(tenant: string, id: string): Promise<RunRecord | null> {
    return (await this.#kv.get<RunRecord>(["runs", tenant, id])).value;
  }

  async deleteRun(tenant: string, id: string): Promise<void> {
    await this.#kv.delete(["runs", tenant, id]);
  }

  async listRuns(tenant: string, query: RunQuery): Promise<Page<RunRecord>> {
    return pageOfRuns(await this.#all<RunRecord>(["runs", tenant]), query);
  }

  async putFile(tenant: string, file: FileRecord): Promise<void> {
    await this.#kv.set(["files", tenant, file.id], file);
  }

  async getFile(tenant: string, id: string): Promise<FileRecord | null> {
    return (await this.#kv.get<FileRecord>(["files", tenant, id])).value;
  }

  async deleteFile(tenant: string, id: string): Promise<void> {
    await this.#kv.delete(["files", tenant, id]);
  }

  async listFiles(tenant: string, query: FileQuery): Promise<Page<FileRecord>> {
    return pageOfFiles(await this.#all<FileRecord>(["files", tenant]), query);
  }

  async #all<T>(prefix: KvKey): Promise<T[]> {
    const values: T[] = [];
    for await (const entry of this.#kv.list<T>({ prefix })) values.push(entry.value);
    return values;
  }

  async reserveIdempotency(
    tenant: string,
    key: string,
    claim: IdempotencyClaim,
  ): Promise<IdempotencyReservation> {
    const recordKey = ["idem", tenant, key];
    for (;;) {
      const current = await this.#kv.get<StoredIdempotency>(recordKey);
      const live = current.value === null ? null : await this.#live(tenant, key, current.value, claim.now);
      if (live !== null) return live;
      const record: StoredIdempotency = {
        state: "inFlight",
        fingerprint: claim.fingerprint,
        leaseUntil: claim.leaseUntil,
      };
      const { ok } = await this.#kv
        .atomic()
        .check({ key: recordKey, versionstamp: current.versionstamp })
        .set(recordKey, record, { expireIn: Math.max(1, claim.leaseUntil - claim.now) })
        .commit();
      if (ok) return { state: "reserved" };
    }
  }

  async completeIdempotency(
    tenant: string,
    key: string,
    response: IdempotencyResponse,
    expiresAt: number,
  ): Promise<void> {
    const recordKey = ["idem", tenant, key];
    const current = await this.#kv.get<StoredIdempotency>(recordKey);
    if (current.value === null) return;
    if (response.body.length > MAX_BODY_CHARS) {
      await this.releaseIdempotency(tenant, key, current.value.fingerprint);
      return;
    }
    // KV's expiry only collects garbage (reads check `expiresAt` on the store's clock), so it just has to
    // outlast the longest retention the proxy uses.
    const expireIn = RETENTION_CEILING_MS;
    const chunks = Math.max(1, Math.ceil(response.body.length / CHUNK_CHARS));
    let op = this.#kv.atomic().check({ key: recordKey, versionstamp: current.versionstamp });
    for (let i = 0; i < chunks; i++) {
      op = op.set(["idemBody", tenant, key, i], response.body.slice(i * CHUNK_CHARS, (i + 1) * CHUNK_CHARS), {
        expireIn,
      });
    }
    const record: StoredIdempotency = {
      state: "completed",
      fingerprint: current.value.fingerprint,
      expiresAt,
      status: response.status,
      contentType: response.contentType,
      chunks,
    };
    await op.set(recordKey, record, { expireIn }).commit();
  }

  async releaseIdempotency(tenant: string, key: string, fingerprint: string): Promise<void> {
    const recordKey = ["idem", tenant, key];
    const current = await this.#kv.get<StoredIdempotency>(recordKey);
    if (current.value?.state !== "inFlight" || current.value.fingerprint !== fingerprint) return;
    await this.#kv
      .atomic()
      .check({ key: recordKey, versionstamp: current.versionstamp })
      .delete(recordKey)
      .commit();
  }

  async lookupIdempotency(tenant: string, key: string, now: number): Promise<IdempotencyRecord | null> {
    const current = await this.#kv.get<StoredIdempotency>(["idem", tenant, key]);
    return current.value === null ? null : this.#live(tenant, key, current.value, now);
  }

  /** The record as the interface shows it, or null once expired (KV's own expiry is lazy). */
  async #live(
    tenant: string,
    key: string,
    record: StoredIdempotency,
    now: number,
  ): Promise<IdempotencyRecord | null> {
    if (record.state === "inFlight") return record.leaseUntil > now ? record : null;
    if (record.expiresAt <= now) return null;
    let body = "";
    for (let i = 0; i < record.chunks; i++) {
      const chunk = await this.#kv.get<string>(["idemBody", tenant, key, i]);
      if (chunk.value === null) return null;
      body += chunk.value;
    }
    return {
      state: "completed",
      fingerprint: record.fingerprint,
      expiresAt: record.expiresAt,
      response: { status: record.status, contentType: record.contentType, body },
    };
  }

  async take(key: string, bucket: BucketSpec, now: number, cost = 1): Promise<TakeResult> {
    const bucketKey = ["bucket", key];
    for (;;) {
      const current = await this.#kv.get<BucketState>(bucketKey);
      const { state, result } = takeTokens(current.value, bucket, now, cost);
      // A full bucket is the same as no bucket: let KV drop it once it has refilled.
      const idleMs = Math.min(Math.max(1, fullAt(state, bucket) - now) + 1000, 30 * 86_400_000);
      const { ok } = await this.#kv
        .atomic()
        .check({ key: bucketKey, versionstamp: current.versionstamp })
        .set(bucketKey, state, { expireIn: idleMs })
        .commit();
      if (ok) return result;
    }
  }

  async rememberOnce(key: string, ttlMs: number, now: number): Promise<boolean> {
    const seenKey = ["seen", key];
    for (;;) {
      const current = await this.#kv.get<number>(seenKey);
      if (current.value !== null && current.value > now) return false;
      const { ok } = await this.#kv
        .atomic()
        .check({ key: seenKey, versionstamp: current.versionstamp })
        .set(seenKey, now + ttlMs, { expireIn: ttlMs })
        .commit();
      if (ok) return true;
    }
  }
}
