import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { ConnectionError, ExtendClient, writeOutcome } from "../../src/index.js";
import { API_KEY, dropped, json, runResponse } from "../helpers/fake-fetch.js";
import { scriptedClient } from "../helpers/scripted-client.js";

const CREATE = { processorId: "dp_invoices", rawText: "hello" } as const;

// How each runtime's fetch reports a connection it could not open (recorded from Node 20/24, Deno and Bun
// against a closed 127.0.0.1 port and an unresolvable host).
const REFUSED: Record<string, unknown> = {
  "node (undici)": new TypeError("fetch failed", {
    cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }),
  }),
  "node, host not found": new TypeError("fetch failed", {
    cause: Object.assign(new Error("getaddrinfo ENOTFOUND api.example"), { code: "ENOTFOUND" }),
  }),
  deno: new TypeError("fetch failed", {
    cause: new Error(
      "error sending request for url (http://127.0.0.1:1/processor_runs): client error (Connect): tcp connect error: Connection refused (os error 111)",
    ),
  }),
  bun: Object.assign(
    new TypeError("ECONNREFUSED: Unable to connect. Is the computer able to access the url?"),
    {
      code: "ECONNREFUSED",
    },
  ),
};

// Failures after which the request may have reached the server.
const MAYBE_SENT: Record<string, unknown> = {
  "node, socket closed": (dropped() as { throw: unknown }).throw,
  "deno, closed mid-request": new TypeError("fetch failed", {
    cause: new Error(
      "error sending request from 127.0.0.1:2 for http://127.0.0.1:1/x (127.0.0.1:1): client error (SendRequest): connection closed before message completed",
    ),
  }),
  "bun, reset": Object.assign(new TypeError("ECONNRESET: The socket connection was closed unexpectedly."), {
    code: "ECONNRESET",
  }),
  "browser (says nothing)": new TypeError("Failed to fetch"),
  "workers (says nothing)": new TypeError("Network connection lost."),
  "a URL that quotes a code": new TypeError("fetch failed", {
    cause: new Error("error sending request for url (http://h/ECONNREFUSED): client error (SendRequest)"),
  }),
};

beforeEach(() => {
  vi.spyOn(Math, "random").mockReturnValue(0);
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe("a connection that could not be opened sent nothing", () => {
  for (const [runtime, thrown] of Object.entries(REFUSED)) {
    it(`${runtime}: not uncertain, and a create is repeated`, async () => {
      const once = scriptedClient([{ throw: thrown }], { maxRetries: 0 });
      const error = await once.client.processorRuns.create(CREATE).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectionError);
      expect(error).toMatchObject({ nothingSent: true, mayHaveCreatedRun: false });
      expect(writeOutcome(error)).toBe("not-sent");
      expect((error as Error).message).not.toContain("may exist");

      const again = scriptedClient([{ throw: thrown }, runResponse()]);
      await expect(again.client.processorRuns.create(CREATE)).resolves.toMatchObject({ id: "dpr_1" });
      expect(again.calls).toHaveLength(2);
    });
  }

  it("an upload is repeated the same way", async () => {
    const { client, calls } = scriptedClient([
      { throw: REFUSED["node (undici)"] },
      json(200, { success: true, file: { object: "file", id: "file_1", name: "a.pdf" } }),
    ]);
    await expect(client.files.upload(new Uint8Array([1]), { fileName: "a.pdf" })).resolves.toMatchObject({
      id: "file_1",
    });
    expect(calls).toHaveLength(2);
  });
});

describe("a connection that failed later may have delivered the request", () => {
  for (const [what, thrown] of Object.entries(MAYBE_SENT)) {
    it(`${what}: uncertain, a create is not repeated and is flagged`, async () => {
      const { client, calls } = scriptedClient([{ throw: thrown }, runResponse()]);
      const error = await client.processorRuns.create(CREATE).catch((e: unknown) => e);
      expect(error).toMatchObject({ nothingSent: false, mayHaveCreatedRun: true });
      expect(writeOutcome(error)).toBe("uncertain");
      expect(calls).toHaveLength(1);
    });
  }
});

describe("with the platform fetch against 127.0.0.1", () => {
  let server: Server;
  let live: string;
  let closed: string;

  beforeAll(async () => {
    // Accepts the request, then drops the connection without answering.
    server = createServer((req) => req.socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    live = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const spare = createServer();
    await new Promise<void>((resolve) => spare.listen(0, "127.0.0.1", resolve));
    closed = `http://127.0.0.1:${(spare.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => spare.close(() => resolve()));
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /** A client whose fetch is the platform's, counted. */
  const counted = (baseUrl: string, maxRetries: number) => {
    const sent: string[] = [];
    const client = new ExtendClient({
      apiKey: API_KEY,
      baseUrl,
      maxRetries,
      fetch: (input, init) => {
        sent.push(String(input));
        return fetch(input, init);
      },
    });
    return { client, sent };
  };

  it("a refused create is a not-sent ConnectionError, repeated per maxRetries", async () => {
    const { client, sent } = counted(closed, 1);
    const error = await client.processorRuns.create(CREATE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ nothingSent: true, mayHaveCreatedRun: false });
    expect(writeOutcome(error)).toBe("not-sent");
    expect(sent).toHaveLength(2);
  });

  it("a create whose connection drops after sending is uncertain and sent once", async () => {
    const { client, sent } = counted(live, 2);
    const error = await client.processorRuns.create(CREATE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ nothingSent: false, mayHaveCreatedRun: true });
    expect(writeOutcome(error)).toBe("uncertain");
    expect(sent).toHaveLength(1);
  });
});
