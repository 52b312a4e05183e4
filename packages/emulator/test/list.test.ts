import { describe, expect, it } from "vitest";
import { seedProcessorRuns } from "../src/index.js";
import { type Loose, virtualEmulator } from "./support/api.js";
import { SUMMARY_FIELDS } from "./support/summary-fields.js";

type Summary = Loose;

async function listAll(api: ReturnType<typeof virtualEmulator>["api"], query: Record<string, string>) {
  const pages: Summary[][] = [];
  let token: string | null = null;
  do {
    const params = new URLSearchParams(query);
    if (token) params.set("nextPageToken", token);
    const { status, body } = await api.json("GET", `/processor_runs?${params}`);
    expect(status, JSON.stringify(body)).toBe(200);
    pages.push(body["processorRuns"]);
    token = body["nextPageToken"];
    if (token !== null) {
      for (const char of ["=", "+", "/", ":"]) expect(token).toContain(char);
    }
  } while (token !== null && pages.length < 1000);
  return pages;
}

async function fixture() {
  const { emulator, api } = virtualEmulator({ latency: { minMs: 1000, maxMs: 1000 }, processingSlots: 100 });
  const made: Summary[] = [];
  const processors = ["dp_invoice_extractor", "dp_document_classifier", "dp_packet_splitter"];
  for (let i = 0; i < 25; i++) {
    const processorId = processors[i % 3]!;
    const text = i % 5 === 4 ? "nothing here extendkit-fail" : `Invoice Number: ${i}\nTotal: ${i}`;
    const fileName = `doc-${i % 2 ? "Alpha" : "beta"}-${i}.txt`;
    const uploaded = i % 4 === 0 ? undefined : (await (await api.upload(text, fileName)).json()).file;
    const file = { fileId: uploaded?.id, fileName };
    made.push(await api.createRun({ processorId, ...(i % 4 === 0 ? { rawText: text } : { file }) }));
    await emulator.clock.advance(10);
  }
  // Cancel one run, let the rest finish.
  await api.json("POST", `/processor_runs/${made[24]!["id"]}/cancel`);
  await emulator.clock.advance(2000);
  seedProcessorRuns(emulator, 3, {
    source: "WORKFLOW_RUN",
    sourceId: "workflow_run_1",
    processorId: "dp_packet_splitter",
  });
  return { emulator, api, made };
}

