import { describe, expect, it } from "vitest";
import { ExtendClient, UsageError } from "../../src/index.js";
import { API_KEY, scriptedFetch } from "../helpers/fake-fetch.js";

function setup() {
  const fake = scriptedFetch([]);
  return { client: new ExtendClient({ apiKey: API_KEY, fetch: fake.fetch }), calls: fake.calls };
}

async function usageMessage(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UsageError);
  return (error as UsageError).message;
}

describe("misuse fails before any request, saying what to pass", () => {
  it("no apiKey", () => {
    for (const apiKey of [undefined, "", "   ", 42]) {
      expect(() => new ExtendClient({ apiKey } as never)).toThrow(UsageError);
    }
    expect(() => new ExtendClient(undefined as never)).toThrow(/apiKey/);
  });

  it("bad client options", () => {
    expect(() => new ExtendClient({ apiKey: API_KEY, baseUrl: "api.extend.ai" })).toThrow(/baseUrl/);
  });

  it("create without processorId", async () => {
    const { client, calls } = setup();
    expect(await usageMessage(client.processorRuns.create({ rawText: "x" } as never))).toMatch(/processorId/);
    expect(await usageMessage(client.processorRuns.create({ processorId: " ", rawText: "x" }))).toMatch(
      /processorId/,
    );
    expect(calls).toHaveLength(0);
  });

  it("create with both or neither of file and rawText", async () => {
    const { client, calls } = setup();
    const both = await usageMessage(
      client.processorRuns.create({ processorId: "dp_x", rawText: "x", file: { fileId: "file_1" } }),
    );
    expect(both).toMatch(/either file or rawText, not both/);
    const neither = await usageMessage(client.processorRuns.create({ processorId: "dp_x" }));
    expect(neither).toMatch(/fileId/);
    expect(neither).toMatch(/fileUrl/);
    expect(neither).toMatch(/rawText/);
    expect(calls).toHaveLength(0);
  });

  it("create with a file that has neither fileId nor fileUrl", async () => {
    const { client, calls } = setup();
    const message = await usageMessage(
      client.processorRuns.create({ processorId: "dp_x", file: { fileName: "a.pdf" } }),
    );
    expect(message).toMatch(/fileId .* or fileUrl/);
    expect(calls).toHaveLength(0);
  });

  it("priority outside 1–100 or not a whole number", async () => {
    const { client, calls } = setup();
    for (const priority of [0, 101, -5, 50.5, Number.NaN, "1" as unknown as number]) {
      expect(
        await usageMessage(client.processorRuns.create({ processorId: "dp_x", rawText: "x", priority })),
      ).toMatch(/priority must be a whole number from 1 to 100/);
    }
    expect(calls).toHaveLength(0);
  });

  it("maxPageSize outside 1–1000", async () => {
    const { client, calls } = setup();
    for (const maxPageSize of [0, 1001, 2.5]) {
      expect(await usageMessage(client.processorRuns.list({ maxPageSize }))).toMatch(
        /maxPageSize .* 1 to 1000/,
      );
      expect(await usageMessage(client.files.list({ maxPageSize }))).toMatch(/maxPageSize/);
    }
    expect(calls).toHaveLength(0);
  });

  it("empty ids", async () => {
    const { client, calls } = setup();
    await usageMessage(client.processorRuns.get(""));
    await usageMessage(client.processorRuns.cancel(" "));
    await usageMessage(client.processorRuns.delete(""));
    await usageMessage(client.processorRuns.wait(""));
    await usageMessage(client.files.get(""));
    await usageMessage(client.files.delete(""));
    await usageMessage(client.batchProcessorRuns.get(undefined as never));
    expect(calls).toHaveLength(0);
  });

  it("upload of something that is not bytes", async () => {
    const { client, calls } = setup();
    expect(await usageMessage(client.files.upload("/tmp/a.pdf" as never))).toMatch(
      /Blob, File, ArrayBuffer or Uint8Array/,
    );
    expect(calls).toHaveLength(0);
  });

  it("getNextPage on the last page", async () => {
    const fake = scriptedFetch([
      new Response(JSON.stringify({ success: true, processorRuns: [], nextPageToken: null }), {
        status: 200,
      }),
    ]);
    const client = new ExtendClient({ apiKey: API_KEY, fetch: fake.fetch });
    const page = await client.processorRuns.list();
    expect(page.hasNextPage()).toBe(false);
    expect(() => page.getNextPage()).toThrow(UsageError);
  });
});
