import { afterEach, describe, expect, it, vi } from "vitest";
import { AbortError, ConnectionError, TimeoutError } from "../../src/index.js";
import { json, runResponse } from "../helpers/fake-fetch.js";
import { scriptedClient } from "../helpers/scripted-client.js";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("per-attempt timeouts", () => {
  for (const mode of ["node20-reason", "honour-signal", "ignore-signal"] as const) {
    it(`a hung attempt becomes a TimeoutError (fetch behaviour: ${mode})`, async () => {
      const { client } = scriptedClient([{ hang: mode }], { timeoutMs: 25, maxRetries: 0 });
      const error = await client.processorRuns.get("dpr_1").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TimeoutError);
      expect(error).not.toBeInstanceOf(AbortError);
      expect(error).toMatchObject({ timeoutMs: 25 });
      expect((error as Error).message).toMatch(/timed out after 25 ms/);
    });
  }

  it("each attempt gets its own signal and a fresh timer", async () => {
    const { client, calls } = scriptedClient(
      [{ hang: "honour-signal" }, { hang: "honour-signal" }, runResponse()],
      {
        timeoutMs: 20,
      },
    );
    vi.spyOn(Math, "random").mockReturnValue(0);
    await expect(client.processorRuns.get("dpr_1")).resolves.toMatchObject({ id: "dpr_1" });
    expect(calls).toHaveLength(3);
    expect(calls[0]?.signal?.aborted).toBe(true);
    expect(calls[2]?.signal?.aborted).toBe(false);
  });

  it("the per-call timeoutMs overrides the client's", async () => {
    const { client } = scriptedClient([{ hang: "honour-signal" }], { timeoutMs: 60_000, maxRetries: 0 });
    await expect(client.processorRuns.get("dpr_1", { timeoutMs: 15 })).rejects.toMatchObject({
      name: "TimeoutError",
      timeoutMs: 15,
    });
  });

  it("sync creates get at least 330 s per attempt; async creates the client default", async () => {
    const setTimeoutSpy = vi.spyOn(globalThis, "setTimeout");
    const { client } = scriptedClient([runResponse("dpr_1", "PROCESSED"), runResponse()], {
      timeoutMs: 45_000,
    });
    await client.processorRuns.create({ processorId: "dp_x", rawText: "a", sync: true });
    await client.processorRuns.create({ processorId: "dp_x", rawText: "a" });
    const limits = setTimeoutSpy.mock.calls.map((c) => c[1]);
    expect(limits).toEqual([330_000, 45_000]);
  });

  it("a connection error is not mistaken for a timeout or an abort", async () => {
    const { client } = scriptedClient([{ throw: new TypeError("fetch failed") }], { maxRetries: 0 });
    const error = await client.processorRuns.get("dpr_1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect((error as ConnectionError).cause).toBeInstanceOf(TypeError);
  });

  it("a DOMException AbortError thrown by fetch without our signal firing is a ConnectionError", async () => {
    // e.g. a proxy layer cancelling the request: it was not the caller and not our timer.
    const { client } = scriptedClient([{ throw: new DOMException("aborted", "AbortError") }], {
      maxRetries: 0,
    });
    await expect(client.processorRuns.get("dpr_1")).rejects.toBeInstanceOf(ConnectionError);
  });
});

describe("the caller's AbortSignal", () => {
  for (const mode of ["node20-reason", "honour-signal", "ignore-signal"] as const) {
    it(`aborts a request in flight at once (fetch behaviour: ${mode})`, async () => {
      const { client, calls } = scriptedClient([{ hang: mode }]);
      const controller = new AbortController();
      const pending = client.processorRuns.get("dpr_1", { signal: controller.signal });
      setTimeout(() => controller.abort(new Error("user navigated away")), 10);
      const error = await pending.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AbortError);
      expect(error).not.toBeInstanceOf(TimeoutError);
      expect((error as AbortError).cause).toEqual(new Error("user navigated away"));
      expect(calls).toHaveLength(1);
      expect(calls[0]?.signal?.aborted).toBe(true);
    }, 2_000);
  }

  it("aborts a backoff sleep at once (a 30 s Retry-After does not hold the caller)", async () => {
    const { client, calls } = scriptedClient([json(429, {}, { "retry-after": "30" }), runResponse()]);
    const controller = new AbortController();
    const pending = client.processorRuns.get("dpr_1", { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    expect(calls).toHaveLength(1);
  }, 2_000);

  it("an already aborted signal sends nothing", async () => {
    const { client, calls } = scriptedClient([runResponse()]);
    await expect(client.processorRuns.get("dpr_1", { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      AbortError,
    );
    await expect(
      client.processorRuns.create({ processorId: "dp_x", rawText: "a" }, { signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ name: "AbortError", mayHaveCreatedRun: false });
    expect(calls).toHaveLength(0);
  });

  it("aborting a create in flight flags the run as possibly created; aborting its backoff does not", async () => {
    const inFlight = scriptedClient([{ hang: "honour-signal" }]);
    const c1 = new AbortController();
    const p1 = inFlight.client.processorRuns.create(
      { processorId: "dp_x", rawText: "a" },
      { signal: c1.signal },
    );
    setTimeout(() => c1.abort(), 10);
    await expect(p1).rejects.toMatchObject({ name: "AbortError", mayHaveCreatedRun: true });

    const backoff = scriptedClient([json(429, {}, { "retry-after": "30" })]);
    const c2 = new AbortController();
    const p2 = backoff.client.processorRuns.create(
      { processorId: "dp_x", rawText: "a" },
      { signal: c2.signal },
    );
    setTimeout(() => c2.abort(), 10);
    await expect(p2).rejects.toMatchObject({ name: "AbortError", mayHaveCreatedRun: false });
  }, 2_000);

  it("leaves no listener on the caller's signal after the call", async () => {
    const { client } = scriptedClient([runResponse(), runResponse()]);
    const controller = new AbortController();
    const add = vi.spyOn(controller.signal, "addEventListener");
    const remove = vi.spyOn(controller.signal, "removeEventListener");
    await client.processorRuns.get("dpr_1", { signal: controller.signal });
    await client.processorRuns.get("dpr_1", { signal: controller.signal });
    expect(add).toHaveBeenCalledTimes(2);
    expect(remove).toHaveBeenCalledTimes(2);
  });
});
