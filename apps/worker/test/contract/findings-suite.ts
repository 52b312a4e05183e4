// Regression tests for the audit's findings S2, S3, S5, S6 and S9, run against every runtime (S1 and S4
// need a proxy built with other settings or a hostile upstream: see workerd/entry-bindings and
// workerd/key-scrub tests).
import { describe, expect, it } from "vitest";
import { JWT_REVOKED, TOKENS } from "../fixtures.ts";
import {
  bearer,
  call,
  claims,
  createFinishedRun,
  createRun,
  emulator,
  journal,
  type ProxyTarget,
  signHs256,
  waitForTerminal,
  webhookRequest,
} from "./harness.ts";

/** Upstream creates whose body carries `marker` (so parallel test files never disturb the count). */
async function upstreamCreatesWith(target: ProxyTarget, marker: string): Promise<number> {
  return (await journal(target)).filter((r) => r["method"] === "POST" && JSON.stringify(r).includes(marker))
    .length;
}

/** Registers the findings' regression tests for one runtime. */
export function findingsSuite(getTarget: () => ProxyTarget): void {
  describe("S2: the tenant tag prefix is reserved after sanitising", () => {
    it.each([["tenant-globex"], ["tenant-a\u0000cme"], ["TENANT-globex"], ["ten ant-globex"]])(
      "a custom tag %j → 400 and nothing reaches the upstream",
      async (tag) => {
        const target = getTarget();
        const marker = `s2-${crypto.randomUUID()}`;
        const reply = await createRun(target, TOKENS.tagger, {
          processorId: "dp_invoice_extractor",
          rawText: marker,
          metadata: { "extend:usage_tags": ["fine-tag", tag] },
        });
        expect(reply.status, reply.text).toBe(400);
        expect(reply.json["code"]).toBe("INVALID_REQUEST");
        expect(await upstreamCreatesWith(target, marker)).toBe(0);
      },
    );
  });

  describe("S3: a per-client run policy bounds config, version, priority and fileUrl", () => {
    const base = { processorId: "dp_invoice_extractor", rawText: "Invoice 3 total 4 USD" };
    it("the default policy refuses config, draft, a priority below 50 and fileUrl", async () => {
      const target = getTarget();
      const refused: Array<[string, Record<string, unknown>]> = [
        ["config", { config: { type: "EXTRACT", fields: [] } }],
        ["draft", { version: "draft" }],
        ["priority 1", { priority: 1 }],
        ["priority 49", { priority: 49 }],
        ["fileUrl", { rawText: undefined, file: { fileUrl: "http://127.0.0.1:9/secret.pdf" } }],
      ];
      for (const [name, extra] of refused) {
        const marker = `s3-${crypto.randomUUID()}`;
        const reply = await createRun(target, TOKENS.alpha, { ...base, ...extra, metadata: { marker } });
        expect(reply.status, name).toBe(403);
        expect(reply.json["code"], name).toBe("FORBIDDEN");
        expect(await upstreamCreatesWith(target, marker), name).toBe(0);
      }
      const allowed = await createRun(target, TOKENS.alpha, { ...base, version: "latest", priority: 60 });
      expect(allowed.status, allowed.text).toBe(200);
    });

    it("a client whose policy allows them may send draft and priority 1; fileUrl stays refused", async () => {
      const target = getTarget();
      const reply = await createRun(target, TOKENS.trusted, { ...base, version: "draft", priority: 1 });
      expect(reply.status, reply.text).toBe(200);
      const url = await createRun(target, TOKENS.trusted, {
        processorId: "dp_invoice_extractor",
        file: { fileUrl: "http://127.0.0.1:9/secret.pdf" },
      });
      expect(url.status).toBe(403);
    });

    it("a JWT carries the same policy claims (refused by default)", async () => {
      const target = getTarget();
      const token = await signHs256(claims());
      const reply = await createRun(target, token, { ...base, priority: 1 });
      expect(reply.status).toBe(403);
      const opened = await signHs256(claims({ minPriority: 1 }));
      expect((await createRun(target, opened, { ...base, priority: 1 })).status).toBe(200);
    });
  });

  describe("S5: webhook replays are keyed on the event id and the normalised signature", () => {
    it("an upper-cased or padded copy of an accepted delivery → 401", async () => {
      const target = getTarget();
      const id = await createFinishedRun(target, TOKENS.alpha);
      const run = await waitForTerminal(target, id);
      const delivery = await webhookRequest({
        eventId: `evt_s5_${id}`,
        eventType: "processor_run.processed",
        payload: run,
      });
      const first = await call(target, "/webhooks/extend", delivery);
      expect(first.status).toBe(200);
      const headers = new Headers(delivery.headers);
      const signature = headers.get("x-extend-request-signature")!;
      for (const variant of [signature.toUpperCase(), ` ${signature} `]) {
        headers.set("x-extend-request-signature", variant);
        const replay = await call(target, "/webhooks/extend", { ...delivery, headers });
        expect(replay.status, variant).toBe(401);
      }
    });
  });

  describe("S6: a no-cache read that finds 404 purges the cached entry", () => {
    it("a run deleted upstream is not served as a HIT after a fresh read found it gone", async () => {
      const target = getTarget();
      const id = await createFinishedRun(target, TOKENS.alpha);
      await call(target, `/processor_runs/${id}`, { headers: bearer(TOKENS.alpha) });
      const hit = await call(target, `/processor_runs/${id}`, { headers: bearer(TOKENS.alpha) });
      expect(hit.headers.get("x-extendkit-cache")).toBe("HIT");
      const gone = await emulator(target, `/processor_runs/${id}`, { method: "DELETE" });
      expect(gone.status).toBe(200);
      const fresh = await call(target, `/processor_runs/${id}`, {
        headers: bearer(TOKENS.alpha, { "cache-control": "no-cache" }),
      });
      expect(fresh.status).toBe(404);
      const after = await call(target, `/processor_runs/${id}`, { headers: bearer(TOKENS.alpha) });
      expect(after.status).toBe(404);
      expect(after.headers.get("x-extendkit-cache")).toBe("MISS");
    });
  });

  describe("S9: JWT_MAX_TTL (default 24 h) and JWT_REVOKED", () => {
    it("tokens that live longer than a day, or are revoked, → 401; a day's token works", async () => {
      const target = getTarget();
      const now = Math.floor(Date.now() / 1000);
      const refused: Record<string, Record<string, unknown>> = {
        year9999: { exp: 253402300799 },
        twentyFiveHours: { exp: now + 25 * 3600 },
        issuedTwoDaysAgo: { iat: now - 48 * 3600, exp: now + 3600 },
        revokedJti: { jti: JWT_REVOKED.jti },
        revokedSub: { sub: JWT_REVOKED.sub },
      };
      for (const [name, overrides] of Object.entries(refused)) {
        const token = await signHs256(claims(overrides));
        const reply = await call(target, "/processor_runs/dpr_s9_nothere", { headers: bearer(token) });
        expect(reply.status, name).toBe(401);
      }
      for (const overrides of [{ exp: now + 23 * 3600 }, { jti: "jti-fine", sub: "user-fine" }]) {
        const token = await signHs256(claims(overrides));
        const reply = await call(target, "/processor_runs/dpr_s9_nothere", { headers: bearer(token) });
        expect(reply.status).toBe(404);
      }
    });
  });
}
