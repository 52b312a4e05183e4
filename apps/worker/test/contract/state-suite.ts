// Issue 13 §2, §3, S8 and the health route, run unchanged against workerd (Durable Objects), Deno (KV) and
// Bun (SQLite): tenant listing with Extend's semantics, idempotent creates, ownership from the proxy's
// own records.
import { describe, expect, it } from "vitest";
import { ALLOWED_ORIGIN, INVOICE, TOKENS } from "../fixtures.ts";
import {
  bearer,
  call,
  createFinishedRun,
  createRun,
  emulator,
  journal,
  type ProxyTarget,
  type Reply,
  runOf,
  uploadForm,
  waitForTerminal,
  webhookRequest,
} from "./harness.ts";

type Item = Record<string, unknown>;

/** Several creates and pages per test: generous on a loaded machine (the assertions count, never time). */
const SLOW = { timeout: 30_000 };

/** Every item of a tenant's list, page by page, with the pages' sizes. */
async function listAll(target: ProxyTarget, token: string, path: string, key: string, query: string) {
  const items: Item[] = [];
  const sizes: number[] = [];
  let next: string | null = null;
  for (let page = 0; page < 100; page++) {
    const sep = query === "" ? "" : "&";
    const tokenPart = next === null ? "" : `${sep}nextPageToken=${encodeURIComponent(next)}`;
    const reply = await call(target, `${path}?${query}${tokenPart}`, { headers: bearer(token) });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json["success"]).toBe(true);
    const pageItems = reply.json[key] as Item[];
    items.push(...pageItems);
    sizes.push(pageItems.length);
    next = reply.json["nextPageToken"] as string | null;
    expect(next === null || typeof next === "string").toBe(true);
    if (next === null) return { items, sizes };
  }
  throw new Error("too many pages");
}

function idsOf(items: Item[]): unknown[] {
  return items.map((item) => item["id"]);
}

function upload(target: ProxyTarget, token: string, name: string, headers: Record<string, string> = {}) {
  return call(target, "/files/upload", {
    method: "POST",
    headers: bearer(token, headers),
    body: uploadForm(name, `content of ${name}`),
  });
}

function fileOf(reply: Reply): Item {
  const file = reply.json["file"] as Item | undefined;
  expect(file, reply.text).toBeDefined();
  return file!;
}

function unique(label: string): string {
  return `${label}-${crypto.randomUUID()}`;
}

/** Upstream POST /processor_runs that created `runId` (the journal names the run it created). */
async function creates(target: ProxyTarget, runId: unknown): Promise<number> {
  return (await journal(target)).filter(
    (entry) => entry["method"] === "POST" && entry["path"] === "/processor_runs" && entry["runId"] === runId,
  ).length;
}

