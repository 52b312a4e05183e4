// A replayed run is an emulator run: it waits PENDING when its recording did, can be cancelled or
// deleted, honours sync, and identical creates get the recordings in recorded order.
import { describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../../src/admin/index.js";
import { CassetteIndex } from "../../src/cassette/match.js";
import type { Cassette, CassetteEntry } from "../../src/index.js";
import { recorderFor, replayerFor, savedCassette, upstreamEmulator, upstreamKey } from "./support.js";

/** Records run A (processing at once) and run B (queued behind A, so seen PENDING first). */
async function recordQueued(): Promise<Cassette> {
  const key = upstreamKey();
  const upstream = upstreamEmulator(key, 1000, 1);
  const { api, store } = recorderFor(upstream, key);
  const a = await api.createRun({
    processorId: "dp_invoice_extractor",
    rawText: "Invoice Number: A-1\nTotal: 1",
  });
  const b = await api.createRun({
    processorId: "dp_invoice_extractor",
    rawText: "Invoice Number: B-2\nTotal: 2",
  });
  expect([a["status"], b["status"]]).toEqual(["PROCESSING", "PENDING"]);
  await upstream.clock.advance(1000);
  expect((await api.getRun(b["id"]))["status"]).toBe("PROCESSING");
  expect((await api.getRun(a["id"]))["status"]).toBe("PROCESSED");
  await upstream.clock.advance(1000);
  expect((await api.getRun(b["id"]))["status"]).toBe("PROCESSED");
  return savedCassette(store);
}

describe("replayed runs", () => {
  it("play back a recorded PENDING phase, then PROCESSING, then the recorded output", async () => {
    const cassette = await recordQueued();
    const b = cassette.runs.find((entry) => entry.states[0] === "PENDING")!;
    expect(b.states).toEqual(["PENDING", "PROCESSING", "PROCESSED"]);
    const { emulator, api } = replayerFor(cassette);
    const run = await api.createRun({
      processorId: "dp_invoice_extractor",
      rawText: "Invoice Number: B-2\nTotal: 2",
    });
    expect(run["status"]).toBe("PENDING");
    await emulator.clock.advance(125); // a quarter of the replayer's 500 ms latency
    expect((await api.getRun(run["id"]))["status"]).toBe("PROCESSING");
    await emulator.clock.advance(500);
    const done = await api.getRun(run["id"]);
    expect(done["status"]).toBe("PROCESSED");
    expect(done["output"]).toEqual(b.run!.output);
  });

  it("honour sync, cancel and delete", async () => {
    const cassette = await recordQueued();
    const { emulator, api } = replayerFor(cassette);
    const a = { processorId: "dp_invoice_extractor", rawText: "Invoice Number: A-1\nTotal: 1" };
    const sync = api.json("POST", "/processor_runs", { ...a, sync: true });
    // The clock may only move once the run exists (hashing the request takes real time).
    while ((await api.json("GET", "/processor_runs")).body["processorRuns"].length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await emulator.clock.advance(500);
    expect((await sync).body["processorRun"]["status"]).toBe("PROCESSED");

    const cancelled = await api.createRun(a);
    expect((await api.json("POST", `/processor_runs/${cancelled["id"]}/cancel`)).status).toBe(200);
    await emulator.clock.advance(1000);
    const after = await api.getRun(cancelled["id"]);
    expect(after["status"]).toBe("CANCELLED");
    expect(after["output"]).toEqual({});

    const held = await api.createRun({
      processorId: "dp_invoice_extractor",
      rawText: "Invoice Number: B-2\nTotal: 2",
    });
    expect(held["status"]).toBe("PENDING");
    expect((await api.json("DELETE", `/processor_runs/${held["id"]}`)).status).toBe(200);
    await emulator.clock.advance(1000);
    expect((await api.json("GET", `/processor_runs/${held["id"]}`)).status).toBe(404);
    // After a reset the recordings play from the first again.
    emulator.reset();
    expect(
      await new EmulatorAdmin("http://emulator.test", { fetch: emulator.fetch }).cassette(),
    ).toMatchObject({
      matched: 0,
      unmatched: 0,
    });
  });

  it("identical creates get the recordings in order, then the last repeats", () => {
    const request = {
      processorId: "dp_x",
      version: "latest",
      config: { type: "EXTRACT", fields: [] },
      document: { rawTextSha256: "a".repeat(64) },
    };
    const reordered = { ...request, config: { fields: [], type: "EXTRACT" } };
    const entry = (credits: number): CassetteEntry => ({
      request,
      states: ["PROCESSED"],
      run: {
        status: "PROCESSED",
        processor: { id: "dp_x", name: "X", type: "EXTRACT", versionId: "dpv_x" },
        config: {},
        output: { n: credits },
        credits,
      },
    });
    const index = new CassetteIndex({
      format: "extendkit-cassette",
      version: 1,
      apiVersion: "2025-04-21",
      documents: {},
      runs: [entry(1), entry(2)],
    });
    // Key order in the config does not matter; the requested document does.
    expect(index.take(reordered)?.run?.credits).toBe(1);
    expect(index.take({ ...request })?.run?.credits).toBe(2);
    expect(index.take({ ...request })?.run?.credits).toBe(2);
    expect(index.take({ ...request, document: { rawTextSha256: "b".repeat(64) } })).toBeUndefined();
    index.rewind();
    expect(index.take(request)?.run?.credits).toBe(1);
  });
});
