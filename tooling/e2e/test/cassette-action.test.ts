// Record & replay end to end: the action's committed bundle (run as the GitHub runner runs it) processes
// examples/documents through a recording emulator in front of an upstream emulator; then the same action
// runs against a replaying emulator with no upstream at all, and every file's outcome and output must be
// byte-identical. The cassette must hold neither key nor any header or signed query string.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadCassetteFile } from "@extendkit/emulator";
import {
  type ActionBundleRun,
  type EmulatorProcess,
  REPO_ROOT,
  requireNode24,
  runActionBundle,
  startEmulatorProcess,
} from "@extendkit/testing";
import { afterAll, describe, expect, it } from "vitest";

const UPSTREAM_KEY = `sk_live_cassette_${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
const LOCAL_KEY = "sk_test_cassette_client";
const FILES = "examples/documents/*.pdf\nexamples/documents/*.txt";
const PROCESSOR = "dp_document_classifier";

const started: EmulatorProcess[] = [];
afterAll(async () => {
  for (const emulator of started.splice(0)) await emulator.stop();
});

async function emulator(args: string[], env?: NodeJS.ProcessEnv): Promise<EmulatorProcess> {
  const process = await startEmulatorProcess({
    apiKey: LOCAL_KEY,
    latency: "fast",
    args,
    ...(env ? { env } : {}),
  });
  started.push(process);
  return process;
}

interface FileRow {
  file: string;
  outcome: string;
  status: string | null;
  output: unknown;
}

async function runAction(
  baseUrl: string,
  workDir: string,
): Promise<{ run: ActionBundleRun; files: FileRow[] }> {
  const resultsFile = join(workDir, "results.json");
  const run = await runActionBundle({
    node: requireNode24(),
    workspace: REPO_ROOT,
    workDir,
    inputs: {
      "api-key": LOCAL_KEY,
      "base-url": baseUrl,
      "processor-id": PROCESSOR,
      files: FILES,
      "results-file": resultsFile,
      timeout: "5m",
    },
    timeoutMs: 300_000,
  });
  const results = JSON.parse(readFileSync(resultsFile, "utf8")) as { files: FileRow[] };
  return { run, files: [...results.files].sort((a, b) => (a.file < b.file ? -1 : 1)) };
}

describe("record & replay of the action over examples/documents", () => {
  it("replays with no upstream to byte-identical outputs, from a cassette without secrets", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cassette-action-"));
    const cassettePath = join(dir, "documents.cassette.json");
    const upstream = await startEmulatorProcess({ apiKey: UPSTREAM_KEY, latency: "fast" });
    started.push(upstream);
    const recorder = await emulator(["--record", cassettePath, "--upstream", upstream.url], {
      ...process.env,
      EXTEND_API_KEY: UPSTREAM_KEY,
    });

    const recorded = await runAction(recorder.url, join(dir, "record"));
    expect(recorded.run.code, recorded.run.stderr + recorded.run.stdout).toBe(0);
    expect(recorded.files.length).toBe(5);
    expect(recorded.files.every((f) => f.outcome === "processed" && f.status === "PROCESSED")).toBe(true);
    for (const row of recorded.files)
      expect(Object.keys(row.output as object).length, row.file).toBeGreaterThan(0);
    const recording = await recorder.admin.cassette();
    expect(recording).toMatchObject({
      mode: "record",
      recorded: 5,
      inFlight: 0,
      unidentified: 0,
      saveFailures: 0,
    });
    await recorder.stop();
    await upstream.stop();

    const text = readFileSync(cassettePath, "utf8");
    for (const secret of [
      UPSTREAM_KEY,
      LOCAL_KEY,
      "Authorization",
      "authorization",
      "Bearer",
      "X-Amz-",
      "Signature=",
    ]) {
      expect(text, secret).not.toContain(secret);
    }
    const cassette = await loadCassetteFile(cassettePath);
    expect(cassette.runs.map((entry) => entry.run?.status)).toEqual(Array(5).fill("PROCESSED"));
    expect(
      Object.values(cassette.documents)
        .map((doc) => doc.name)
        .sort(),
    ).toEqual(recorded.files.map((f) => f.file));

    const replayer = await emulator(["--replay", cassettePath]);
    const replayed = await runAction(replayer.url, join(dir, "replay"));
    expect(replayed.run.code, replayed.run.stderr + replayed.run.stdout).toBe(0);
    const view = (rows: FileRow[]) =>
      rows.map((row) => ({
        file: row.file,
        outcome: row.outcome,
        status: row.status,
        output: JSON.stringify(row.output),
      }));
    expect(view(replayed.files)).toEqual(view(recorded.files));
    for (const name of ["status", "total", "processed", "failed", "errored"]) {
      expect(replayed.run.outputs[name], name).toBe(recorded.run.outputs[name]);
    }
    expect(await replayer.admin.cassette()).toMatchObject({
      mode: "replay",
      recorded: 5,
      matched: 5,
      unmatched: 0,
    });
    // The replayer is the only API the second run talked to: its journal holds the uploads and creates.
    const creates = (await replayer.admin.journal()).filter(
      (entry) => entry.method === "POST" && entry.path === "/processor_runs",
    );
    expect(creates.length).toBe(5);
  });
});
