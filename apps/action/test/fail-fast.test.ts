// Issue 12 §5 in process (the whole action with the in-process emulator, counting requests in its journal):
// an unreachable API, a wrong processor or a config of the wrong type stop everything early with one clear
// error; fork pull requests without a key can skip; oversized files are refused before any upload.
import { createServer } from "node:net";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ActionDeps, ActionFailure, runAction } from "../src/action.js";
import type { FetchLike } from "../src/engine/index.js";
import { createRedactor } from "../src/redact.js";
import { inProcessEmulator, TEST_KEY } from "./helpers/in-process.js";
import { recordingIO } from "./helpers/recording-io.js";
import { createWorkspace, invoiceText, type TempWorkspace } from "./helpers/workspace.js";

let ws: TempWorkspace;
let emu: ReturnType<typeof inProcessEmulator>;
beforeEach(async () => {
  ws = await createWorkspace();
  emu = inProcessEmulator();
});
afterEach(async () => {
  await emu.close();
  await ws.remove();
});

const base = {
  "api-key": TEST_KEY,
  "base-url": "http://127.0.0.1:9",
  "processor-id": "dp_invoice_extractor",
  files: "docs/**",
  concurrency: "4",
};

function deps(inputs: Record<string, string>, fetch: FetchLike = emu.fetch) {
  const { io, rec } = recordingIO(inputs);
  const d: ActionDeps = {
    io,
    env: { GITHUB_WORKSPACE: ws.dir, RUNNER_TEMP: join(ws.dir, ".runner") },
    cwd: ws.dir,
    tmpDir: ws.dir,
    redact: createRedactor([inputs["api-key"] ?? ""]),
    signal: new AbortController().signal,
    fetch,
  };
  return { deps: d, rec };
}

const manyFiles = (n: number) =>
  Object.fromEntries(
    Array.from({ length: n }, (_, i) => [`docs/f${String(i).padStart(2, "0")}.txt`, invoiceText(`${i}`)]),
  );

/** A 127.0.0.1 port nothing listens on: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("failing fast and clearly", () => {
  it("an unreachable API is fatal at once: no upload, one message for every file", async () => {
    await ws.write(manyFiles(39));
    const port = await closedPort();
    let requests = 0;
    const refused: FetchLike = (input, init) => {
      requests++;
      return fetch(
        input instanceof Request
          ? input.url.replace("http://127.0.0.1:9", `http://127.0.0.1:${port}`)
          : String(input).replace("http://127.0.0.1:9", `http://127.0.0.1:${port}`),
        init,
      );
    };
    const { deps: d, rec } = deps(base, refused);
    await expect(runAction(d)).rejects.toThrow(ActionFailure);
    // The check and its one retry: nothing else was sent.
    expect(requests).toBeLessThanOrEqual(2);
    expect(rec.outputs).toMatchObject({ status: "failure", errored: "39" });
    expect(rec.errors).toHaveLength(2);
    expect(rec.errors[0]?.message).toMatch(/^A fatal error stopped the action: could not reach base-url/);
    expect(rec.errors[1]?.message).toContain("(39 files: ");
    expect(rec.errors.map((e) => e.message).join("\n")).not.toContain("client.");
  });

  it("a wrong processor id costs one upload and one refused create, whatever the concurrency", async () => {
    await ws.write(manyFiles(12));
    const { deps: d, rec } = deps({ ...base, "processor-id": "dp_missing" });
    await expect(runAction(d)).rejects.toThrow("check processor-id and processor-version");
    const journal = await emu.journal();
    expect(journal.filter((e) => e.path === "/files/upload")).toHaveLength(1);
    expect(journal.filter((e) => e.method === "POST" && e.path === "/processor_runs")).toHaveLength(1);
    expect(rec.outputs).toMatchObject({ status: "failure", errored: "12" });
  });

  it("a config of the wrong type costs at most one upload and one refused create", async () => {
    await ws.write(manyFiles(12));
    const classify = JSON.stringify({
      type: "CLASSIFY",
      classifications: [{ id: "a", type: "a", description: "A" }],
    });
    const { deps: d } = deps({ ...base, config: classify });
    await expect(runAction(d)).rejects.toThrow(ActionFailure);
    const journal = await emu.journal();
    expect(journal.filter((e) => e.path === "/files/upload").length).toBeLessThanOrEqual(1);
    const creates = journal.filter((e) => e.method === "POST" && e.path === "/processor_runs");
    expect(creates.length).toBeLessThanOrEqual(1);
    expect(creates.every((e) => e.status === 400)).toBe(true);
  });

  it("a config of the wrong type costs nothing when the processor has a run to compare with", async () => {
    const client = emu.client();
    const file = await client.files.upload(new TextEncoder().encode(invoiceText("Z")), { fileName: "z.txt" });
    await client.processorRuns.create({ processorId: "dp_invoice_extractor", file: { fileId: file.id } });
    const before = (await emu.journal()).length;
    await ws.write(manyFiles(5));
    const classify = JSON.stringify({
      type: "CLASSIFY",
      classifications: [{ id: "a", type: "a", description: "A" }],
    });
    const { deps: d } = deps({ ...base, config: classify });
    await expect(runAction(d)).rejects.toThrow('Input "config" has type CLASSIFY, but processor');
    const after = (await emu.journal()).slice(before);
    expect(after.map((e) => `${e.method} ${e.path}`)).toEqual(["GET /processor_runs"]);
  });

  it.each(["skip", "warn"] as const)(
    "on-missing-api-key %s: exit 0, status=skipped, nothing sent",
    async (policy) => {
      await ws.write(manyFiles(2));
      const { deps: d, rec } = deps({ ...base, "api-key": "", "on-missing-api-key": policy });
      await runAction(d);
      expect(rec.outputs).toEqual({ status: "skipped" });
      const annotation = policy === "skip" ? rec.notices : rec.warnings;
      expect(annotation).toHaveLength(1);
      expect(annotation[0]?.message).toContain("No api-key (pull requests from forks get no secrets)");
      expect(rec.errors).toEqual([]);
      expect(await emu.journal()).toEqual([]);
    },
  );

  it("refuses files over max-file-size before any upload, each with its own error", async () => {
    await ws.write({
      "docs/small.txt": invoiceText("S"),
      "docs/big.txt": `${invoiceText("B")}${"x".repeat(4000)}`,
    });
    const { deps: d, rec } = deps({ ...base, "max-file-size": "2KiB" });
    await expect(runAction(d)).rejects.toThrow(ActionFailure);
    expect(rec.outputs).toMatchObject({ processed: "1", errored: "1" });
    const journal = await emu.journal();
    expect(journal.filter((e) => e.path === "/files/upload").map((e) => e.fileName)).toEqual([
      "docs/small.txt",
    ]);
    const big = rec.errors.find((e) => e.file === "docs/big.txt");
    expect(big?.message).toMatch(
      /docs\/big\.txt is 4(\.\d)? KiB \(\d+ bytes\), larger than max-file-size \(2 KiB\)/,
    );
  });
});
