// Every create core may repeat (runs, uploads) carries one generated Idempotency-Key, the same on each
// attempt of a call and different between calls. The emulator records request headers in its journal.
import { DEFAULT_PROCESSORS } from "@extendkit/emulator";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type Harness, startHarness } from "../helpers/emulator.js";

const processorId = DEFAULT_PROCESSORS.invoiceExtractor;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
let h: Harness;

beforeEach(() => {
  vi.spyOn(Math, "random").mockReturnValue(0);
  h = startHarness();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await h.close();
});

async function keysOf(path: string): Promise<Array<string | undefined>> {
  return (await h.admin.journal())
    .filter((entry) => entry.method === "POST" && entry.path === path)
    .map((entry) => entry.headers["idempotency-key"]);
}

describe("Idempotency-Key on creates", () => {
  it("a run create sends one generated key, the same on its retry", async () => {
    await h.admin.addFaults({
      method: "POST",
      path: "/processor_runs",
      status: 429,
      retryAfterSeconds: 0,
      count: 1,
    });
    await h.client.processorRuns.create({ processorId, rawText: "a" });
    const keys = await keysOf("/processor_runs");
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(UUID);
    expect(keys[1]).toBe(keys[0]);
  });

  it("an upload sends one generated key, the same on its retry", async () => {
    await h.admin.addFaults({
      method: "POST",
      path: "/files/upload",
      status: 503,
      retryAfterSeconds: 0,
      count: 1,
    });
    await h.client.files.upload(new Blob(["Invoice 3 total 2 USD"], { type: "text/plain" }), {
      fileName: "a.txt",
    });
    const keys = await keysOf("/files/upload");
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(UUID);
    expect(keys[1]).toBe(keys[0]);
  });

  it("separate calls get separate keys; reads send none; a caller's own key wins", async () => {
    await h.client.processorRuns.create({ processorId, rawText: "a" });
    const run = await h.client.processorRuns.create({ processorId, rawText: "b" });
    await h.client.processorRuns.create(
      { processorId, rawText: "c" },
      { headers: { "Idempotency-Key": "caller-key-1" } },
    );
    await h.client.processorRuns.get(run.id);
    const keys = await keysOf("/processor_runs");
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(3);
    expect(keys[2]).toBe("caller-key-1");
    const reads = (await h.admin.journal()).filter((entry) => entry.method === "GET");
    expect(reads.every((entry) => entry.headers["idempotency-key"] === undefined)).toBe(true);
  });
});
