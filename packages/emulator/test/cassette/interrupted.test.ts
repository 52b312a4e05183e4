// The recorder as a real process in front of a real upstream over 127.0.0.1, killed with SIGKILL while
// a request is in flight: the cassette on disk must load and hold every run the client saw finish.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../../src/admin/index.js";
import { loadCassetteFile, type StartedEmulator, startEmulator } from "../../src/index.js";
import { type SpawnedEmulator, spawnEmulator } from "../../src/process.js";
import type { Loose } from "../support/api.js";
import { upstreamKey } from "./support.js";

const LOCAL_KEY = "sk_test_recorder_client";
const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** A client of one emulator process (the recorder or the replayer). */
function client(url: string) {
  const headers = { authorization: `Bearer ${LOCAL_KEY}`, "x-extend-api-version": "2025-04-21" };
  return {
    async json(method: string, path: string, body?: unknown): Promise<{ status: number; body: Loose }> {
      const init: RequestInit = { method, headers: { ...headers, "content-type": "application/json" } };
      if (body !== undefined) init.body = JSON.stringify(body);
      const response = await fetch(`${url}${path}`, init);
      return { status: response.status, body: (await response.json()) as Loose };
    },
    async upload(text: string, name: string): Promise<string> {
      const form = new FormData();
      form.append("file", new File([text], name, { type: "text/plain" }));
      const response = await fetch(`${url}/files/upload`, { method: "POST", headers, body: form });
      return ((await response.json()) as Loose)["file"]["id"];
    },
    /** Creates a run and reads it until it is terminal; the statuses are counted, not timed. */
    async run(fileId: string): Promise<Loose> {
      const created = await this.json("POST", "/processor_runs", {
        processorId: "dp_invoice_extractor",
        file: { fileId },
      });
      expect(created.status).toBe(200);
      for (let reads = 0; reads < 1000; reads++) {
        const run = (await this.json("GET", `/processor_runs/${created.body["processorRun"]["id"]}`)).body[
          "processorRun"
        ];
        if (run["status"] === "PROCESSED" || run["status"] === "FAILED") return run;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error("run did not finish");
    },
  };
}

const DOCUMENTS = [1, 2, 3, 4].map((n) => ({
  name: `invoice-${n}.txt`,
  text: `Invoice Number: INV-${n}00\nVendor: Vendor ${n}\nInvoice Date: 2025-0${n}-01\nTotal: ${n}0.00\nCurrency: USD`,
}));

describe("a recording interrupted mid-run", () => {
  it("leaves a loadable cassette with every completed run, and it replays", async () => {
    const key = upstreamKey();
    const upstream: StartedEmulator = await startEmulator({
      apiKeys: [key],
      latency: "instant",
      limits: "off",
    });
    cleanup.push(() => upstream.stop());
    const dir = mkdtempSync(join(tmpdir(), "cassette-kill-"));
    const path = join(dir, "cassette.json");
    const recorder: SpawnedEmulator = await spawnEmulator({
      args: ["--record", path, "--upstream", upstream.url, "--api-key", LOCAL_KEY, "--limits", "off"],
      env: { ...process.env, EXTEND_API_KEY: key },
    });
    cleanup.push(() => recorder.stop("SIGKILL"));
    expect(recorder.output()).toContain(`recording into ${path} from ${upstream.url}`);
    expect(recorder.output()).not.toContain(key);

    const api = client(recorder.url);
    const outputs: string[] = [];
    for (const doc of DOCUMENTS.slice(0, 3))
      outputs.push(JSON.stringify((await api.run(await api.upload(doc.text, doc.name)))["output"]));
    // The fourth run is created, then a read of it hangs upstream when the recorder is killed.
    const last = await api.json("POST", "/processor_runs", {
      processorId: "dp_invoice_extractor",
      file: { fileId: await api.upload(DOCUMENTS[3]!.text, DOCUMENTS[3]!.name) },
    });
    const admin = new EmulatorAdmin(upstream.url);
    await admin.addFaults({ method: "GET", path: "/processor_runs/*", delayMs: 60_000, count: 1 });
    const hanging = api
      .json("GET", `/processor_runs/${last.body["processorRun"]["id"]}`)
      .catch((error: unknown) => error);
    // The rule's one use is taken when the upstream starts holding the read.
    for (let polls = 0; (await admin.faults())[0]?.remaining !== 0; polls++) {
      expect(polls).toBeLessThan(3000);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(await recorder.stop("SIGKILL")).toBeNull();
    expect(await hanging).toBeInstanceOf(Error);

    const cassette = await loadCassetteFile(path);
    expect(cassette.runs).toHaveLength(3);
    expect(cassette.runs.every((entry) => entry.run?.status === "PROCESSED")).toBe(true);
    const text = readFileSync(path, "utf8");
    for (const secret of [key, LOCAL_KEY, "Authorization", "authorization", "X-Amz-"])
      expect(text).not.toContain(secret);
    expect(existsSync(path)).toBe(true);

    // The cassette replays with no upstream: the three recorded documents, and a clear 400 for the fourth.
    await upstream.stop();
    const replayer = await spawnEmulator({
      args: ["--replay", path, "--api-key", LOCAL_KEY, "--latency", "instant", "--limits", "off"],
    });
    cleanup.push(() => replayer.stop("SIGKILL"));
    const replay = client(replayer.url);
    for (const [i, doc] of DOCUMENTS.slice(0, 3).entries()) {
      expect(JSON.stringify((await replay.run(await replay.upload(doc.text, doc.name)))["output"])).toBe(
        outputs[i],
      );
    }
    const unmatched = await replay.json("POST", "/processor_runs", {
      processorId: "dp_invoice_extractor",
      file: { fileId: await replay.upload(DOCUMENTS[3]!.text, DOCUMENTS[3]!.name) },
    });
    expect(unmatched.status).toBe(400);
    expect(unmatched.body["message"]).toMatch(/was never recorded/);
    expect(await new EmulatorAdmin(replayer.url).cassette()).toMatchObject({
      mode: "replay",
      cassette: path,
      recorded: 3,
      matched: 3,
      unmatched: 1,
    });
  });
});
