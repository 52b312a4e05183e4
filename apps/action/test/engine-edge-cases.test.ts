// Edge cases the emulator cannot produce on demand, with a scripted client.
import { describe, expect, it } from "vitest";
import type { EngineClient } from "../src/engine/engine-client.js";
import { type EnginePlan, runEngine } from "../src/engine/run-engine.js";
import { enginePlan } from "./helpers/engine-plan.js";

function plan(overrides: Partial<EnginePlan> = {}): EnginePlan {
  return enginePlan([{ path: "docs/a.pdf", absolutePath: "/nowhere/a.pdf", bytes: 3 }], {
    processorId: "dp_1",
    ...overrides,
  });
}

describe("runEngine edge cases with a scripted client", () => {
  const run = (id: string, status: string, extra: Record<string, unknown> = {}) =>
    ({ id, status, url: `https://dashboard.extend.ai/runs/${id}`, output: {}, ...extra }) as never;

  function scripted(overrides: Partial<EngineClient["processorRuns"]>): EngineClient {
    return {
      files: {
        upload: async () => ({ id: "file_1", usage: { credits: 2 } }) as never,
        list: async () => ({ data: [] }),
      },
      processorRuns: {
        list: async () => ({ data: [] }),
        create: async () => run("dpr_1", "PROCESSING"),
        wait: async () => run("dpr_1", "PROCESSED", { usage: { credits: 3 }, output: { value: { a: 1 } } }),
        cancel: async () => run("dpr_1", "CANCELLED"),
        get: async () => run("dpr_1", "PROCESSING"),
        ...overrides,
      },
    };
  }
  const readFile = async () => new Uint8Array([1, 2, 3]);

  it("records credits of the run and the upload", async () => {
    const outcome = await runEngine(plan(), { client: scripted({}), readFile });
    expect(outcome.results[0]).toMatchObject({
      outcome: "processed",
      credits: 3,
      fileCredits: 2,
      output: { value: { a: 1 } },
    });
  });

  it("reports the truth when a run finished just before the timeout's cancel", async () => {
    const client = scripted({
      wait: (_id, options) =>
        new Promise((_resolve, reject) =>
          options?.signal?.addEventListener("abort", () => reject(new Error("aborted"))),
        ),
      cancel: async () => {
        throw Object.assign(new Error("Run is not cancellable"), { status: 400 });
      },
      get: async () => run("dpr_1", "PROCESSED"),
    });
    const outcome = await runEngine(plan({ timeoutMs: 50, timeoutLabel: "50ms" }), {
      client,
      readFile,
    });
    expect(outcome.results[0]).toMatchObject({ outcome: "processed", status: "PROCESSED" });
    expect(outcome.results[0]?.note).toContain("finished just as the overall timeout (50ms) passed");
  });

  it("says a run may still be running when it cannot be cancelled or read", async () => {
    const client = scripted({
      wait: (_id, options) =>
        new Promise((_resolve, reject) =>
          options?.signal?.addEventListener("abort", () => reject(new Error("aborted"))),
        ),
      cancel: async () => {
        throw new Error("connection refused");
      },
      get: async () => {
        throw new Error("connection refused");
      },
    });
    const outcome = await runEngine(plan({ timeoutMs: 50, timeoutLabel: "50ms" }), {
      client,
      readFile,
    });
    expect(outcome.results[0]).toMatchObject({
      outcome: "timed-out",
      runId: "dpr_1",
      error: { stage: "cancel" },
    });
    expect(outcome.results[0]?.note).toContain("it may still be running");
  });

  it("moves from the fast polling phase to the slow one without losing the run", async () => {
    const calls: Array<Record<string, unknown> | undefined> = [];
    const client = scripted({
      wait: async (_id, options) => {
        calls.push(options as Record<string, unknown>);
        if (calls.length === 1) throw Object.assign(new Error("not yet"), { name: "WaitTimeoutError" });
        return run("dpr_1", "PROCESSED");
      },
    });
    const outcome = await runEngine(plan({ polling: { fastIntervalMs: 100, fastPhaseMs: 1000 } }), {
      client,
      readFile,
    });
    expect(outcome.results[0]?.outcome).toBe("processed");
    expect(calls[0]).toMatchObject({ pollIntervalMs: 100, maxPollIntervalMs: 100, timeoutMs: 1000 });
    expect(calls[1]).toMatchObject({ timeoutMs: 30_000 });
    expect(calls[1]?.["pollIntervalMs"]).toBeUndefined();
  });

  it("cancels a run that the API reports terminal-less after a WaitTimeoutError of the slow phase", async () => {
    const client = scripted({
      wait: async () => {
        throw Object.assign(new Error("too long"), {
          name: "WaitTimeoutError",
          run: run("dpr_1", "PROCESSING"),
        });
      },
    });
    const outcome = await runEngine(plan({ polling: { fastIntervalMs: 10, fastPhaseMs: 0 } }), {
      client,
      readFile,
    });
    expect(outcome.results[0]).toMatchObject({ outcome: "timed-out", status: "CANCELLED" });
  });

  it("reports a run that is already terminal on creation without waiting", async () => {
    let waited = false;
    const client = scripted({
      create: async () => run("dpr_1", "FAILED", { failureReason: "CORRUPT_FILE" }),
      wait: async () => {
        waited = true;
        return run("dpr_1", "FAILED");
      },
    });
    const outcome = await runEngine(plan(), { client, readFile });
    expect(outcome.results[0]).toMatchObject({ outcome: "failed", failureReason: "CORRUPT_FILE" });
    expect(waited).toBe(false);
  });

  it("classifies a run cancelled elsewhere as cancelled", async () => {
    const client = scripted({ wait: async () => run("dpr_1", "CANCELLED") });
    const outcome = await runEngine(plan(), { client, readFile });
    expect(outcome.results[0]).toMatchObject({
      outcome: "cancelled",
      note: "the run was cancelled outside this action",
    });
  });

  it("keeps a lost run's id when waiting fails for good", async () => {
    const client = scripted({
      wait: async () => {
        throw Object.assign(new Error("Bad gateway"), { status: 502 });
      },
    });
    const outcome = await runEngine(plan(), { client, readFile });
    expect(outcome.results[0]).toMatchObject({
      outcome: "error",
      runId: "dpr_1",
      error: { stage: "wait", status: 502 },
    });
    expect(outcome.results[0]?.note).toContain("lost track of run dpr_1");
  });
});
