import { afterEach, describe, expect, it, vi } from "vitest";
import { ExtendClient } from "../../src/index.js";
import { API_KEY, json, runResponse, scriptedFetch } from "../helpers/fake-fetch.js";
import { scriptedClient } from "../helpers/scripted-client.js";

const fileOk = () => json(200, { success: true, file: { object: "file", id: "file_1", name: "a.pdf" } });

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("headers", () => {
  it("sends auth and the API version on every request, content-type only with a JSON body", async () => {
    const { client, calls } = scriptedClient([
      runResponse(),
      runResponse(),
      json(200, { success: true, processorRuns: [], nextPageToken: null }),
      runResponse("dpr_1", "CANCELLED"),
      json(200, { success: true, documentProcessorRunId: "dpr_1", message: "ok" }),
      fileOk(),
      fileOk(),
      json(200, { success: true, files: [] }),
      json(200, { success: true, fileId: "file_1" }),
      json(200, { success: true, batchProcessorRun: { id: "bpr_1" } }),
    ]);
    await client.processorRuns.create({ processorId: "dp_x", rawText: "hi" });
    await client.processorRuns.get("dpr_1");
    await client.processorRuns.list();
    await client.processorRuns.cancel("dpr_1");
    await client.processorRuns.delete("dpr_1");
    await client.files.upload(new Uint8Array([37, 80, 68, 70]), { fileName: "a.pdf" });
    await client.files.get("file_1");
    await client.files.list();
    await client.files.delete("file_1");
    await client.batchProcessorRuns.get("bpr_1");
    expect(calls).toHaveLength(10);
    for (const call of calls) {
      expect(call.headers.get("authorization")).toBe(`Bearer ${API_KEY}`);
      expect(call.headers.get("x-extend-api-version")).toBe("2025-04-21");
    }
    expect(calls.map((c) => c.headers.get("content-type"))).toEqual([
      "application/json",
      null,
      null,
      null,
      null,
      null, // multipart: fetch sets the boundary itself
      null,
      null,
      null,
      null,
    ]);
    expect(calls[3]?.body).toBeUndefined();
    expect(JSON.parse(String(calls[0]?.body))).toEqual({ processorId: "dp_x", rawText: "hi" });
  });

  it("apiVersion, client headers and per-call headers", async () => {
    const { client, calls } = scriptedClient([runResponse(), runResponse()], {
      apiVersion: "2024-12-23",
      headers: { "x-team": "a", "x-trace": "client" },
    });
    await client.processorRuns.get("dpr_1");
    await client.processorRuns.get("dpr_1", { headers: { "x-trace": "call" } });
    expect(calls[0]?.headers.get("x-extend-api-version")).toBe("2024-12-23");
    expect(calls[0]?.headers.get("x-team")).toBe("a");
    expect(calls[0]?.headers.get("x-trace")).toBe("client");
    expect(calls[1]?.headers.get("x-trace")).toBe("call");
  });

  it("adds no SDK-identification headers (a CORS proxy would have to allow each one)", async () => {
    const { client, calls } = scriptedClient([runResponse()]);
    await client.processorRuns.get("dpr_1");
    expect([...(calls[0]?.headers.keys() ?? [])].sort()).toEqual([
      "accept",
      "authorization",
      "x-extend-api-version",
    ]);
  });
});

