// The proxy's contract, run unchanged against the Cloudflare entry (workerd), Deno and Bun.
import { describe, expect, it } from "vitest";
import { ALLOWED_ORIGIN, FOREIGN_ORIGIN, SERVER_TAGS, TOKENS } from "../fixtures.ts";
import {
  bearer,
  call,
  createFinishedRun,
  createRun,
  emulatorAdmin,
  journal,
  type ProxyTarget,
  runOf,
  uploadForm,
  upstreamHits,
  waitForTerminal,
  webhookRequest,
} from "./harness.ts";

/** Registers the contract tests for one runtime. */
export function contractSuite(getTarget: () => ProxyTarget): void {
  describe("contract: runs", () => {
    it("creates a run with the server key, tenant metadata and the usage-tag union", async () => {
      const target = getTarget();
      const reply = await createRun(target, TOKENS.alpha, {
        processorId: "dp_invoice_extractor",
        rawText: "Invoice 1 total 3 USD",
        metadata: { orderId: "o-1" },
      });
      expect(reply.status).toBe(200);
      const run = runOf(reply);
      expect(String(run["id"])).toMatch(/^dpr_/);
      const metadata = run["metadata"] as Record<string, unknown>;
      expect(metadata["orderId"]).toBe("o-1");
      expect(metadata["extendkit:tenant"]).toBe("alpha");
      expect(metadata["extend:usage_tags"]).toEqual([...SERVER_TAGS, "tenant-alpha", "team-a"]);
      // The emulator only accepts the server key: a forwarded client token would have been a 401.
      const entry = (await journal(target)).find((r) => r["runId"] === run["id"]);
      expect(entry?.["status"]).toBe(200);
      const upstreamHeaders = JSON.stringify(entry?.["headers"] ?? {});
      expect(upstreamHeaders.includes(TOKENS.alpha)).toBe(false);
      expect(upstreamHeaders).toContain("2025-04-21");
    });

    it("get: MISS then HIT for a terminal run, with private Cache-Control", async () => {
      const target = getTarget();
      const id = await createFinishedRun(target, TOKENS.alpha);
      const first = await call(target, `/processor_runs/${id}`, { headers: bearer(TOKENS.alpha) });
      expect(first.status).toBe(200);
      expect(first.headers.get("x-extendkit-cache")).toBe("MISS");
      expect(first.headers.get("cache-control")).toBe("private, max-age=3600");
      const second = await call(target, `/processor_runs/${id}`, { headers: bearer(TOKENS.alpha) });
      expect(second.status).toBe(200);
      expect(second.headers.get("x-extendkit-cache")).toBe("HIT");
      expect(second.headers.get("cache-control")).toMatch(/^private, max-age=\d+$/);
      expect(runOf(second)).toEqual(runOf(first));
    });

    it("get with Cache-Control: no-cache bypasses the cache and refreshes it", async () => {
      const target = getTarget();
      const id = await createFinishedRun(target, TOKENS.alpha);
      const bypass = await call(target, `/processor_runs/${id}`, {
        headers: bearer(TOKENS.alpha, { "cache-control": "no-cache" }),
      });
      expect(bypass.status).toBe(200);
      expect(bypass.headers.get("x-extendkit-cache")).toBe("BYPASS");
      const before = await upstreamHits(target, id);
      const hit = await call(target, `/processor_runs/${id}`, { headers: bearer(TOKENS.alpha) });
      expect(hit.headers.get("x-extendkit-cache")).toBe("HIT");
      expect(await upstreamHits(target, id)).toBe(before);
    });

    it("never caches a run that is still processing", async () => {
      const target = getTarget();
      const created = await createRun(target, TOKENS.alpha, {
        processorId: "dp_invoice_extractor",
        rawText: "extendkit-stuck invoice",
      });
      const id = String(runOf(created)["id"]);
      for (let i = 0; i < 2; i++) {
        const reply = await call(target, `/processor_runs/${id}`, { headers: bearer(TOKENS.alpha) });
        expect(reply.status).toBe(200);
        expect(runOf(reply)["status"]).toBe("PROCESSING");
        expect(reply.headers.get("x-extendkit-cache")).toBe("MISS");
        expect(reply.headers.get("cache-control")).toBe("private, no-store");
      }
      await call(target, `/processor_runs/${id}/cancel`, { method: "POST", headers: bearer(TOKENS.alpha) });
    });

    it("cancels a processing run, and cancel purges a cached entry", async () => {
      const target = getTarget();
      const created = await createRun(target, TOKENS.alpha, {
        processorId: "dp_invoice_extractor",
        rawText: "extendkit-stuck invoice",
      });
      const id = String(runOf(created)["id"]);
      const cancelled = await call(target, `/processor_runs/${id}/cancel`, {
        method: "POST",
        headers: bearer(TOKENS.alpha),
      });
      expect(cancelled.status).toBe(200);
      expect(runOf(cancelled)["status"]).toBe("CANCELLED");
      const miss = await call(target, `/processor_runs/${id}`, { headers: bearer(TOKENS.alpha) });
      expect(miss.headers.get("x-extendkit-cache")).toBe("MISS");
      expect(runOf(miss)["status"]).toBe("CANCELLED");
      const hit = await call(target, `/processor_runs/${id}`, { headers: bearer(TOKENS.alpha) });
      expect(hit.headers.get("x-extendkit-cache")).toBe("HIT");
      // Cancelling again fails upstream (already cancelled) but still purges the cached copy.
      const again = await call(target, `/processor_runs/${id}/cancel`, {
        method: "POST",
        headers: bearer(TOKENS.alpha),
      });
      expect(again.status).toBe(400);
      const after = await call(target, `/processor_runs/${id}`, { headers: bearer(TOKENS.alpha) });
      expect(after.headers.get("x-extendkit-cache")).toBe("MISS");
    });

    it("deletes a run, purges the cache, and the run is then 404", async () => {
      const target = getTarget();
      const id = await createFinishedRun(target, TOKENS.alpha);
      await call(target, `/processor_runs/${id}`, { headers: bearer(TOKENS.alpha) });
      const hit = await call(target, `/processor_runs/${id}`, { headers: bearer(TOKENS.alpha) });
      expect(hit.headers.get("x-extendkit-cache")).toBe("HIT");
      const deleted = await call(target, `/processor_runs/${id}`, {
        method: "DELETE",
        headers: bearer(TOKENS.alpha),
      });
      expect(deleted.status).toBe(200);
      expect(deleted.json["documentProcessorRunId"]).toBe(id);
      const gone = await call(target, `/processor_runs/${id}`, { headers: bearer(TOKENS.alpha) });
      expect(gone.status).toBe(404);
      expect(gone.json["code"]).toBe("NOT_FOUND");
      expect(gone.headers.get("x-extendkit-cache")).toBe("MISS");
    });

    it("caches FAILED runs too", async () => {
      const target = getTarget();
      const id = await createFinishedRun(target, TOKENS.alpha, "extendkit-fail invoice");
      const first = await call(target, `/processor_runs/${id}`, { headers: bearer(TOKENS.alpha) });
      expect(runOf(first)["status"]).toBe("FAILED");
      expect(first.headers.get("x-extendkit-cache")).toBe("MISS");
      const second = await call(target, `/processor_runs/${id}`, { headers: bearer(TOKENS.alpha) });
      expect(second.headers.get("x-extendkit-cache")).toBe("HIT");
    });

    it("answers a run that does not exist with 404 in Extend's error shape", async () => {
      const reply = await call(getTarget(), "/processor_runs/dpr_doesnotexist000000", {
        headers: bearer(TOKENS.alpha),
      });
      expect(reply.status).toBe(404);
      expect(reply.json).toMatchObject({
        success: false,
        code: "NOT_FOUND",
        error: "Processor run not found",
      });
      expect(reply.headers.get("x-extendkit-cache")).toBe("MISS");
    });
  });

  describe("contract: files", () => {
    it("uploads a file, reads it back and runs a processor on it", async () => {
      const target = getTarget();
      const uploaded = await call(target, "/files/upload", {
        method: "POST",
        headers: bearer(TOKENS.alpha),
        body: uploadForm(),
      });
      expect(uploaded.status, uploaded.text).toBe(200);
      const file = uploaded.json["file"] as Record<string, unknown>;
      expect(String(file["id"])).toMatch(/^file_/);
      const got = await call(target, `/files/${String(file["id"])}?rawText=true`, {
        headers: bearer(TOKENS.alpha),
      });
      expect(got.status).toBe(200);
      expect((got.json["file"] as Record<string, unknown>)["id"]).toBe(file["id"]);
      const run = await createRun(target, TOKENS.alpha, {
        processorId: "dp_invoice_extractor",
        file: { fileId: file["id"] },
      });
      expect(run.status, run.text).toBe(200);
    });
  });

  describe("contract: admin routes", () => {
    it("lists every tenant's runs for an admin; a tenant lists only its own (issue 13 §2)", async () => {
      const target = getTarget();
      const alphaRun = await createFinishedRun(target, TOKENS.alpha);
      const listed = await call(target, "/processor_runs?maxPageSize=5&sortDir=desc&bogus=1", {
        headers: bearer(TOKENS.admin),
      });
      expect(listed.status).toBe(200);
      expect(Array.isArray(listed.json["processorRuns"])).toBe(true);
      expect((listed.json["processorRuns"] as unknown[]).length).toBeGreaterThan(0);
      // Tenants used to get 403 here (summaries carry no tenant); now the proxy answers from its own index.
      const own = await call(target, "/processor_runs?maxPageSize=1000", { headers: bearer(TOKENS.beta) });
      expect(own.status).toBe(200);
      const ids = (own.json["processorRuns"] as Array<Record<string, unknown>>).map((run) => run["id"]);
      expect(ids).not.toContain(alphaRun);
    });

    it("gets a batch run for an admin and refuses tenants (403)", async () => {
      const target = getTarget();
      const id = await createFinishedRun(target, TOKENS.alpha);
      const batch = await emulatorAdmin(target).createBatchRun({
        processorId: "dp_invoice_extractor",
        runIds: [id],
      });
      const batchId = batch.id;
      const got = await call(target, `/batch_processor_runs/${batchId}`, { headers: bearer(TOKENS.admin) });
      expect(got.status).toBe(200);
      expect((got.json["batchProcessorRun"] as Record<string, unknown>)["id"]).toBe(batchId);
      const refused = await call(target, `/batch_processor_runs/${batchId}`, {
        headers: bearer(TOKENS.alpha),
      });
      expect(refused.status).toBe(403);
    });
  });

  describe("contract: webhooks", () => {
    it("a signed processor_run.processed delivery makes the next read a HIT", async () => {
      const target = getTarget();
      const id = await createFinishedRun(target, TOKENS.alpha, "Invoice 5 total 8 USD");
      const run = await waitForTerminal(target, id);
      const delivered = await call(
        target,
        "/webhooks/extend",
        await webhookRequest({ eventId: `evt_${id}`, eventType: "processor_run.processed", payload: run }),
      );
      expect(delivered.status).toBe(200);
      expect(delivered.json).toMatchObject({ success: true, stored: true });
      const before = await upstreamHits(target, id);
      const read = await call(target, `/processor_runs/${id}`, { headers: bearer(TOKENS.alpha) });
      expect(read.status).toBe(200);
      expect(read.headers.get("x-extendkit-cache")).toBe("HIT");
      expect(runOf(read)["status"]).toBe("PROCESSED");
      expect(await upstreamHits(target, id)).toBe(before);
      // The entry belongs to the run's tenant only.
      const other = await call(target, `/processor_runs/${id}`, { headers: bearer(TOKENS.beta) });
      expect(other.status).toBe(404);
    });

    it("a signed-URL delivery caches the run read by id from the upstream (the URL itself is never fetched)", async () => {
      const target = getTarget();
      const id = await createFinishedRun(target, TOKENS.alpha, "Invoice 6 total 9 USD");
      const run = await waitForTerminal(target, id);
      const before = await upstreamHits(target, id);
      const payload = {
        object: "signed_data_url",
        // Not a reachable address: were the proxy to follow it, the delivery could not be stored.
        data: "http://127.0.0.1:9/signed/run.json?expires=3600",
        id,
        metadata: run["metadata"],
      };
      const delivered = await call(
        target,
        "/webhooks/extend",
        await webhookRequest({ eventId: `evt_url_${id}`, eventType: "processor_run.processed", payload }),
      );
      expect(delivered.status).toBe(200);
      expect(delivered.json).toMatchObject({ success: true, stored: true });
      expect(await upstreamHits(target, id)).toBe(before + 1);
      const read = await call(target, `/processor_runs/${id}`, { headers: bearer(TOKENS.alpha) });
      expect(read.headers.get("x-extendkit-cache")).toBe("HIT");
      expect(runOf(read)["status"]).toBe("PROCESSED");
      expect(await upstreamHits(target, id)).toBe(before + 1);

      // An id the upstream does not know is acknowledged and stores nothing.
      const unknown = await call(
        target,
        "/webhooks/extend",
        await webhookRequest({
          eventId: "evt_url_missing",
          eventType: "processor_run.failed",
          payload: { ...payload, id: "dpr_signed_url_missing" },
        }),
      );
      expect(unknown.status).toBe(200);
      expect(unknown.json).toMatchObject({ success: true, stored: false });
    });
  });

  describe("contract: CORS", () => {
    it("answers a preflight from an allowed origin", async () => {
      const reply = await call(getTarget(), "/processor_runs", {
        method: "OPTIONS",
        headers: {
          origin: ALLOWED_ORIGIN,
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization, content-type",
        },
      });
      expect(reply.status).toBe(204);
      expect(reply.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
      expect(reply.headers.get("access-control-allow-methods")).toBe("POST");
      expect(reply.headers.get("access-control-allow-headers")).toContain("authorization");
      expect(reply.headers.get("vary")).toContain("Origin");
    });

    it("adds CORS headers to actual requests from an allowed origin only", async () => {
      const target = getTarget();
      const allowed = await call(target, "/processor_runs/dpr_nothere", {
        headers: bearer(TOKENS.alpha, { origin: ALLOWED_ORIGIN }),
      });
      expect(allowed.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
      expect(allowed.headers.get("access-control-expose-headers")).toContain("x-extendkit-cache");
      expect(allowed.headers.get("vary")).toContain("Origin");
      const foreign = await call(target, "/processor_runs/dpr_nothere", {
        headers: bearer(TOKENS.alpha, { origin: FOREIGN_ORIGIN }),
      });
      expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
      expect(foreign.headers.get("vary")).toContain("Origin");
    });
  });

  describe("contract: rate limit and errors", () => {
    it("limits a tenant with 429 and Retry-After", async () => {
      const target = getTarget();
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 4; i++) {
        const reply = await call(target, "/processor_runs/dpr_ratelimited", {
          headers: bearer(TOKENS.limited),
        });
        statuses.push(reply.status);
        if (reply.status === 429) {
          retryAfter = reply.headers.get("retry-after");
          expect(reply.json["code"]).toBe("RATE_LIMIT_EXCEEDED");
        }
      }
      expect(statuses).toEqual([404, 404, 404, 429]);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(retryAfter)).toBeLessThanOrEqual(60);
      // Other tenants are unaffected.
      const other = await call(target, "/processor_runs/dpr_ratelimited", { headers: bearer(TOKENS.alpha) });
      expect(other.status).toBe(404);
    });

    it("answers unknown routes with 404 and known routes with odd methods with 405", async () => {
      const target = getTarget();
      const unknown = await call(target, "/workflows", { headers: bearer(TOKENS.alpha) });
      expect(unknown.status).toBe(404);
      const put = await call(target, "/processor_runs", { method: "PUT", headers: bearer(TOKENS.alpha) });
      expect(put.status).toBe(405);
      expect(put.headers.get("allow")).toBe("POST, GET");
    });
  });
}
