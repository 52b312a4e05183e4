import { describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../src/admin/index.js";
import { startEmulator } from "../src/index.js";
import { AUTH } from "./support/api.js";

describe("startEmulator", () => {
  it("serves on 127.0.0.1 with a free port and presigned URLs on its own origin", async () => {
    const server = await startEmulator({ latency: "instant", limits: "off" });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const form = new FormData();
      form.append("file", new File(["Invoice Number: HTTP-1"], "http.txt", { type: "text/plain" }));
      const upload = await (
        await fetch(`${server.url}/files/upload`, { method: "POST", headers: AUTH, body: form })
      ).json();
      expect(upload.file.presignedUrl.startsWith(`${server.url}/_emulator/files/`)).toBe(true);
      const content = await fetch(upload.file.presignedUrl);
      expect(await content.text()).toBe("Invoice Number: HTTP-1");
      const run = await fetch(`${server.url}/processor_runs`, {
        method: "POST",
        headers: { ...AUTH, "content-type": "application/json" },
        body: JSON.stringify({
          processorId: "dp_invoice_extractor",
          file: { fileUrl: upload.file.presignedUrl },
          sync: true,
        }),
      });
      const body = await run.json();
      expect(body.processorRun.output.value.invoice_number).toBe("HTTP-1");
      expect(run.headers.get("x-request-id")).toMatch(/^req_/);
    } finally {
      await server.stop();
    }
  });

  it("stop() closes active connections (a pending sync create) and the port", async () => {
    const server = await startEmulator({ latency: { minMs: 60_000, maxMs: 60_000 }, limits: "off" });
    const pending = fetch(`${server.url}/processor_runs`, {
      method: "POST",
      headers: { ...AUTH, "content-type": "application/json" },
      body: JSON.stringify({ processorId: "dp_invoice_extractor", rawText: "Total: 1", sync: true }),
    }).then(
      (response) => response.status,
      (error: unknown) => error,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await server.stop();
    expect(Date.now() - started).toBeLessThan(5000);
    await pending;
    await expect(new EmulatorAdmin(server.url).health()).rejects.toThrow();
  });

  it("rejects when the port is taken", async () => {
    const first = await startEmulator({ limits: "off" });
    try {
      const port = Number(new URL(first.url).port);
      await expect(startEmulator({ port, limits: "off" })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.stop();
    }
  });
});
