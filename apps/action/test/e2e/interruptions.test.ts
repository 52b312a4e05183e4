import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ForwardProxy, startForwardProxy } from "../helpers/forward-proxy.js";
import {
  invoice,
  RUNTIMES,
  runBundle,
  secretLeaks,
  uniqueKey,
  useSuiteEmulator,
  waitFor,
} from "./harness.js";

const KEY = uniqueKey("interrupt");

describe.each(RUNTIMES)(
  "dist/index.js under $name: timeouts, cancellation, rate limits, proxies",
  ({ bin, version }) => {
    const { emulator, inputs } = useSuiteEmulator({ key: KEY, latency: "fast", files: "docs/*.txt" });

    it("runs on the expected Node version", async () => {
      const run = await runBundle({
        bin,
        inputs: inputs({ "dry-run": "true" }),
        files: { "docs/a.txt": "x" },
      });
      expect(run.stdout).toContain(`::debug::extendkit action on Node ${version}`);
    });

    it("an extendkit-stuck file hits the timeout: its run is cancelled and reported timed-out", async () => {
      const run = await runBundle({
        bin,
        inputs: inputs({ timeout: "5s" }),
        files: { "docs/ok.txt": invoice("OK"), "docs/stuck.txt": invoice("S", "extendkit-stuck") },
      });
      expect(run.code).toBe(1);
      expect(run.stdout).toContain("::warning::Stopping: the overall timeout (5s) passed.");
      expect(run.outputs).toMatchObject({ status: "failure", processed: "1", "timed-out": "1" });
      const stuck = run.results.files.find((f: { file: string }) => f.file === "docs/stuck.txt");
      expect(stuck).toMatchObject({ outcome: "timed-out", status: "CANCELLED" });
      expect(run.results.stoppedEarly).toBe("timeout");
      const { json } = await emulator.api("GET", `/processor_runs/${stuck.runId}`, { key: KEY });
      expect(json.processorRun.status).toBe("CANCELLED");
      const journal = await emulator.journal();
      expect(
        journal.some((e) => e.method === "POST" && e.path === `/processor_runs/${stuck.runId}/cancel`),
      ).toBe(true);
      expect(run.summary).toContain("⏱️ timed-out");
      expect(secretLeaks(run, KEY)).toEqual([]);
    });

    it("SIGTERM mid-run: cancels runs in flight, writes partial results and summary, exits non-zero", async () => {
      const files = {
        "docs/1-stuck.txt": invoice("1", "extendkit-stuck"),
        "docs/2-stuck.txt": invoice("2", "extendkit-stuck"),
        "docs/3-later.txt": invoice("3"),
      };
      const run = await runBundle({
        bin,
        inputs: inputs({ concurrency: "2" }),
        files,
        during: async (child) => {
          await waitFor(async () => {
            const creates = (await emulator.journal()).filter(
              (e) => e.method === "POST" && e.path === "/processor_runs",
            );
            return creates.length === 2;
          });
          child.kill("SIGTERM");
        },
      });
      expect(run.signal).toBeNull(); // handled, not killed by the signal
      expect(run.code).toBe(1);
      expect(run.stdout).toContain("::warning::Received SIGTERM: stopping and writing the results.");
      expect(run.stdout).toContain("::warning::Stopping: the action was cancelled (SIGTERM).");
      expect(run.stdout).toContain("::error::The action was cancelled (SIGTERM).");
      expect(run.outputs).toMatchObject({ status: "failure", cancelled: "3" });
      const [one, two, three] = run.results.files;
      for (const r of [one, two]) {
        expect(r).toMatchObject({ outcome: "cancelled", status: "CANCELLED" });
        const { json } = await emulator.api("GET", `/processor_runs/${r.runId}`, { key: KEY });
        expect(json.processorRun.status).toBe("CANCELLED");
      }
      expect(three).toMatchObject({
        outcome: "cancelled",
        runId: null,
        note: "not started: the action was cancelled (SIGTERM)",
      });
      expect(run.summary).toContain("The action was cancelled (SIGTERM).");
      const journal = await emulator.journal();
      expect(journal.filter((e) => e.path.endsWith("/cancel"))).toHaveLength(2);
      expect(journal.filter((e) => e.method === "POST" && e.path === "/processor_runs")).toHaveLength(2);
    });

    it("SIGINT with cancel-on-abort false: runs are left running, results written, exit non-zero", async () => {
      const run = await runBundle({
        bin,
        inputs: inputs({ "cancel-on-abort": "false" }),
        files: { "docs/stuck.txt": invoice("1", "extendkit-stuck") },
        during: async (child) => {
          await waitFor(async () =>
            (await emulator.journal()).some((e) => e.method === "POST" && e.path === "/processor_runs"),
          );
          child.kill("SIGINT");
        },
      });
      expect(run.code).toBe(1);
      expect(run.stdout).toContain("::error::The action was cancelled (SIGINT).");
      const [stuck] = run.results.files;
      expect(stuck).toMatchObject({ outcome: "cancelled", status: "PROCESSING" });
      expect(stuck.note).toContain("the run was left running (cancel-on-abort is false)");
      const { json } = await emulator.api("GET", `/processor_runs/${stuck.runId}`, { key: KEY });
      expect(json.processorRun.status).toBe("PROCESSING");
      expect((await emulator.journal()).some((e) => e.path.endsWith("/cancel"))).toBe(false);
    });

    it("429s on uploads, creates and polls: every file processed, no duplicate runs", async () => {
      await emulator.admin.addFaults([
        { method: "POST", path: "/files/upload", status: 429, retryAfterSeconds: 1, count: 2 },
        // Three in a row may hit the same create: more than the client's default retries allow.
        { method: "POST", path: "/processor_runs", status: 429, retryAfterSeconds: 1, count: 3 },
        { method: "GET", path: "/processor_runs/*", status: 429, retryAfterSeconds: 1, count: 2 },
      ]);
      const files = Object.fromEntries(
        Array.from({ length: 6 }, (_, i) => [`docs/f${i}.txt`, invoice(`F${i}`)]),
      );
      const run = await runBundle({ bin, inputs: inputs({ concurrency: "3" }), files });
      expect(run.code, run.stdout).toBe(0);
      expect(run.outputs).toMatchObject({ status: "success", processed: "6", errored: "0" });
      expect(run.stdout).toContain("Rate limited (429): all new requests wait 1.0 s.");
      expect(run.stdout).toMatch(/The API rate-limited 7 requests; the pool slowed down and continued\./);
      const journal = await emulator.journal();
      expect(journal.filter((e) => e.status === 429)).toHaveLength(7);
      const created = journal.filter(
        (e) => e.method === "POST" && e.path === "/processor_runs" && e.status === 200,
      );
      expect(created).toHaveLength(6);
      expect(new Set(created.map((e) => e.fileId)).size).toBe(6);
      const uploads = journal.filter((e) => e.path === "/files/upload" && e.status === 200);
      expect(uploads).toHaveLength(6);
    });

    describe("through a forward proxy", () => {
      let proxy: ForwardProxy;
      beforeEach(async () => {
        proxy = await startForwardProxy();
      });
      afterEach(async () => {
        await proxy.close();
      });

      it("HTTP_PROXY routes every request through the proxy", async () => {
        const run = await runBundle({
          bin,
          inputs: inputs(),
          files: { "docs/a.txt": invoice("A"), "docs/b.txt": invoice("B") },
          env: { HTTP_PROXY: proxy.url.replace("http://", "http://user:proxypass@") },
        });
        expect(run.code, run.stdout + run.stderr).toBe(0);
        expect(run.outputs["processed"]).toBe("2");
        expect(proxy.tunnels + proxy.forwarded).toBeGreaterThan(0);
        expect(new Set(proxy.targets)).toEqual(new Set([emulator.url.replace("http://", "")]));
        expect(run.stdout).toContain(
          "Using the proxy from the environment: HTTP_PROXY=http://***@127.0.0.1:",
        );
        expect(run.stdout).not.toContain("proxypass");
      });

      it("HTTPS_PROXY tunnels https:// requests with CONNECT (TLS end to end, so the plain emulator refuses)", async () => {
        const run = await runBundle({
          bin,
          inputs: inputs({ "base-url": emulator.url.replace("http://", "https://") }),
          files: { "docs/a.txt": invoice("A") },
          env: { HTTPS_PROXY: proxy.url },
        });
        expect(proxy.tunnels).toBeGreaterThan(0);
        expect(proxy.forwarded).toBe(0);
        expect(run.code).toBe(1);
        expect(run.stdout).toContain(
          "could not reach base-url: check base-url, the network and HTTPS_PROXY/NO_PROXY",
        );
        expect(secretLeaks(run, KEY)).toEqual([]);
      });

      it("NO_PROXY=127.0.0.1 bypasses the proxy", async () => {
        const run = await runBundle({
          bin,
          inputs: inputs(),
          files: { "docs/a.txt": invoice("A") },
          env: { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: "127.0.0.1" },
        });
        expect(run.code, run.stdout + run.stderr).toBe(0);
        expect(run.outputs["processed"]).toBe("1");
        expect(proxy.tunnels + proxy.forwarded).toBe(0);
      });
    });
  },
);
