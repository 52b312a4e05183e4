import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AbortError, ConnectionError, ExtendClient, TimeoutError } from "../../src/index.js";
import { API_KEY } from "../helpers/fake-fetch.js";

// The runtime's own fetch (undici on Node) against a local server that misbehaves on purpose: this is
// where Node 20 rethrows the abort reason instead of an AbortError.
let server: Server;
let base: string;
const open: ServerResponse[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    open.push(res);
    if (req.url?.includes("hang-headers")) return; // never answers
    if (req.url?.includes("hang-body")) {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"success":true,'); // then stalls mid-body
      return;
    }
    if (req.url?.includes("drop-body")) {
      res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      res.write('{"success":true,');
      setTimeout(() => res.socket?.destroy(), 10);
      return;
    }
    res
      .writeHead(200, { "content-type": "application/json" })
      .end('{"success":true,"processorRun":{"id":"dpr_ok"}}');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of open) res.socket?.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const client = (maxRetries = 0) => new ExtendClient({ apiKey: API_KEY, baseUrl: base, maxRetries });

describe("with the platform fetch", () => {
  it("works at all", async () => {
    await expect(client().processorRuns.get("dpr_ok")).resolves.toMatchObject({ id: "dpr_ok" });
  });

  it("a server that never answers → TimeoutError", async () => {
    const error = await client()
      .processorRuns.get("hang-headers", { timeoutMs: 50 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it("a body that stalls → TimeoutError", async () => {
    const error = await client()
      .processorRuns.get("hang-body", { timeoutMs: 50 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it("the caller aborts while waiting for headers → AbortError", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const error = await client()
      .processorRuns.get("hang-headers", { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
  });

  it("the caller aborts while the body streams → AbortError", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const error = await client()
      .processorRuns.get("hang-body", { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
  });

  it("a connection cut mid-body → ConnectionError (retried for reads)", async () => {
    const error = await client(1)
      .processorRuns.get("drop-body")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toContain("after 2 attempts");
  });

  it("a refused connection → ConnectionError", async () => {
    const refused = new ExtendClient({ apiKey: API_KEY, baseUrl: "http://127.0.0.1:9", maxRetries: 0 });
    await expect(refused.processorRuns.get("x")).rejects.toBeInstanceOf(ConnectionError);
  });
});