describe("URLs", () => {
  it("defaults to https://api.extend.ai and keeps a base path (proxies)", async () => {
    const stub = scriptedFetch([runResponse(), runResponse()]);
    vi.stubGlobal("fetch", stub.fetch);
    await new ExtendClient({ apiKey: API_KEY }).processorRuns.get("dpr_1");
    await new ExtendClient({ apiKey: API_KEY, baseUrl: "https://proxy.example/extend/" }).processorRuns.get(
      "dpr_1",
    );
    expect(stub.calls.map((c) => c.url)).toEqual([
      "https://api.extend.ai/processor_runs/dpr_1",
      "https://proxy.example/extend/processor_runs/dpr_1",
    ]);
  });

  it("looks up globalThis.fetch at call time, not at construction", async () => {
    const client = new ExtendClient({ apiKey: API_KEY });
    const stub = scriptedFetch([runResponse()]);
    vi.stubGlobal("fetch", stub.fetch);
    await client.processorRuns.get("dpr_1");
    expect(stub.calls).toHaveLength(1);
  });

  it("encodes ids so they cannot change the route", async () => {
    const batch = { object: "batch_processor_run", id: "bpr_ü" };
    const { client, calls } = scriptedClient([
      runResponse(),
      runResponse(),
      fileOk(),
      json(200, { success: true, batchProcessorRun: batch }),
    ]);
    await client.processorRuns.get("../files/x?y=1#z");
    await client.processorRuns.cancel("a/b");
    await client.files.get("file 1");
    await client.batchProcessorRuns.get("bpr_ü");
    expect(calls.map((c) => c.url)).toEqual([
      "http://127.0.0.1:9/processor_runs/..%2Ffiles%2Fx%3Fy%3D1%23z",
      "http://127.0.0.1:9/processor_runs/a%2Fb/cancel",
      "http://127.0.0.1:9/files/file%201",
      "http://127.0.0.1:9/batch_processor_runs/bpr_%C3%BC",
    ]);
  });

  it('refuses the ids "." and "..", which no encoding keeps inside the route', async () => {
    const { client, calls } = scriptedClient([runResponse()]);
    // new URL("http://h/processor_runs/..") is http://h/: the request would reach another resource.
    for (const id of [".", ".."]) {
      await expect(client.processorRuns.get(id)).rejects.toThrow(/Pass a non-empty id string/);
      await expect(client.files.delete(id)).rejects.toThrow(/not "\.{1,2}"/);
    }
    expect(calls).toHaveLength(0);
    await client.processorRuns.get("..a");
    expect(calls.map((c) => c.url)).toEqual(["http://127.0.0.1:9/processor_runs/..a"]);
  });

  it("serialises list filters and encodes page tokens", async () => {
    const token = "xK9mLPqRtN3vS8wF5hB2cQ==:zWvUxYjM4nKpL7aDgE9HbTcR2mAyX3/Q+CNkfBSw1dZ=";
    const { client, calls } = scriptedClient([
      json(200, { success: true, processorRuns: [], nextPageToken: null }),
    ]);
    await client.processorRuns.list({
      status: "PROCESSED",
      processorId: "dp_x",
      processorType: "EXTRACT",
      source: "API",
      sourceId: "wr_1",
      fileNameContains: "inv oice",
      sortBy: "createdAt",
      sortDir: "asc",
      maxPageSize: 50,
      nextPageToken: token,
    });
    const url = new URL(calls[0]?.url ?? "");
    expect(url.pathname).toBe("/processor_runs");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      status: "PROCESSED",
      processorId: "dp_x",
      processorType: "EXTRACT",
      source: "API",
      sourceId: "wr_1",
      fileNameContains: "inv oice",
      sortBy: "createdAt",
      sortDir: "asc",
      maxPageSize: "50",
      nextPageToken: token,
    });
    expect(calls[0]?.url).toContain(
      "nextPageToken=xK9mLPqRtN3vS8wF5hB2cQ%3D%3D%3AzWvUxYjM4nKpL7aDgE9HbTcR2mAyX3%2FQ%2B",
    );
  });

  it("files.get sends only the flags asked for; files.list its filters", async () => {
    const { client, calls } = scriptedClient([fileOk(), fileOk(), json(200, { success: true, files: [] })]);
    await client.files.get("file_1");
    await client.files.get("file_1", { rawText: true, markdown: true, html: false });
    await client.files.list({ nameContains: "inv", sortDir: "desc", maxPageSize: 5 });
    expect(calls.map((c) => c.url)).toEqual([
      "http://127.0.0.1:9/files/file_1",
      "http://127.0.0.1:9/files/file_1?rawText=true&markdown=true",
      "http://127.0.0.1:9/files?nameContains=inv&sortDir=desc&maxPageSize=5",
    ]);
  });
});

