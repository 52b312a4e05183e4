import { DEFAULT_PROCESSORS } from "@extendkit/emulator";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ConnectionError, InternalServerError, InvalidResponseError } from "../../src/index.js";
import { type Harness, startHarness } from "../helpers/emulator.js";

const processorId = DEFAULT_PROCESSORS.invoiceExtractor;
let h: Harness;

beforeEach(() => {
  vi.spyOn(Math, "random").mockReturnValue(0);
  h = startHarness();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await h.close();
});

const creates = async () =>
  (await h.admin.journal()).filter((r) => r.method === "POST" && r.path === "/processor_runs");
const runsOf = async () => {
  const ids: string[] = [];
  for await (const run of h.client.processorRuns.list({ processorId })) ids.push(run.id);
  return ids;
};

describe("against injected faults", () => {
  it("a 429 with Retry-After on create is retried and creates exactly one run", async () => {
    await h.admin.addFaults({
      method: "POST",
      path: "/processor_runs",
      status: 429,
      retryAfterSeconds: 0,
      count: 1,
    });
    const run = await h.client.processorRuns.create({ processorId, rawText: "a" });
    expect(await creates()).toHaveLength(2);
    expect(await runsOf()).toEqual([run.id]);
  });

  it("a 503 with Retry-After on create is retried", async () => {
    await h.admin.addFaults({
      method: "POST",
      path: "/processor_runs",
      status: 503,
      retryAfterSeconds: 0,
      count: 1,
    });
    await h.client.processorRuns.create({ processorId, rawText: "a" });
    expect(await creates()).toHaveLength(2);
  });

  it("a 500 after the server accepted the create is not retried, and the hint finds the run", async () => {
    await h.admin.addFaults({
      method: "POST",
      path: "/processor_runs",
      status: 500,
      afterHandling: true,
      count: 1,
    });
    const error = await h.client.processorRuns
      .create({ processorId, rawText: "a", metadata: { requestKey: "k-1" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ mayHaveCreatedRun: true });
    expect(await creates()).toHaveLength(1);
    // Following the error's advice finds the one run the server did create.
    const found = await runsOf();
    expect(found).toHaveLength(1);
    const run = await h.client.processorRuns.get(found[0]!);
    expect(run.metadata).toMatchObject({ requestKey: "k-1" });
  });

  it("a dropped connection on create is not retried", async () => {
    await h.admin.addFaults({
      method: "POST",
      path: "/processor_runs",
      drop: true,
      afterHandling: true,
      count: 1,
    });
    const error = await h.client.processorRuns.create({ processorId, rawText: "a" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ mayHaveCreatedRun: true });
    expect(await creates()).toHaveLength(1);
    expect(await runsOf()).toHaveLength(1);
  });

  it("reads ride through drops, 502s and 503s", async () => {
    const run = await h.client.processorRuns.create({ processorId, rawText: "a" });
    await h.admin.addFaults([
      { method: "GET", path: "/processor_runs/*", drop: true, count: 1 },
      { method: "GET", path: "/processor_runs/*", status: 502, count: 1 },
    ]);
    await expect(h.client.processorRuns.get(run.id)).resolves.toMatchObject({ id: run.id });
    const journal = await h.admin.journal();
    expect(journal.filter((r) => r.method === "GET").length).toBe(3);
  });

  it("a malformed 200 on a get is retried; one that persists is an InvalidResponseError", async () => {
    const run = await h.client.processorRuns.create({ processorId, rawText: "a" });
    await h.admin.addFaults({ method: "GET", path: "/processor_runs/*", malformed: true, count: 1 });
    await expect(h.client.processorRuns.get(run.id)).resolves.toMatchObject({ id: run.id });

    await h.admin.addFaults({ method: "GET", path: "/processor_runs/*", malformed: true, count: 3 });
    const error = await h.client.processorRuns.get(run.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ status: 200 });
    const gets = (await h.admin.journal()).filter((r) => r.method === "GET");
    expect(gets.filter((r) => r.fault !== undefined)).toHaveLength(4);
    expect(gets).toHaveLength(5);
  });

  it("a malformed 200 after the run was created is not retried and flags the run", async () => {
    await h.admin.addFaults({
      method: "POST",
      path: "/processor_runs",
      malformed: true,
      afterHandling: true,
      count: 1,
    });
    const error = await h.client.processorRuns.create({ processorId, rawText: "a" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ mayHaveCreatedRun: true });
    expect(await creates()).toHaveLength(1);
    expect(await runsOf()).toHaveLength(1);
  });
});
