import { afterEach, describe, expect, it, vi } from "vitest";
import {
  AbortError,
  AuthenticationError,
  ExtendClient,
  isTerminalStatus,
  TERMINAL_STATUSES,
  WaitTimeoutError,
} from "../../src/index.js";
import { API_KEY, json, runResponse, type Step, scriptedFetch } from "../helpers/fake-fetch.js";

function setup(steps: Step[]) {
  const fake = scriptedFetch(steps);
  return {
    client: new ExtendClient({ apiKey: API_KEY, fetch: fake.fetch, maxRetries: 0 }),
    calls: fake.calls,
  };
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("terminal statuses", () => {
  it("are PROCESSED, FAILED and CANCELLED", () => {
    expect([...TERMINAL_STATUSES]).toEqual(["PROCESSED", "FAILED", "CANCELLED"]);
    for (const s of TERMINAL_STATUSES) expect(isTerminalStatus(s)).toBe(true);
    for (const s of ["PENDING", "PROCESSING", "SOMETHING_NEW"]) expect(isTerminalStatus(s)).toBe(false);
  });
});

describe("wait", () => {
  it("polls with intervals growing ×1.5 from 1 s to a 10 s cap, reporting every poll", async () => {
    vi.useFakeTimers();
    const steps: Step[] = [runResponse("dpr_1", "PENDING")];
    for (let i = 0; i < 8; i++) steps.push(runResponse("dpr_1", "PROCESSING"));
    steps.push(runResponse("dpr_1", "FAILED"));
    const { client, calls } = setup(steps);
    const updates: string[] = [];
    const done = client.processorRuns.wait("dpr_1", { onUpdate: (run) => updates.push(run.status) });
    await vi.runAllTimersAsync();
    const run = await done;
    expect(run.status).toBe("FAILED");
    expect(updates).toEqual(["PENDING", ...Array(8).fill("PROCESSING"), "FAILED"]);
    const gaps = calls.slice(1).map((c, i) => c.at - (calls[i]?.at ?? 0));
    expect(gaps).toEqual(
      [1000, 1500, 2250, 3375, 5062, 7594, 10000, 10000, 10000].map((g) => expect.closeTo(g, -1)),
    );
  });

  it("returns a run that is already terminal without sleeping", async () => {
    const { client, calls } = setup([runResponse("dpr_1", "PROCESSED")]);
    await expect(client.processorRuns.wait("dpr_1")).resolves.toMatchObject({ status: "PROCESSED" });
    expect(calls).toHaveLength(1);
  });

  it("throws WaitTimeoutError with the last run seen", async () => {
    const steps: Step[] = Array.from({ length: 20 }, () => runResponse("dpr_1", "PROCESSING"));
    const { client } = setup(steps);
    const error = await client.processorRuns
      .wait("dpr_1", { timeoutMs: 120, pollIntervalMs: 20 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as WaitTimeoutError).run?.status).toBe("PROCESSING");
    expect((error as WaitTimeoutError).timeoutMs).toBe(120);
    expect((error as Error).message).toContain("dpr_1");
  });

  it("the limit also cuts a poll that hangs", async () => {
    const { client } = setup([runResponse("dpr_1", "PROCESSING"), { hang: "ignore-signal" }]);
    const error = await client.processorRuns
      .wait("dpr_1", { timeoutMs: 80, pollIntervalMs: 10 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as WaitTimeoutError).run?.id).toBe("dpr_1");
  }, 2_000);

  it("keeps polling through transient failures", async () => {
    const { client, calls } = setup([
      runResponse("dpr_1", "PROCESSING"),
      json(503, { error: "busy" }),
      { throw: new TypeError("fetch failed") },
      runResponse("dpr_1", "PROCESSED"),
    ]);
    await expect(client.processorRuns.wait("dpr_1", { pollIntervalMs: 5 })).resolves.toMatchObject({
      status: "PROCESSED",
    });
    expect(calls).toHaveLength(4);
  });

  it("stops on a permanent error", async () => {
    const { client } = setup([runResponse("dpr_1", "PROCESSING"), json(401, { error: "bad key" })]);
    await expect(client.processorRuns.wait("dpr_1", { pollIntervalMs: 5 })).rejects.toBeInstanceOf(
      AuthenticationError,
    );
  });

  it("the caller's signal ends the wait at once, even mid-sleep", async () => {
    const { client, calls } = setup([runResponse("dpr_1", "PROCESSING"), runResponse("dpr_1", "PROCESSED")]);
    const controller = new AbortController();
    const pending = client.processorRuns.wait("dpr_1", { signal: controller.signal, pollIntervalMs: 60_000 });
    setTimeout(() => controller.abort("stop"), 20);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).cause).toBe("stop");
    expect(calls).toHaveLength(1);
  }, 2_000);

  it("createAndWait creates once, then waits", async () => {
    const { client, calls } = setup([runResponse("dpr_7", "PROCESSING"), runResponse("dpr_7", "PROCESSED")]);
    const run = await client.processorRuns.createAndWait(
      { processorId: "dp_x", rawText: "a" },
      { pollIntervalMs: 5 },
    );
    expect(run).toMatchObject({ id: "dpr_7", status: "PROCESSED" });
    expect(calls.map((c) => `${c.method} ${new URL(c.url).pathname}`)).toEqual([
      "POST /processor_runs",
      "GET /processor_runs/dpr_7",
    ]);
  });

  it("createAndWait with sync: true returns the terminal run without polling", async () => {
    const { client, calls } = setup([runResponse("dpr_7", "PROCESSED")]);
    const updates: string[] = [];
    const run = await client.processorRuns.createAndWait(
      { processorId: "dp_x", rawText: "a", sync: true },
      { onUpdate: (r) => updates.push(r.status) },
    );
    expect(run.status).toBe("PROCESSED");
    expect(updates).toEqual(["PROCESSED"]);
    expect(calls).toHaveLength(1);
  });
});
