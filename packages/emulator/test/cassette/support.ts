// Record/replay fixtures: an upstream emulator (virtual clock, its own key), a recorder in front of it
// and a client workload that exercises every kind of recording (upload, rawText, list polling, a
// failed run, a refused create, a splitter that names its file).
import { randomBytes } from "node:crypto";
import {
  type Cassette,
  createEmulator,
  type Emulator,
  MemoryCassetteStore,
  parseCassette,
} from "../../src/index.js";
import { INVOICE_TEXT, type Loose, TestApi } from "../support/api.js";

/** A key unique to the test run, so finding it in a cassette means it leaked. */
export function upstreamKey(): string {
  return `sk_live_${randomBytes(16).toString("hex")}`;
}

/** An upstream emulator on a virtual clock whose runs take exactly `latencyMs`. */
export function upstreamEmulator(apiKey: string, latencyMs = 1000, slots = 16): Emulator {
  return createEmulator({
    clock: "virtual",
    apiKeys: [apiKey],
    latency: { minMs: latencyMs, maxMs: latencyMs },
    processingSlots: slots,
    limits: "off",
  });
}

/** A recorder in front of `upstream` (in process), saving into a memory store. */
export function recorderFor(upstream: Emulator, apiKey: string) {
  const store = new MemoryCassetteStore();
  const recorder = createEmulator({
    record: {
      upstream: "http://upstream.test",
      apiKey,
      cassette: store,
      fetch: (request) => upstream.fetch(request),
    },
  });
  return { recorder, store, api: new TestApi(recorder) };
}

/** A replaying emulator on a virtual clock (runs take 500 ms there, unlike upstream). */
export function replayerFor(cassette: Cassette): { emulator: Emulator; api: TestApi } {
  const emulator = createEmulator({
    clock: "virtual",
    latency: { minMs: 500, maxMs: 500 },
    replay: { cassette },
    limits: "off",
  });
  return { emulator, api: new TestApi(emulator) };
}

/** The last saved cassette of a memory store, parsed. */
export function savedCassette(store: MemoryCassetteStore): Cassette {
  return parseCassette(store.text, "memory");
}

/** Documents of the workload. */
export const SPLIT_TEXT = `${INVOICE_TEXT}\fReceipt\nReceipt Number: 55-1\nTotal: 9.00\fNON-DISCLOSURE AGREEMENT\nThe parties agree.`;

/** What the workload saw, per step, to compare a recording with its replay. */
export interface WorkloadResult {
  extract: Loose;
  classify: Loose;
  split: Loose;
  splitFileId: string;
  failed: Loose;
  refused: { status: number; body: Loose };
  statuses: string[];
}

/**
 * The client side of a recording or a replay: the same requests in the same order. `advance` moves the
 * clock of whoever runs the processors (the upstream while recording, the replayer while replaying).
 */
export async function workload(
  api: TestApi,
  advance: (ms: number) => Promise<void>,
): Promise<WorkloadResult> {
  const statuses: string[] = [];
  const uploaded = (await (await api.upload(INVOICE_TEXT, "invoice.txt")).json()) as Loose;
  const fileId = uploaded["file"]["id"] as string;
  const extract = await api.createRun({ processorId: "dp_invoice_extractor", file: { fileId } });
  statuses.push(extract["status"]);
  statuses.push((await api.getRun(extract["id"]))["status"]);
  const classify = await api.createRun({ processorId: "dp_document_classifier", rawText: INVOICE_TEXT });
  const splitUpload = (await (await api.upload(SPLIT_TEXT, "packet.txt")).json()) as Loose;
  const splitFileId = splitUpload["file"]["id"] as string;
  const split = await api.createRun({ processorId: "dp_packet_splitter", file: { fileId: splitFileId } });
  const failed = await api.createRun({
    processorId: "dp_document_classifier",
    rawText: "extendkit-fail please",
  });
  await advance(5_000);
  const finalExtract = await api.getRun(extract["id"]);
  statuses.push(finalExtract["status"]);
  // The classifier and the failure are only seen finished through a list (the recorder fetches them).
  const list = await api.json("GET", "/processor_runs?sortBy=createdAt&sortDir=asc");
  const byId = new Map((list.body["processorRuns"] as Loose[]).map((run) => [run["id"], run]));
  statuses.push(byId.get(classify["id"])!["status"], byId.get(failed["id"])!["status"]);
  const finalSplit = await api.getRun(split["id"]);
  const refused = await api.json("POST", "/processor_runs", {
    processorId: "dp_invoice_extractor",
    rawText: INVOICE_TEXT,
    config: { type: "CLASSIFY", classifications: [] },
  });
  return {
    extract: finalExtract,
    classify: await api.getRun(classify["id"]),
    split: finalSplit,
    splitFileId,
    failed: await api.getRun(failed["id"]),
    refused,
    statuses,
  };
}
