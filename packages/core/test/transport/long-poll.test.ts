// wait/createAndWait ask the server to hold each read (`Prefer: wait`, RFC 7240) and only rely on it when
// the server says `Preference-Applied` (the extendkit proxy does; Extend does not): then they ask again at
// once instead of sleeping; otherwise they fall back to polling. The proxy side is tested in apps/worker.
import { describe, expect, it } from "vitest";
import { scriptedClient } from "../helpers/scripted-client.js";

function runResponse(status: string, applied: boolean): Response {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (applied) headers["preference-applied"] = "wait=20";
  const processorRun = { object: "document_processor_run", id: "dpr_lp", status, output: {} };
  return new Response(JSON.stringify({ success: true, processorRun }), { headers });
}

describe("wait long-polls when the server applies Prefer: wait", () => {
  it("re-asks at once after a held read (a 60 s poll interval never elapses)", async () => {
    const { client, calls } = scriptedClient([
      runResponse("PROCESSING", true),
      runResponse("PROCESSING", true),
      runResponse("PROCESSED", true),
    ]);
    const run = await client.processorRuns.wait("dpr_lp", { pollIntervalMs: 60_000, timeoutMs: 120_000 });
    expect(run.status).toBe("PROCESSED");
    expect(calls).toHaveLength(3);
    for (const call of calls) expect(call.headers.get("prefer")).toBe("wait=20");
  });

  it("asks for no more than the time the wait has left", async () => {
    const { client, calls } = scriptedClient([runResponse("PROCESSED", true)]);
    await client.processorRuns.wait("dpr_lp", { timeoutMs: 7_500 });
    expect(calls[0]!.headers.get("prefer")).toBe("wait=7");
  });

  it("falls back to polling, without the preference, when the server does not apply it", async () => {
    const { client, calls } = scriptedClient([
      runResponse("PROCESSING", false),
      runResponse("PROCESSING", false),
      runResponse("PROCESSED", false),
    ]);
    const run = await client.processorRuns.wait("dpr_lp", { pollIntervalMs: 5 });
    expect(run.status).toBe("PROCESSED");
    expect(calls.map((call) => call.headers.get("prefer"))).toEqual(["wait=20", null, null]);
  });

  it("stops asking after a transient failure before any server applied it (a CORS refusal looks so)", async () => {
    const { client, calls } = scriptedClient(
      [{ throw: new TypeError("Failed to fetch") }, runResponse("PROCESSED", false)],
      { maxRetries: 0 },
    );
    const run = await client.processorRuns.wait("dpr_lp", { pollIntervalMs: 5 });
    expect(run.status).toBe("PROCESSED");
    expect(calls.map((call) => call.headers.get("prefer"))).toEqual(["wait=20", null]);
  });

  it("keeps long-polling after a transient failure once the server has applied it", async () => {
    const { client, calls } = scriptedClient(
      [
        runResponse("PROCESSING", true),
        { throw: new TypeError("connection reset") },
        runResponse("PROCESSED", true),
      ],
      { maxRetries: 0 },
    );
    await client.processorRuns.wait("dpr_lp", { pollIntervalMs: 5 });
    expect(calls.map((call) => call.headers.get("prefer"))).toEqual(["wait=20", "wait=20", "wait=20"]);
  });
});
