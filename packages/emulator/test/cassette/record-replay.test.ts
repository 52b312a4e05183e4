import { describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../../src/admin/index.js";
import { emulatorServices } from "../../src/emulator.js";
import { CASSETTE_VERSION } from "../../src/index.js";
import type { Loose } from "../support/api.js";
import {
  recorderFor,
  replayerFor,
  savedCassette,
  upstreamEmulator,
  upstreamKey,
  type WorkloadResult,
  workload,
} from "./support.js";

async function record() {
  const key = upstreamKey();
  const upstream = upstreamEmulator(key);
  const { recorder, store, api } = recorderFor(upstream, key);
  const result = await workload(api, (ms) => upstream.clock.advance(ms));
  return { key, upstream, recorder, store, result };
}

function comparable(result: WorkloadResult) {
  const pick = (run: Record<string, unknown>) => ({
    status: run["status"],
    output: JSON.stringify(run["output"]),
    failureReason: run["failureReason"],
    failureMessage: run["failureMessage"],
    processorId: run["processorId"],
    processorVersionId: run["processorVersionId"],
    processorName: run["processorName"],
    type: run["type"],
    usage: run["usage"],
  });
  const { requestId: _id, ...refusedBody } = result.refused.body;
  return {
    extract: pick(result.extract),
    classify: pick(result.classify),
    failed: pick(result.failed),
    refused: { status: result.refused.status, body: refusedBody },
    statuses: result.statuses,
  };
}

describe("record & replay (in process, an emulator as the upstream)", () => {
  it("records finished runs with the statuses the client saw, and replays them under new ids", async () => {
    const recorded = await record();
    const cassette = savedCassette(recorded.store);
    expect(cassette.version).toBe(CASSETTE_VERSION);
    expect(cassette.runs).toHaveLength(5); // extract, classify, split, failed, refused
    expect(
      Object.values(cassette.documents)
        .map((d) => d.name)
        .sort(),
    ).toEqual(["invoice.txt", "packet.txt"]);
    const extract = cassette.runs.find((e) => e.request.processorId === "dp_invoice_extractor" && e.run)!;
    expect(extract.states).toEqual(["PROCESSING", "PROCESSED"]);
    expect(extract.request.config).toBeNull();
    expect("sha256" in extract.request.document).toBe(true);
    const refused = cassette.runs.find((e) => e.error)!;
    expect(refused.error!.status).toBe(400);
    expect(refused.states).toEqual([]);
    // The splitter names its own file: recorded as a placeholder, not the upstream's id.
    const split = cassette.runs.find((e) => e.request.processorId === "dp_packet_splitter")!;
    expect(JSON.stringify(split.run!.output)).toContain("{{fileId}}");
    expect(recorded.store.text).not.toContain(recorded.result.splitFileId);

    const replay = replayerFor(cassette);
    const replayed = await workload(replay.api, (ms) => replay.emulator.clock.advance(ms));
    expect(comparable(replayed)).toEqual(comparable(recorded.result));
    // New ids everywhere, and the splitter's output names the replay's own file.
    expect(replayed.extract["id"]).not.toBe(recorded.result.extract["id"]);
    const splitOutput = JSON.stringify(replayed.split["output"]);
    expect(splitOutput).toContain(replayed.splitFileId);
    expect(splitOutput).toBe(
      JSON.stringify(recorded.result.split["output"]).replaceAll(
        recorded.result.splitFileId,
        replayed.splitFileId,
      ),
    );
    expect(replayed.refused.body["requestId"]).not.toBe(recorded.result.refused.body["requestId"]);
    const admin = new EmulatorAdmin("http://emulator.test", {
      fetch: (input, init) => replay.emulator.fetch(input, init),
    });
    expect(await admin.cassette()).toMatchObject({ mode: "replay", recorded: 5, matched: 5, unmatched: 0 });
  });

  it("writes the same bytes when the same runs are recorded again", async () => {
    const first = await record();
    const second = await record();
    expect(first.result.extract["id"]).not.toBe(second.result.extract["id"]);
    expect(second.store.text).toBe(first.store.text);
    // Keys sorted at the cassette's own levels, so a diff stays local.
    const top = Object.keys(JSON.parse(first.store.text) as object);
    expect(top).toEqual([...top].sort());
  });

  it("keeps no key, no Authorization header and no presigned query string", async () => {
    const key = upstreamKey();
    const upstream = upstreamEmulator(key);
    const { recorder, store, api } = recorderFor(upstream, key);
    const signed =
      "https://bucket.s3.amazonaws.com/doc.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE&X-Amz-Signature=abc123";
    const config = {
      type: "CLASSIFY",
      classifications: [
        { id: "invoice", type: "invoice", description: `An invoice, like ${signed}` },
        { id: "other", type: "other", description: `Anything else (never ${key})` },
      ],
    };
    const run = await api.createRun({ processorId: "dp_document_classifier", rawText: "Invoice 1", config });
    // A fileUrl run: the upstream downloads its own content URL, signed like S3 would sign it.
    const uploaded = (await (await api.upload("Invoice 2\nTotal: 3", "two.txt")).json()) as Loose;
    const fileUrl = `${uploaded["file"]["presignedUrl"]}?X-Amz-Signature=deadbeef&X-Amz-Expires=300`;
    const byUrl = await api.createRun({ processorId: "dp_document_classifier", file: { fileUrl } });
    await upstream.clock.advance(5_000);
    expect((await api.getRun(run["id"]))["status"]).toBe("PROCESSED");
    expect((await api.getRun(byUrl["id"]))["status"]).toBe("PROCESSED");
    const text = store.text;
    expect(savedCassette(store).runs).toHaveLength(2);
    for (const secret of [
      key,
      "Authorization",
      "authorization",
      "X-Amz-",
      "Signature=",
      "deadbeef",
      "abc123",
    ]) {
      expect(text).not.toContain(secret);
    }
    // The upstream saw the recorder's key, the client never needed it.
    const journal = await new EmulatorAdmin("http://upstream.test", { fetch: upstream.fetch }).journal();
    expect(journal.length).toBeGreaterThan(0);
    await recorder.close();

    // A replay scrubs the request the same way, so the signed URL still matches its recording.
    const replay = replayerFor(savedCassette(store));
    const again = await replay.api.createRun({
      processorId: "dp_document_classifier",
      file: { fileUrl: `${uploaded["file"]["presignedUrl"]}?X-Amz-Signature=other&X-Amz-Expires=60` },
    });
    expect(again["status"]).toBe("PROCESSING");
  });

  it("answers an unmatched create with a 400 naming what differs, and never invents an output", async () => {
    const { store } = await record();
    const { emulator, api } = replayerFor(savedCassette(store));
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [
        { processorId: "dp_invoice_extractor", rawText: "never recorded" },
        /document \(rawText sha256:[0-9a-f]{12}… was never recorded\)/,
      ],
      [
        { processorId: "dp_invoice_extractor", version: "draft", rawText: "x" },
        /version \(recorded "latest", requested "draft"\)/,
      ],
      [
        { processorId: "dp_other", rawText: "extendkit-fail please" },
        /processorId \(recorded "dp_document_classifier", requested "dp_other"\)/,
      ],
      [
        {
          processorId: "dp_document_classifier",
          rawText: "extendkit-fail please",
          config: { type: "CLASSIFY", classifications: [{ id: "a", type: "a", description: "A" }] },
        },
        /config \(recorded with the processor's own config, requested with an override\)/,
      ],
    ];
    for (const [body, message] of cases) {
      const answer = await api.json("POST", "/processor_runs", body);
      expect(answer.status).toBe(400);
      expect(answer.body["code"]).toBe("INVALID_REQUEST");
      expect(answer.body["message"]).toMatch(/^Replay: no recorded run matches this create/);
      expect(answer.body["message"]).toMatch(message);
    }
    // An upload of an unrecorded document, then a run on it: named by its file id and name.
    const uploaded = (await (await api.upload("a brand new document", "new.txt")).json()) as Loose;
    const answer = await api.json("POST", "/processor_runs", {
      processorId: "dp_invoice_extractor",
      file: { fileId: uploaded["file"]["id"] },
    });
    expect(answer.status).toBe(400);
    expect(answer.body["message"]).toContain(`file ${uploaded["file"]["id"]} "new.txt"`);
    const list = await api.json("GET", "/processor_runs");
    expect(list.body["processorRuns"]).toEqual([]);
    expect(emulatorServices(emulator).state.runs.size).toBe(0);
  });
});
