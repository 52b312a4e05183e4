import { DEFAULT_PROCESSORS } from "@extendkit/emulator";
import { afterEach, describe, expect, it } from "vitest";
import { AbortError, WaitTimeoutError } from "../../src/index.js";
import { type Harness, startHarness } from "../helpers/emulator.js";

const { invoiceExtractor } = DEFAULT_PROCESSORS;
let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("wait returns every terminal status as data", () => {
  it("PROCESSED", async () => {
    h = startHarness();
    const updates: string[] = [];
    const run = await h.client.processorRuns.createAndWait(
      { processorId: invoiceExtractor, rawText: "Invoice INV-1 total $3" },
      { pollIntervalMs: 5, onUpdate: (r) => updates.push(r.status) },
    );
    expect(run.status).toBe("PROCESSED");
    expect(updates.at(-1)).toBe("PROCESSED");
    expect(run.output).not.toEqual({});
  });

  it("FAILED (extendkit-fail) is returned, not thrown", async () => {
    h = startHarness();
    const run = await h.client.processorRuns.createAndWait(
      { processorId: invoiceExtractor, rawText: "please extendkit-fail this" },
      { pollIntervalMs: 5 },
    );
    expect(run.status).toBe("FAILED");
    expect(run.failureReason).toBeTruthy();
    expect(typeof run.failureMessage).toBe("string");
  });

  it("CANCELLED (extendkit-stuck, then cancel while waiting)", async () => {
    h = startHarness();
    const harness = h;
    const run = await harness.client.processorRuns.create({
      processorId: invoiceExtractor,
      rawText: "extendkit-stuck",
    });
    const seen: string[] = [];
    const waiting = harness.client.processorRuns.wait(run.id, {
      pollIntervalMs: 5,
      onUpdate: (r) => {
        seen.push(r.status);
        if (seen.length === 2) void harness.client.processorRuns.cancel(run.id);
      },
    });
    const final = await waiting;
    expect(final.status).toBe("CANCELLED");
    expect(seen.slice(0, 2)).toEqual(["PROCESSING", "PROCESSING"]);
  });

  it("a stuck run ends the wait with WaitTimeoutError carrying the last run", async () => {
    h = startHarness();
    const run = await h.client.processorRuns.create({
      processorId: invoiceExtractor,
      rawText: "extendkit-stuck",
    });
    const error = await h.client.processorRuns
      .wait(run.id, { timeoutMs: 100, pollIntervalMs: 10 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as WaitTimeoutError).run).toMatchObject({ id: run.id, status: "PROCESSING" });
  });

  it("the caller's signal stops a wait", async () => {
    h = startHarness();
    const run = await h.client.processorRuns.create({
      processorId: invoiceExtractor,
      rawText: "extendkit-stuck",
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    await expect(
      h.client.processorRuns.wait(run.id, { signal: controller.signal, pollIntervalMs: 5 }),
    ).rejects.toBeInstanceOf(AbortError);
  });

  it("follows the emulator's virtual clock: PENDING/PROCESSING until time moves", async () => {
    h = startHarness({ clock: "virtual", latency: { minMs: 5_000, maxMs: 5_000 } });
    const harness = h;
    const run = await harness.client.processorRuns.create({
      processorId: invoiceExtractor,
      rawText: "Invoice",
    });
    const statuses: string[] = [];
    const done = harness.client.processorRuns.wait(run.id, {
      pollIntervalMs: 5,
      onUpdate: (r) => {
        statuses.push(r.status);
        if (statuses.length === 3) void harness.emulator.clock.advance(10_000);
      },
    });
    const final = await done;
    expect(final.status).toBe("PROCESSED");
    expect(statuses.slice(0, 3).every((s) => s === "PENDING" || s === "PROCESSING")).toBe(true);
  });
});