describe("uploads", () => {
  async function uploaded(
    data: Blob | ArrayBuffer | Uint8Array,
    params?: { fileName?: string; convertToPdf?: boolean },
  ) {
    const { client, calls } = scriptedClient([fileOk()]);
    const file = await client.files.upload(data, params);
    expect(file.id).toBe("file_1");
    const call = calls[0]!;
    expect(call.method).toBe("POST");
    expect(call.body).toBeInstanceOf(FormData);
    const part = (call.body as FormData).get("file") as File;
    return { call, part, bytes: new Uint8Array(await part.arrayBuffer()) };
  }

  it("sends a multipart form with the field `file` and the file name", async () => {
    const { call, part, bytes } = await uploaded(new Uint8Array([37, 80, 68, 70]), {
      fileName: "invoice.pdf",
    });
    expect(call.url).toBe("http://127.0.0.1:9/files/upload");
    expect(part.name).toBe("invoice.pdf");
    expect([...bytes]).toEqual([37, 80, 68, 70]);
  });

  it("accepts ArrayBuffer, Blob and File (whose name is used)", async () => {
    const fromBuffer = await uploaded(new Uint8Array([1, 2, 3]).buffer, { fileName: "scan.png" });
    expect(fromBuffer.part.name).toBe("scan.png");
    expect([...fromBuffer.bytes]).toEqual([1, 2, 3]);

    const fromBlob = await uploaded(new Blob(["hello"], { type: "text/plain" }), { fileName: "note.txt" });
    expect(fromBlob.part.name).toBe("note.txt");
    expect(new TextDecoder().decode(fromBlob.bytes)).toBe("hello");

    const fromFile = await uploaded(new File(["a,b"], "table.csv", { type: "text/csv" }));
    expect(fromFile.part.name).toBe("table.csv");
    expect(fromFile.part.type).toBe("text/csv");

    const unnamed = await uploaded(new Blob(["x"]));
    expect(unnamed.part.name).toBe("upload");
  });

  it("adds ?convertToPdf=true only when asked", async () => {
    const converted = await uploaded(new Uint8Array([1]), { fileName: "a.png", convertToPdf: true });
    expect(converted.call.url).toBe("http://127.0.0.1:9/files/upload?convertToPdf=true");
    const plain = await uploaded(new Uint8Array([1]), { fileName: "a.png", convertToPdf: false });
    expect(plain.call.url).toBe("http://127.0.0.1:9/files/upload");
  });
});

describe("results", () => {
  it("unwrap the envelope; withResponse() exposes the raw response", async () => {
    const { client } = scriptedClient([
      runResponse("dpr_9", "PROCESSED", { "x-request-id": "req_1" }),
      runResponse("dpr_9"),
    ]);
    const { data, response } = await client.processorRuns.get("dpr_9").withResponse();
    expect(data.id).toBe("dpr_9");
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("req_1");
    const run = await client.processorRuns.get("dpr_9");
    expect(run).not.toHaveProperty("success");
  });

  it("delete results are normalised", async () => {
    const { client } = scriptedClient([
      json(200, { success: true, documentProcessorRunId: "dpr_1", message: "Deleted" }),
      json(200, { success: true, fileId: "file_1", message: "File deleted" }),
    ]);
    expect(await client.processorRuns.delete("dpr_1")).toEqual({ id: "dpr_1", message: "Deleted" });
    expect(await client.files.delete("file_1")).toEqual({ id: "file_1", message: "File deleted" });
  });

  it("unknown fields and enum values pass through untouched", async () => {
    const body = {
      success: true,
      processorRun: { id: "dpr_1", status: "QUEUED_V2", type: "PARSE", extra: { a: 1 } },
    };
    const { client } = scriptedClient([json(200, body)]);
    const run = await client.processorRuns.get("dpr_1");
    expect(run).toEqual(body.processorRun);
  });

  it("an APIPromise is a real Promise and supports catch/finally", async () => {
    const { client } = scriptedClient([json(404, { error: "x" })]);
    const p = client.processorRuns.get("dpr_1");
    expect(p).toBeInstanceOf(Promise);
    let finalised = false;
    const caught = await p
      .finally(() => {
        finalised = true;
      })
      .catch((e: unknown) => (e as Error).name);
    expect(caught).toBe("NotFoundError");
    expect(finalised).toBe(true);
  });
});
