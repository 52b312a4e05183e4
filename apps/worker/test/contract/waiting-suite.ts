// §4 on every runtime: coalesced reads and `Prefer: wait` long-polls, on runs the emulator keeps
// PROCESSING (`extendkit-stuck`) until a cancel through the proxy releases the waiting clients. Counted
// from the emulator's journal (only the proxy's own requests), never timed.
import { describe, expect, it } from "vitest";
import { TOKENS } from "../fixtures.ts";
import { bearer, call, createRun, journal, type ProxyTarget, runOf } from "./harness.ts";

/** GETs of one run the proxy sent upstream. */
async function proxyGets(target: ProxyTarget, id: string): Promise<number> {
  return (await journal(target)).filter(
    (r) =>
      r["method"] === "GET" &&
      r["path"] === `/processor_runs/${id}` &&
      (r["headers"] as Record<string, string> | undefined)?.["user-agent"] === "extendkit-proxy/0.1",
  ).length;
}

async function stuckRun(target: ProxyTarget): Promise<string> {
  const reply = await createRun(target, TOKENS.alpha, {
    processorId: "dp_invoice_extractor",
    rawText: "Invoice 4 extendkit-stuck",
  });
  expect(reply.status, reply.text).toBe(200);
  return String(runOf(reply)["id"]);
}

/** Registers the waiting tests for one runtime. */
export function waitingSuite(getTarget: () => ProxyTarget): void {
  describe("waiting: coalesced reads and Prefer: wait", () => {
    it("20 concurrent reads of a running run cost one upstream read", async () => {
      const target = getTarget();
      const id = await stuckRun(target);
      const replies = await Promise.all(
        Array.from({ length: 20 }, () =>
          call(target, `/processor_runs/${id}`, { headers: bearer(TOKENS.alpha) }),
        ),
      );
      for (const reply of replies) expect(runOf(reply)["status"]).toBe("PROCESSING");
      expect(await proxyGets(target, id)).toBe(1);
    });

    it("clients held by Prefer: wait are all released by a cancel, with Preference-Applied", async () => {
      const target = getTarget();
      const id = await stuckRun(target);
      const waiting = Array.from({ length: 10 }, () =>
        call(target, `/processor_runs/${id}`, { headers: bearer(TOKENS.alpha, { prefer: "wait=30" }) }),
      );
      // Wait until the waiting clients' shared first read has happened, then cancel the run.
      for (let i = 0; i < 100 && (await proxyGets(target, id)) === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const cancelled = await call(target, `/processor_runs/${id}/cancel`, {
        method: "POST",
        headers: bearer(TOKENS.alpha),
      });
      expect(cancelled.status, cancelled.text).toBe(200);
      const replies = await Promise.all(waiting);
      for (const reply of replies) {
        expect(reply.status).toBe(200);
        expect(runOf(reply)["status"]).toBe("CANCELLED");
        expect(reply.headers.get("preference-applied")).toBe("wait=30");
      }
      // The first shared read plus at most one re-read after the release: never one per client.
      expect(await proxyGets(target, id)).toBeLessThanOrEqual(3);
    });

    it("a wait that runs out answers the running run, with Preference-Applied", async () => {
      const target = getTarget();
      const id = await stuckRun(target);
      const reply = await call(target, `/processor_runs/${id}`, {
        headers: bearer(TOKENS.alpha, { prefer: "wait=1" }),
      });
      expect(reply.status).toBe(200);
      expect(runOf(reply)["status"]).toBe("PROCESSING");
      expect(reply.headers.get("preference-applied")).toBe("wait=1");
    });
  });
}
