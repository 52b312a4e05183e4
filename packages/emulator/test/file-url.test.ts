import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { virtualEmulator } from "./support/api.js";
import { localServer } from "./support/local-server.js";

let server: Awaited<ReturnType<typeof localServer>>;
beforeAll(async () => {
  server = await localServer((req, _body, res) => {
    if (req.url === "/invoice.txt") {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("Invoice Number: URL-7\nTotal: 70");
    } else if (req.url === "/fake.pdf") {
      res.writeHead(200, { "content-type": "application/pdf" });
      res.end("not a pdf");
    } else {
      res.writeHead(404);
      res.end("missing");
    }
  });
});
afterAll(() => server.close());

async function finished(fileUrl: string, fileName?: string) {
  const { emulator, api } = virtualEmulator({ latency: "instant" });
  const run = await api.createRun({
    processorId: "dp_invoice_extractor",
    file: { fileUrl, ...(fileName ? { fileName } : {}) },
  });
  await emulator.clock.advance(0);
  return { created: run, done: await api.getRun(run["id"]), api };
}

describe("file.fileUrl", () => {
  it("downloads from 127.0.0.1 and names the file after the URL", async () => {
    const { created, done } = await finished(`${server.url}/invoice.txt`);
    expect(created["files"][0]).toMatchObject({ object: "file", name: "invoice.txt", type: "TXT" });
    expect(done["status"]).toBe("PROCESSED");
    expect(done["output"]["value"]["invoice_number"]).toBe("URL-7");
  });

  it("honours fileName", async () => {
    const { done } = await finished(`${server.url}/invoice.txt`, "renamed.txt");
    expect(done["files"][0]["name"]).toBe("renamed.txt");
    expect(done["output"]["value"]["invoice_number"]).toBe("URL-7");
  });

  it("refuses data: URLs as undownloadable: FAILED with FILE_DOWNLOAD_FAILED, no file", async () => {
    const { created, done } = await finished("data:text/plain,Invoice%20Number%3A%20D-1", "from-data.txt");
    expect(created["files"]).toEqual([]);
    expect(done).toMatchObject({ status: "FAILED", failureReason: "FILE_DOWNLOAD_FAILED" });
    expect(done["failureMessage"]).toMatch(/data: URLs cannot be downloaded/);
    expect(done["output"]).toEqual({});
  });

  it("ends FAILED with FILE_DOWNLOAD_FAILED for other hosts, without fetching them", async () => {
    const { created, done } = await finished("https://example.com/invoice.pdf");
    expect(created["files"]).toEqual([]);
    expect(done).toMatchObject({ status: "FAILED", failureReason: "FILE_DOWNLOAD_FAILED" });
    expect(done["failureMessage"]).toContain("127.0.0.1");
  });

  it("ends FAILED when the local URL answers 404", async () => {
    const { done } = await finished(`${server.url}/missing.txt`);
    expect(done).toMatchObject({ status: "FAILED", failureReason: "FILE_DOWNLOAD_FAILED" });
    expect(done["failureMessage"]).toContain("404");
  });

  it("ends FAILED with CORRUPT_FILE when the download is not what its name says", async () => {
    const { done } = await finished(`${server.url}/fake.pdf`);
    expect(done).toMatchObject({ status: "FAILED", failureReason: "CORRUPT_FILE" });
  });

  it("serves its own presigned URLs in process (no server needed)", async () => {
    const { emulator, api } = virtualEmulator({ latency: "instant" });
    const { file } = await (await api.upload("Invoice Number: SELF-1", "self.txt")).json();
    const run = await api.createRun({
      processorId: "dp_invoice_extractor",
      file: { fileUrl: file.presignedUrl },
    });
    await emulator.clock.advance(0);
    expect((await api.getRun(run["id"]))["output"]["value"]["invoice_number"]).toBe("SELF-1");
  });
});
