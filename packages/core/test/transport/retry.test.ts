import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  ConnectionError,
  InternalServerError,
  NotFoundError,
  RateLimitError,
  TimeoutError,
} from "../../src/index.js";
import { dropped, json, runResponse } from "../helpers/fake-fetch.js";
import { scriptedClient } from "../helpers/scripted-client.js";

const CREATE = { processorId: "dp_invoices", rawText: "hello" } as const;

const error500 = () => json(500, { success: false, error: "boom" });

beforeEach(() => {
  // Zero jitter: retries happen without real waiting (the delays themselves are tested in backoff.test.ts).
  vi.spyOn(Math, "random").mockReturnValue(0);
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe("reads retry on connection errors, 408, 429 and 5xx", () => {
  for (const status of [408, 429, 500, 502, 503, 504]) {
    it(`get retries a ${status} and succeeds`, async () => {
      const { client, calls } = scriptedClient([json(status, { error: "x" }), runResponse()]);
      const run = await client.processorRuns.get("dpr_1");
      expect(run.id).toBe("dpr_1");
      expect(calls).toHaveLength(2);
    });
  }

  it("get makes 1 + maxRetries (default 2) attempts, then throws the last error", async () => {
    const { client, calls } = scriptedClient([error500(), error500(), error500()]);
    const error = await client.processorRuns.get("dpr_1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as Error).message).toContain("after 3 attempts");
    expect(calls).toHaveLength(3);
  });

  it("honours maxRetries from the client and per call", async () => {
    const zero = scriptedClient([error500()], { maxRetries: 0 });
    await expect(zero.client.processorRuns.get("dpr_1")).rejects.toBeInstanceOf(InternalServerError);
    expect(zero.calls).toHaveLength(1);

    const five = scriptedClient([error500(), error500(), error500(), error500(), error500(), runResponse()]);
    await five.client.processorRuns.get("dpr_1", { maxRetries: 5 });
    expect(five.calls).toHaveLength(6);
  });

  it("get retries a dropped connection", async () => {
    const { client, calls } = scriptedClient([dropped(), dropped(), runResponse()]);
    await expect(client.processorRuns.get("dpr_1")).resolves.toMatchObject({ id: "dpr_1" });
    expect(calls).toHaveLength(3);
  });

  it("a dropped connection that persists is a ConnectionError", async () => {
    const { client, calls } = scriptedClient([dropped(), dropped(), dropped()]);
    const error = await client.processorRuns.get("dpr_1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toContain("failed to connect: fetch failed: other side closed");
    expect(calls).toHaveLength(3);
  });

  it("get retries a per-attempt timeout", async () => {
    const { client, calls } = scriptedClient([{ hang: "node20-reason" }, runResponse()], { timeoutMs: 20 });
    await expect(client.processorRuns.get("dpr_1")).resolves.toMatchObject({ id: "dpr_1" });
    expect(calls).toHaveLength(2);
  });

  for (const status of [400, 401, 402, 403, 404, 409, 422]) {
    it(`get does not retry a ${status}`, async () => {
      const { client, calls } = scriptedClient([json(status, { error: "no" })]);
      await expect(client.processorRuns.get("dpr_1")).rejects.toMatchObject({ status });
      expect(calls).toHaveLength(1);
    });
  }

  it("get retries a 200 whose body is not JSON (a garbled answer) and then succeeds", async () => {
    const truncated = JSON.stringify({ success: true, processorRun: { id: "dpr_1" } }).slice(0, 25);
    const { client, calls } = scriptedClient([
      new Response("<html>oops", { status: 200 }),
      new Response(truncated, { status: 200 }),
      runResponse("dpr_1", "PROCESSED"),
    ]);
    await expect(client.processorRuns.get("dpr_1")).resolves.toMatchObject({
      id: "dpr_1",
      status: "PROCESSED",
    });
    expect(calls).toHaveLength(3);
  });

  it("a garbled 200 that persists is an InvalidResponseError after every attempt", async () => {
    const garbled = () => new Response("{", { status: 200 });
    const { client, calls } = scriptedClient([garbled(), garbled(), garbled()]);
    const error = await client.processorRuns.get("dpr_1").catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "InvalidResponseError", status: 200, retryable: true });
    expect((error as Error).message).toContain("after 3 attempts");
    expect(calls).toHaveLength(3);
  });

  it("list, cancel, delete and files.list retry a garbled 200 too (they are idempotent)", async () => {
    const garbled = () => new Response("<!DOCTYPE html>", { status: 200 });
    const { client, calls } = scriptedClient([
      garbled(),
      json(200, { success: true, processorRuns: [], nextPageToken: null }),
      garbled(),
      runResponse("dpr_1", "CANCELLED"),
      garbled(),
      json(200, { success: true, documentProcessorRunId: "dpr_1", message: "deleted" }),
      garbled(),
      json(200, { success: true, files: [], nextPageToken: null }),
    ]);
    await expect(client.processorRuns.list()).resolves.toMatchObject({ data: [] });
    await expect(client.processorRuns.cancel("dpr_1")).resolves.toMatchObject({ status: "CANCELLED" });
    await expect(client.processorRuns.delete("dpr_1")).resolves.toEqual({ id: "dpr_1", message: "deleted" });
    await expect(client.files.list()).resolves.toMatchObject({ data: [] });
    expect(calls.map((c) => c.method)).toEqual([
      "GET",
      "GET",
      "POST",
      "POST",
      "DELETE",
      "DELETE",
      "GET",
      "GET",
    ]);
  });

  it("list, cancel, delete, files.get/list/delete and batch get retry too", async () => {
    const listPage = json(200, { success: true, processorRuns: [], nextPageToken: null });
    const { client, calls } = scriptedClient([
      error500(),
      listPage,
      json(503, {}),
      runResponse("dpr_1", "CANCELLED"),
      dropped(),
      json(200, { success: true, documentProcessorRunId: "dpr_1", message: "deleted" }),
      json(429, {}),
      json(200, { success: true, file: { object: "file", id: "file_1" } }),
      json(502, {}),
      json(200, { success: true, files: [], nextPageToken: null }),
      json(500, {}),
      json(200, { success: true, fileId: "file_1", message: "deleted" }),
      json(504, {}),
      json(200, { success: true, batchProcessorRun: { object: "batch_processor_run", id: "bpr_1" } }),
    ]);
    await client.processorRuns.list();
    await client.processorRuns.cancel("dpr_1");
    await client.processorRuns.delete("dpr_1");
    await client.files.get("file_1");
    await client.files.list();
    await client.files.delete("file_1");
    await client.batchProcessorRuns.get("bpr_1");
    expect(calls.map((c) => c.method)).toEqual([
      "GET",
      "GET",
      "POST",
      "POST",
      "DELETE",
      "DELETE",
      "GET",
      "GET",
      "GET",
      "GET",
      "DELETE",
      "DELETE",
      "GET",
      "GET",
    ]);
  });
});

describe("create never risks a duplicate run", () => {
  for (const status of [500, 502, 504]) {
    it(`is not retried after a ${status} and says the run may exist`, async () => {
      const { client, calls } = scriptedClient([json(status, { error: "upstream" })]);
      const error = await client.processorRuns.create(CREATE).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InternalServerError);
      expect(error).toMatchObject({ mayHaveCreatedRun: true, status });
      expect((error as Error).message).toContain('client.processorRuns.list({ processorId: "dp_invoices"');
      expect((error as Error).message).toContain("metadata");
      expect(calls).toHaveLength(1);
    });
  }

  it("is not retried after a 503 without Retry-After", async () => {
    const { client, calls } = scriptedClient([json(503, { error: "unavailable" })]);
    await expect(client.processorRuns.create(CREATE)).rejects.toMatchObject({ mayHaveCreatedRun: true });
    expect(calls).toHaveLength(1);
  });

  it("is not retried after a 408", async () => {
    const { client, calls } = scriptedClient([json(408, { error: "timeout" })]);
    await expect(client.processorRuns.create(CREATE)).rejects.toMatchObject({ mayHaveCreatedRun: true });
    expect(calls).toHaveLength(1);
  });

  it("is not retried after a dropped connection", async () => {
    const { client, calls } = scriptedClient([dropped(), runResponse()]);
    const error = await client.processorRuns.create(CREATE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ mayHaveCreatedRun: true });
    expect((error as Error).message).toContain("client.processorRuns.list(");
    expect(calls).toHaveLength(1);
  });

  it("is not retried after a per-attempt timeout", async () => {
    const { client, calls } = scriptedClient([{ hang: "honour-signal" }, runResponse()], { timeoutMs: 20 });
    const error = await client.processorRuns.create(CREATE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ mayHaveCreatedRun: true, timeoutMs: 20 });
    expect(calls).toHaveLength(1);
  });

  it("is not retried after a 200 whose body is not JSON (the run exists)", async () => {
    // A second step is scripted so that a (wrong) retry would succeed and be counted.
    const { client, calls } = scriptedClient([new Response("<html>", { status: 200 }), runResponse("dpr_2")]);
    const error = await client.processorRuns.create(CREATE).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "InvalidResponseError", status: 200, mayHaveCreatedRun: true });
    expect((error as Error).message).toContain('client.processorRuns.list({ processorId: "dp_invoices"');
    expect(calls).toHaveLength(1);
  });

  it("is not retried after a 200 with truncated JSON either", async () => {
    const truncated = JSON.stringify({ success: true, processorRun: { id: "dpr_1" } }).slice(0, 25);
    const { client, calls } = scriptedClient([
      new Response(truncated, { status: 200 }),
      runResponse("dpr_2"),
    ]);
    await expect(client.processorRuns.create(CREATE)).rejects.toMatchObject({ mayHaveCreatedRun: true });
    expect(calls).toHaveLength(1);
  });

  it("is retried after a 429 (the server turned it away)", async () => {
    const { client, calls } = scriptedClient([json(429, { error: "slow down" }), runResponse()]);
    await expect(client.processorRuns.create(CREATE)).resolves.toMatchObject({ id: "dpr_1" });
    expect(calls).toHaveLength(2);
    expect(calls[1]?.body).toBe(calls[0]?.body);
  });

  it("is retried after a 503 with Retry-After", async () => {
    const { client, calls } = scriptedClient([
      json(503, { error: "busy" }, { "retry-after": "0" }),
      runResponse(),
    ]);
    await expect(client.processorRuns.create(CREATE)).resolves.toMatchObject({ id: "dpr_1" });
    expect(calls).toHaveLength(2);
  });

  it("a 429 that persists is a RateLimitError that certainly created nothing", async () => {
    const { client, calls } = scriptedClient([json(429, {}), json(429, {}), json(429, { error: "still" })]);
    const error = await client.processorRuns.create(CREATE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ mayHaveCreatedRun: false });
    expect((error as Error).message).not.toContain("processorRuns.list");
    expect(calls).toHaveLength(3);
  });

  it("a 429 then a 500 stops at the 500 and flags the run", async () => {
    const { client, calls } = scriptedClient([json(429, {}), error500()]);
    await expect(client.processorRuns.create(CREATE)).rejects.toMatchObject({ mayHaveCreatedRun: true });
    expect(calls).toHaveLength(2);
  });

  it("a 4xx certainly created nothing", async () => {
    const { client } = scriptedClient([json(404, { error: "Processor not found" })]);
    const error = await client.processorRuns.create(CREATE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ mayHaveCreatedRun: false });
  });

  it("uploads follow the same rule (no retry on 500, retry on 429)", async () => {
    const once = scriptedClient([error500()]);
    await expect(
      once.client.files.upload(new Uint8Array([1, 2]), { fileName: "a.pdf" }),
    ).rejects.toMatchObject({
      status: 500,
      mayHaveCreatedRun: false,
    });
    expect(once.calls).toHaveLength(1);

    const fileOk = json(200, { success: true, file: { object: "file", id: "file_1", name: "a.pdf" } });
    const garbled = scriptedClient([new Response("{", { status: 200 }), fileOk]);
    await expect(
      garbled.client.files.upload(new Uint8Array([1, 2]), { fileName: "a.pdf" }),
    ).rejects.toMatchObject({ name: "InvalidResponseError", mayHaveCreatedRun: false });
    expect(garbled.calls).toHaveLength(1);

    const fileOk2 = json(200, { success: true, file: { object: "file", id: "file_1", name: "a.pdf" } });
    const twice = scriptedClient([json(429, {}), fileOk2]);
    await expect(
      twice.client.files.upload(new Uint8Array([1, 2]), { fileName: "a.pdf" }),
    ).resolves.toMatchObject({
      id: "file_1",
    });
    expect(twice.calls).toHaveLength(2);
  });
});
