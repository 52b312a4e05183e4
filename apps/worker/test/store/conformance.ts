// One behaviour every ProxyStore backend must have, written without a test framework so the same checks
// run in workerd (Durable Objects), on deno (Deno KV) and on bun (bun:sqlite). Every time is explicit, so
// expiry is checked without waiting.
import type { ProxyStore, RunRecord } from "../../src/state/store.ts";

function equal(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

function run(id: string, createdAt: string, updatedAt: string, extra: Partial<RunRecord> = {}): RunRecord {
  return {
    id,
    summary: { id, status: extra.status ?? "PROCESSED" },
    status: "PROCESSED",
    createdAt,
    updatedAt,
    processorId: "dp_a",
    processorType: "EXTRACT",
    source: "API",
    sourceId: null,
    fileName: null,
    observedAt: 1,
    ...extra,
  };
}

/** Runs every check against a fresh store (a unique tenant prefix keeps repeated runs apart). */
export async function checkStore(store: ProxyStore, prefix: string): Promise<number> {
  let checks = 0;
  const t = `${prefix}-t`;
  const other = `${prefix}-u`;

  // Ownership and paging: ties on the sort value are ordered by id; cursors are exclusive; tenants apart.
  const at = "2026-01-01T00:00:00.000Z";
  await store.putRun(t, run("r1", at, "2026-01-03T00:00:00.000Z"));
  await store.putRun(
    t,
    run("r3", at, "2026-01-02T00:00:00.000Z", { status: "PROCESSING", fileName: "Invoice-A.pdf" }),
  );
  await store.putRun(t, run("r2", at, "2026-01-04T00:00:00.000Z", { processorId: "dp_b" }));
  await store.putRun(other, run("r9", at, at));
  equal((await store.getRun(t, "r1"))?.id, "r1", "getRun");
  equal(await store.getRun(other, "r1"), null, "another tenant's run");
  const ids: string[] = [];
  let after = null;
  for (let page = 0; page < 5; page++) {
    const got = await store.listRuns(t, { sortBy: "createdAt", sortDir: "asc", after, limit: 2 });
    ids.push(...got.items.map((item) => item.id));
    after = got.next;
    if (after === null) break;
  }
  equal(ids, ["r1", "r2", "r3"], "createdAt asc, id tie-break, pages of 2");
  const desc = await store.listRuns(t, { sortBy: "updatedAt", sortDir: "desc", after: null, limit: 10 });
  equal(
    desc.items.map((item) => item.id),
    ["r2", "r1", "r3"],
    "updatedAt desc",
  );
  equal(desc.next, null, "last page has no cursor");
  const filtered = await store.listRuns(t, {
    status: "PROCESSING",
    fileNameContains: "invoice-a",
    sortBy: "updatedAt",
    sortDir: "desc",
    after: null,
    limit: 10,
  });
  equal(
    filtered.items.map((item) => item.id),
    ["r3"],
    "status + case-insensitive file name filter",
  );
  equal(
    (
      await store.listRuns(t, {
        processorId: "dp_b",
        sortBy: "updatedAt",
        sortDir: "asc",
        after: null,
        limit: 10,
      })
    ).items.map((item) => item.id),
    ["r2"],
    "processorId filter",
  );
  await store.deleteRun(t, "r2");
  equal(await store.getRun(t, "r2"), null, "deleted run");
  checks += 8;

  // Files.
  await store.putFile(t, {
    id: "f1",
    file: { id: "f1", name: "A.txt" },
    name: "A.txt",
    createdAt: at,
    observedAt: 1,
  });
  await store.putFile(t, {
    id: "f2",
    file: { id: "f2", name: "b.txt" },
    name: "b.txt",
    createdAt: "2026-01-02T00:00:00.000Z",
    observedAt: 1,
  });
  const files = await store.listFiles(t, { sortDir: "desc", after: null, limit: 1 });
  equal(
    files.items.map((file) => file.id),
    ["f2"],
    "files newest first",
  );
  equal(files.next !== null, true, "files cursor");
  const rest = await store.listFiles(t, { sortDir: "desc", after: files.next, limit: 1 });
  equal(
    rest.items.map((file) => file.id),
    ["f1"],
    "files second page",
  );
  equal(
    (await store.listFiles(t, { nameContains: "a.T", sortDir: "asc", after: null, limit: 9 })).items.length,
    1,
    "nameContains",
  );
  equal(await store.getFile(other, "f1"), null, "another tenant's file");
  await store.deleteFile(t, "f1");
  equal(await store.getFile(t, "f1"), null, "deleted file");
  checks += 6;

  // Idempotency: reserve, concurrent claim sees in-flight, complete, replay, expiry, release, lapsed lease.
  const claim = { fingerprint: "fp", now: 1_000, leaseUntil: 61_000 };
  equal(await store.reserveIdempotency(t, "k", claim), { state: "reserved" }, "first claim");
  equal(
    (await store.reserveIdempotency(t, "k", { ...claim, fingerprint: "other" })).state,
    "inFlight",
    "second claim",
  );
  equal((await store.reserveIdempotency(other, "k", claim)).state, "reserved", "keys are per tenant");
  const response = { status: 200, contentType: "application/json", body: `{"x":"${"y".repeat(70_000)}"}` };
  await store.completeIdempotency(t, "k", response, 86_401_000);
  const done = await store.lookupIdempotency(t, "k", 2_000);
  equal(done?.state === "completed" ? done.response : null, response, "completed answer (large body)");
  equal((await store.reserveIdempotency(t, "k", { ...claim, now: 3_000 })).state, "completed", "replay");
  equal(await store.lookupIdempotency(t, "k", 86_401_000), null, "expired after retention");
  equal(
    await store.reserveIdempotency(t, "k", { ...claim, now: 86_401_000, leaseUntil: 86_461_000 }),
    { state: "reserved" },
    "reusable after expiry",
  );
  await store.releaseIdempotency(t, "k", "not-mine");
  equal(
    (await store.lookupIdempotency(t, "k", 86_402_000))?.state,
    "inFlight",
    "release needs the fingerprint",
  );
  await store.releaseIdempotency(t, "k", "fp");
  equal(await store.lookupIdempotency(t, "k", 86_402_000), null, "released");
  equal(
    await store.reserveIdempotency(t, "k2", { fingerprint: "a", now: 0, leaseUntil: 10 }),
    { state: "reserved" },
    "lease",
  );
  equal(
    await store.reserveIdempotency(t, "k2", { fingerprint: "b", now: 10, leaseUntil: 20 }),
    { state: "reserved" },
    "lapsed lease",
  );
  checks += 11;

  // Token buckets: burst, refusal with retry-after, refill; a refilled bucket behaves like a new one.
  const spec = { ratePerSec: 2, burst: 2 };
  const key = `${prefix}-bucket`;
  equal((await store.take(key, spec, 10_000)).ok, true, "take 1");
  equal((await store.take(key, spec, 10_000)).ok, true, "take 2");
  const refused = await store.take(key, spec, 10_000);
  equal([refused.ok, refused.retryAfterMs], [false, 500], "refused with retry-after");
  equal((await store.take(key, spec, 10_500)).ok, true, "refilled half a second later");
  const later = await store.take(key, spec, 100_000);
  equal([later.ok, later.remaining], [true, 1], "a long-idle bucket starts full");
  checks += 5;

  // Replay memory.
  const seen = `${prefix}-evt`;
  equal(await store.rememberOnce(seen, 1_000, 5_000), true, "first delivery");
  equal(await store.rememberOnce(seen, 1_000, 5_500), false, "replay within ttl");
  equal(await store.rememberOnce(seen, 1_000, 6_000), true, "after ttl");
  checks += 3;
  return checks;
}