/** Registers the durable-state tests for one runtime. */
export function stateSuite(getTarget: () => ProxyTarget): void {
  describe("state: tenant listing (§2)", SLOW, () => {
    it("lists only the caller's runs, in Extend's shape, page by page in creation order", async () => {
      const target = getTarget();
      const marker = unique("list");
      const mine: string[] = [];
      for (let i = 0; i < 3; i++) {
        const reply = await createRun(target, TOKENS.alpha, {
          processorId: INVOICE,
          rawText: `${marker} ${i}`,
        });
        mine.push(String(runOf(reply)["id"]));
      }
      const theirs = String(
        runOf(await createRun(target, TOKENS.beta, { processorId: INVOICE, rawText: marker }))["id"],
      );
      const { items, sizes } = await listAll(
        target,
        TOKENS.alpha,
        "/processor_runs",
        "processorRuns",
        "sortBy=createdAt&sortDir=asc&maxPageSize=2",
      );
      expect(sizes.every((size) => size <= 2)).toBe(true);
      const ids = idsOf(items);
      expect(ids).not.toContain(theirs);
      expect(ids.filter((id) => mine.includes(String(id)))).toEqual(mine);
      expect(new Set(ids).size).toBe(ids.length);
      const summary = items.find((item) => item["id"] === mine[0])!;
      expect(summary).toMatchObject({ processorId: INVOICE, type: "EXTRACT", source: "API" });
      for (const field of ["status", "processorName", "processorVersionId", "createdAt", "updatedAt"]) {
        expect(summary[field], field).toBeDefined();
      }
      // A list item is a summary, never the run with its output or metadata.
      expect(summary["output"]).toBeUndefined();
      expect(summary["metadata"]).toBeUndefined();
      const beta = await listAll(target, TOKENS.beta, "/processor_runs", "processorRuns", "maxPageSize=1000");
      expect(idsOf(beta.items)).toContain(theirs);
      for (const id of mine) expect(idsOf(beta.items)).not.toContain(id);
    });

    it("matches the upstream's own list (filters, order, summaries) restricted to the tenant's runs", async () => {
      const target = getTarget();
      const finished = await createFinishedRun(target, TOKENS.alpha, `${unique("cmp")} total 1 USD`);
      const stuck = runOf(
        await createRun(target, TOKENS.alpha, {
          processorId: INVOICE,
          rawText: `extendkit-stuck ${unique("cmp")}`,
        }),
      );
      for (const query of [
        "sortBy=updatedAt&sortDir=desc",
        "sortBy=createdAt&sortDir=asc",
        "status=PROCESSED&sortBy=createdAt&sortDir=desc",
        "status=PROCESSING",
        `processorId=${INVOICE}&processorType=EXTRACT&source=API`,
      ]) {
        const own = await listAll(
          target,
          TOKENS.alpha,
          "/processor_runs",
          "processorRuns",
          `${query}&maxPageSize=1000`,
        );
        const ownIds = new Set(idsOf(own.items));
        const upstream = (await (
          await emulator(target, `/processor_runs?${query}&maxPageSize=1000`)
        ).json()) as {
          processorRuns: Item[];
        };
        // Everything the tenant owns that the upstream lists for this query, in the upstream's order.
        const alphaAll = new Set(
          idsOf(
            (await listAll(target, TOKENS.alpha, "/processor_runs", "processorRuns", "maxPageSize=1000"))
              .items,
          ),
        );
        const expected = upstream.processorRuns.filter((run) => alphaAll.has(run["id"]));
        expect(idsOf(own.items), query).toEqual(idsOf(expected));
        for (const run of expected) {
          const item = own.items.find((candidate) => candidate["id"] === run["id"])!;
          for (const field of ["status", "processorId", "type", "createdAt"]) {
            expect(item[field], `${field} of ${String(run["id"])}`).toEqual(run[field]);
          }
        }
        if (query.startsWith("status=PROCESSED")) {
          expect(ownIds.has(finished)).toBe(true);
          expect(ownIds.has(stuck["id"])).toBe(false);
        }
        if (query === "status=PROCESSING") expect(ownIds.has(stuck["id"])).toBe(true);
      }
    });

    it("sees a run finish that the proxy never read (one upstream list, not a GET per run)", async () => {
      const target = getTarget();
      const created = await createRun(target, TOKENS.alpha, {
        processorId: INVOICE,
        rawText: `${unique("fresh")} total 2 USD`,
      });
      const id = String(runOf(created)["id"]);
      await waitForTerminal(target, id); // straight from the emulator: the proxy has not seen it finish
      const before = (await journal(target)).filter(
        (entry) => entry["path"] === `/processor_runs/${id}`,
      ).length;
      const listed = await call(target, "/processor_runs?status=PROCESSED&maxPageSize=1000", {
        headers: bearer(TOKENS.alpha),
      });
      expect(idsOf(listed.json["processorRuns"] as Item[])).toContain(id);
      const after = (await journal(target)).filter(
        (entry) => entry["path"] === `/processor_runs/${id}`,
      ).length;
      expect(after).toBe(before);
    });

    it("refuses what Extend refuses (400) and needs runs:read", async () => {
      const target = getTarget();
      for (const query of [
        "sortBy=name",
        "sortDir=up",
        "maxPageSize=0",
        "maxPageSize=1001",
        "status=DONE",
        "nextPageToken=bogus",
      ]) {
        const reply = await call(target, `/processor_runs?${query}`, { headers: bearer(TOKENS.alpha) });
        expect(reply.status, query).toBe(400);
      }
      // A token from another order is not accepted silently.
      const page = await call(target, "/processor_runs?maxPageSize=1&sortBy=createdAt", {
        headers: bearer(TOKENS.alpha),
      });
      const token = page.json["nextPageToken"];
      expect(typeof token).toBe("string");
      const other = await call(
        target,
        `/processor_runs?sortBy=updatedAt&nextPageToken=${encodeURIComponent(String(token))}`,
        { headers: bearer(TOKENS.alpha) },
      );
      expect(other.status).toBe(400);
      const files = await call(target, "/files", { headers: bearer(TOKENS.invoiceOnly) });
      expect(files.status).toBe(403);
    });

    it("lists, filters and deletes the caller's files (files:delete)", async () => {
      const target = getTarget();
      const marker = unique("doc");
      const a = fileOf(await upload(target, TOKENS.alpha, `${marker}-a.txt`));
      const b = fileOf(await upload(target, TOKENS.alpha, `${marker}-b.txt`));
      const foreign = fileOf(await upload(target, TOKENS.beta, `${marker}-c.txt`));
      const listed = await listAll(
        target,
        TOKENS.alpha,
        "/files",
        "files",
        `nameContains=${marker.toUpperCase()}&maxPageSize=1`,
      );
      expect(idsOf(listed.items)).toEqual([b["id"], a["id"]]); // newest first, case-insensitive name filter
      expect(listed.items[0]).toMatchObject({ object: "file", name: `${marker}-b.txt` });
      expect(listed.items[0]!["presignedUrl"]).toBeUndefined();
      const asc = await listAll(
        target,
        TOKENS.alpha,
        "/files",
        "files",
        `nameContains=${marker}&sortDir=asc`,
      );
      expect(idsOf(asc.items)).toEqual([a["id"], b["id"]]);

      expect(
        (await call(target, `/files/${String(a["id"])}`, { method: "DELETE", headers: bearer(TOKENS.beta) }))
          .status,
      ).toBe(404);
      expect(
        (
          await call(target, `/files/${String(a["id"])}`, {
            method: "DELETE",
            headers: bearer(TOKENS.readOnly),
          })
        ).status,
      ).toBe(403);
      const deleted = await call(target, `/files/${String(a["id"])}`, {
        method: "DELETE",
        headers: bearer(TOKENS.alpha),
      });
      expect(deleted.status, deleted.text).toBe(200);
      expect(deleted.json["fileId"]).toBe(a["id"]);
      expect(
        (await call(target, `/files/${String(a["id"])}`, { headers: bearer(TOKENS.alpha) })).status,
      ).toBe(404);
      const after = await listAll(target, TOKENS.alpha, "/files", "files", `nameContains=${marker}`);
      expect(idsOf(after.items)).toEqual([b["id"]]);
      expect(idsOf(after.items)).not.toContain(foreign["id"]);
    });
  });

  describe("state: idempotent creates (§3)", SLOW, () => {
    it("replays the first run for the same key and body, refuses another body (422)", async () => {
      const target = getTarget();
      const key = unique("idem");
      const body = { processorId: INVOICE, rawText: `${key} total 4 USD`, metadata: { a: 1, b: 2 } };
      const first = await createRun(target, TOKENS.alpha, body, { "idempotency-key": key });
      expect(first.status, first.text).toBe(200);
      expect(first.headers.get("idempotent-replayed")).toBeNull();
      // Same body with its keys in another order is the same request.
      const reordered = { metadata: { b: 2, a: 1 }, rawText: body.rawText, processorId: INVOICE };
      const second = await createRun(target, TOKENS.alpha, reordered, { "idempotency-key": key });
      expect(second.status).toBe(200);
      expect(second.headers.get("idempotent-replayed")).toBe("true");
      expect(runOf(second)["id"]).toBe(runOf(first)["id"]);
      expect(second.text).toBe(first.text);
      expect(await creates(target, runOf(first)["id"])).toBe(1);
      const other = await createRun(
        target,
        TOKENS.alpha,
        { ...body, rawText: "another" },
        { "idempotency-key": key },
      );
      expect(other.status).toBe(422);
      expect(other.json["code"]).toBe("IDEMPOTENCY_KEY_REUSED");
      // Keys are per tenant: beta's identical key is its own request.
      const beta = await createRun(target, TOKENS.beta, body, { "idempotency-key": key });
      expect(beta.status).toBe(200);
      expect(beta.headers.get("idempotent-replayed")).toBeNull();
      expect(runOf(beta)["id"]).not.toBe(runOf(first)["id"]);
    });

    it("concurrent requests with one key create one run", async () => {
      const target = getTarget();
      const key = unique("race");
      const body = { processorId: INVOICE, rawText: `${key} total 5 USD` };
      const replies = await Promise.all(
        [0, 1, 2].map(() => createRun(target, TOKENS.alpha, body, { "idempotency-key": key })),
      );
      for (const reply of replies) expect(reply.status, reply.text).toBe(200);
      const ids = new Set(replies.map((reply) => runOf(reply)["id"]));
      expect(ids.size).toBe(1);
      expect(await creates(target, [...ids][0])).toBe(1);
      expect(replies.filter((reply) => reply.headers.get("idempotent-replayed") === "true")).toHaveLength(2);
    });

    it("uploads once per key, whatever multipart boundary the retry uses", async () => {
      const target = getTarget();
      const key = unique("up");
      const name = `${key}.txt`;
      const first = await upload(target, TOKENS.alpha, name, { "idempotency-key": key });
      expect(first.status, first.text).toBe(200);
      const again = await upload(target, TOKENS.alpha, name, { "idempotency-key": key });
      expect(again.status).toBe(200);
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      expect(fileOf(again)["id"]).toBe(fileOf(first)["id"]);
      const listed = await listAll(target, TOKENS.alpha, "/files", "files", `nameContains=${key}`);
      expect(listed.items).toHaveLength(1);
      const uploads = (await journal(target)).filter(
        (entry) =>
          entry["method"] === "POST" && entry["path"] === "/files/upload" && entry["fileName"] === name,
      );
      expect(uploads).toHaveLength(1);
    });

    it("lets browsers send Idempotency-Key and read Idempotent-Replayed (CORS)", async () => {
      const target = getTarget();
      const preflight = await call(target, "/processor_runs", {
        method: "OPTIONS",
        headers: {
          origin: ALLOWED_ORIGIN,
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization, content-type, idempotency-key",
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get("access-control-allow-headers")).toContain("idempotency-key");
      const actual = await call(target, "/processor_runs/dpr_nothere", {
        headers: bearer(TOKENS.alpha, { origin: ALLOWED_ORIGIN }),
      });
      expect(actual.headers.get("access-control-expose-headers")).toContain("idempotent-replayed");
    });

    it("refuses malformed keys (400) and keeps failures retryable", async () => {
      const target = getTarget();
      for (const key of ["", "x".repeat(256), "tab\there"]) {
        const reply = await createRun(
          target,
          TOKENS.alpha,
          { processorId: INVOICE, rawText: "k" },
          { "idempotency-key": key },
        );
        expect(reply.status, JSON.stringify(key)).toBe(400);
      }
      expect(
        (
          await createRun(
            target,
            TOKENS.alpha,
            { processorId: INVOICE, rawText: "k" },
            { "idempotency-key": "x".repeat(255) },
          )
        ).status,
      ).toBe(200);
      // A refused create (unknown processor) is not stored: the same key works once the request is fixed.
      const key = unique("retry");
      const refused = await createRun(
        target,
        TOKENS.alpha,
        { processorId: "dp_missing", rawText: "r" },
        { "idempotency-key": key },
      );
      expect(refused.status).toBeGreaterThanOrEqual(400);
      const fixed = await createRun(
        target,
        TOKENS.alpha,
        { processorId: "dp_missing", rawText: "r" },
        { "idempotency-key": key },
      );
      expect(fixed.status).toBe(refused.status);
      expect(fixed.headers.get("idempotent-replayed")).toBeNull();
    });
  });

  describe("state: ownership from the proxy's records (S8)", SLOW, () => {
    it("a run created upstream with a forged extendkit:tenant is not the tenant's (read, list, webhook)", async () => {
      const target = getTarget();
      const direct = await emulator(target, "/processor_runs", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          processorId: INVOICE,
          rawText: "planted 1 USD",
          metadata: { "extendkit:tenant": "alpha" },
        }),
      });
      expect(direct.status).toBe(200);
      const id = String(((await direct.json()) as { processorRun: Item }).processorRun["id"]);
      const run = await waitForTerminal(target, id);
      expect((await call(target, `/processor_runs/${id}`, { headers: bearer(TOKENS.alpha) })).status).toBe(
        404,
      );
      const delivered = await call(
        target,
        "/webhooks/extend",
        await webhookRequest({
          eventId: `evt_forged_${id}`,
          eventType: "processor_run.processed",
          payload: run,
        }),
      );
      expect(delivered.status).toBe(200);
      expect(delivered.json["stored"]).toBe(false);
      expect((await call(target, `/processor_runs/${id}`, { headers: bearer(TOKENS.alpha) })).status).toBe(
        404,
      );
      const listed = await listAll(
        target,
        TOKENS.alpha,
        "/processor_runs",
        "processorRuns",
        "maxPageSize=1000",
      );
      expect(idsOf(listed.items)).not.toContain(id);
      for (const method of ["DELETE"] as const) {
        expect(
          (await call(target, `/processor_runs/${id}`, { method, headers: bearer(TOKENS.alpha) })).status,
        ).toBe(404);
      }
    });
  });

  describe("state: health", () => {
    it("GET /healthz answers without authentication and without configuration details", async () => {
      const target = getTarget();
      const reply = await call(target, "/healthz");
      expect(reply.status).toBe(200);
      expect(reply.json).toEqual({ success: true, status: "ok" });
    });
  });
}