describe("GET /processor_runs", () => {
  it("defaults: updatedAt desc, 10 per page, summaries with every field", async () => {
    const { api } = await fixture();
    const { body } = await api.json("GET", "/processor_runs");
    expect(body["success"]).toBe(true);
    expect(body["processorRuns"]).toHaveLength(10);
    const first = body["processorRuns"][0];
    for (const key of SUMMARY_FIELDS) {
      expect(first).toHaveProperty(key);
    }
    expect(first.type).toBe(first.processorType);
    const updated = body["processorRuns"].map((run: Summary) => Date.parse(run.updatedAt));
    expect([...updated].sort((a, b) => b - a)).toEqual(updated);
    expect(typeof body["nextPageToken"]).toBe("string");
  });

  it("pages through every run exactly once in both sort orders and both sort keys", async () => {
    const { api } = await fixture();
    for (const sortBy of ["createdAt", "updatedAt"]) {
      for (const sortDir of ["asc", "desc"]) {
        const pages = await listAll(api, { sortBy, sortDir, maxPageSize: "4" });
        const runs = pages.flat();
        expect(runs).toHaveLength(28);
        expect(new Set(runs.map((run) => run.id)).size).toBe(28);
        expect(pages.slice(0, -1).every((page) => page.length === 4)).toBe(true);
        const times = runs.map((run) => Date.parse(run[sortBy]));
        const sorted = [...times].sort((a, b) => (sortDir === "asc" ? a - b : b - a));
        expect(times).toEqual(sorted);
      }
    }
  });

  it("createdAt asc returns runs in creation order", async () => {
    const { api, made } = await fixture();
    const runs = (await listAll(api, { sortBy: "createdAt", sortDir: "asc", maxPageSize: "7" })).flat();
    expect(runs.slice(0, 25).map((run) => run.id)).toEqual(made.map((run) => run["id"]));
  });

  it("filters by every parameter, across pages", async () => {
    const { api, made } = await fixture();
    const check = async (
      query: Record<string, string>,
      predicate: (run: Summary) => boolean,
      expected: number,
    ) => {
      const runs = (await listAll(api, { ...query, maxPageSize: "2" })).flat();
      expect(runs.length, JSON.stringify(query)).toBe(expected);
      for (const run of runs) expect(predicate(run), JSON.stringify(run)).toBe(true);
    };
    await check(
      { processorId: "dp_document_classifier" },
      (run) => run.processorId === "dp_document_classifier",
      8,
    );
    await check({ processorType: "SPLITTER" }, (run) => run.type === "SPLITTER", 8 + 3);
    await check({ status: "CANCELLED" }, (run) => run.status === "CANCELLED", 1);
    await check({ status: "FAILED" }, (run) => run.status === "FAILED", 4);
    await check({ source: "WORKFLOW_RUN" }, (run) => run.source === "WORKFLOW_RUN", 3);
    await check({ source: "API" }, (run) => run.source === "API", 25);
    await check({ sourceId: "workflow_run_1" }, (run) => run.sourceId === "workflow_run_1", 3);
    const alpha = made.filter((_, i) => i % 4 !== 0 && i % 2 === 1).length;
    await check({ fileNameContains: "alpha" }, (run) => /alpha/i.test(run.fileName), alpha);
    await check(
      { fileNameContains: "doc-", processorType: "EXTRACT", status: "PROCESSED" },
      (run) => run.fileName.startsWith("doc-") && run.type === "EXTRACT" && run.status === "PROCESSED",
      made.filter((_, i) => i % 4 !== 0 && i % 3 === 0 && i % 5 !== 4).length,
    );
  });

  it("validates enums and maxPageSize, naming the parameter", async () => {
    const { api } = virtualEmulator();
    for (const [query, name] of [
      ["status=DONE", "status"],
      ["processorType=PARSE", "processorType"],
      ["source=EVAL", "source"],
      ["sortBy=name", "sortBy"],
      ["sortDir=up", "sortDir"],
      ["maxPageSize=0", "maxPageSize"],
      ["maxPageSize=1001", "maxPageSize"],
      ["maxPageSize=abc", "maxPageSize"],
      ["maxPageSize=2.5", "maxPageSize"],
      ["nextPageToken=garbage", "nextPageToken"],
    ]) {
      const { status, body } = await api.json("GET", `/processor_runs?${query}`);
      expect(status, query).toBe(400);
      expect(body["message"]).toContain(name);
    }
    expect((await api.json("GET", "/processor_runs?maxPageSize=1000")).status).toBe(200);
  });

  it("returns nextPageToken null on the last page and an empty list when nothing matches", async () => {
    const { api } = await fixture();
    const { body } = await api.json("GET", "/processor_runs?maxPageSize=1000");
    expect(body["processorRuns"]).toHaveLength(28);
    expect(body["nextPageToken"]).toBeNull();
    const none = await api.json("GET", "/processor_runs?processorId=dp_nothing");
    expect(none.body).toEqual({ success: true, processorRuns: [], nextPageToken: null });
  });

  it("skips runs deleted between pages", async () => {
    const { api } = await fixture();
    const first = await api.json("GET", "/processor_runs?sortBy=createdAt&maxPageSize=5");
    const lastOfPage = first.body["processorRuns"][4].id;
    await api.json("DELETE", `/processor_runs/${lastOfPage}`);
    const token = encodeURIComponent(first.body["nextPageToken"]);
    const second = await api.json(
      "GET",
      `/processor_runs?sortBy=createdAt&maxPageSize=5&nextPageToken=${token}`,
    );
    expect(second.status).toBe(200);
    const ids = second.body["processorRuns"].map((run: Summary) => run.id);
    expect(ids).not.toContain(lastOfPage);
    expect(ids).toHaveLength(5);
  });
});
