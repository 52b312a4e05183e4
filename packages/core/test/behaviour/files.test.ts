import { readFile } from "node:fs/promises";
import { DEFAULT_PROCESSORS } from "@extendkit/emulator";
import { afterEach, describe, expect, it } from "vitest";
import { BadRequestError, type ExtendFile, NotFoundError } from "../../src/index.js";
import { exampleDocument, type Harness, startHarness } from "../helpers/emulator.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function bytes(name: string): Promise<Uint8Array> {
  return new Uint8Array(await readFile(exampleDocument(name)));
}

describe("files", () => {
  it("uploads real documents from examples/documents and reads their contents", async () => {
    h = startHarness();
    const pdf = await h.client.files.upload(await bytes("invoice-globex.pdf"), {
      fileName: "invoice-globex.pdf",
    });
    expect(pdf).toMatchObject({ object: "file", name: "invoice-globex.pdf", type: "PDF" });
    expect(pdf.id).toMatch(/^file_/);
    expect(pdf.metadata.pageCount).toBeGreaterThanOrEqual(1);

    const withText = await h.client.files.get(pdf.id, { rawText: true });
    expect(withText.contents?.rawText?.toLowerCase()).toContain("globex");
    const plain = await h.client.files.get(pdf.id);
    expect(plain.contents?.rawText).toBeUndefined();
    const md = await h.client.files.get(pdf.id, { markdown: true });
    expect(md.contents?.markdown ?? md.contents?.pages?.[0]?.markdown).toBeTruthy();

    const txt = await h.client.files.upload(await bytes("invoice-acme.txt"), {
      fileName: "invoice-acme.txt",
    });
    expect(txt.type).toBe("TXT");
    const txtText = await h.client.files.get(txt.id, { rawText: true });
    expect(txtText.contents?.rawText).toContain("ACME CORPORATION");

    const run = await h.client.processorRuns.createAndWait(
      { processorId: DEFAULT_PROCESSORS.invoiceExtractor, file: { fileId: pdf.id } },
      { pollIntervalMs: 5 },
    );
    expect(run.status).toBe("PROCESSED");
  });

  it("accepts Blob, ArrayBuffer, Uint8Array and File", async () => {
    h = startHarness();
    const text = "Receipt: coffee $4.50";
    const uploads: ExtendFile[] = [
      await h.client.files.upload(new Blob([text], { type: "text/plain" }), { fileName: "blob.txt" }),
      await h.client.files.upload(new TextEncoder().encode(text).buffer as ArrayBuffer, {
        fileName: "buffer.txt",
      }),
      await h.client.files.upload(new TextEncoder().encode(text), { fileName: "bytes.txt" }),
      await h.client.files.upload(new File([text], "file.txt", { type: "text/plain" })),
    ];
    expect(uploads.map((f) => f.name)).toEqual(["blob.txt", "buffer.txt", "bytes.txt", "file.txt"]);
    for (const file of uploads) {
      const got = await h.client.files.get(file.id, { rawText: true });
      expect(got.contents?.rawText).toContain("coffee $4.50");
    }
  });

  it("convertToPdf reaches the server as ?convertToPdf=true", async () => {
    h = startHarness();
    // A 1×1 PNG.
    const png = Uint8Array.from(
      atob(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
      ),
      (c) => c.charCodeAt(0),
    );
    const converted = await h.client.files.upload(png, { fileName: "scan.png", convertToPdf: true });
    const image = await h.client.files.upload(png, { fileName: "scan.png" });
    expect(image.type).toBe("IMG");
    // The emulator accepts the flag but keeps the original format, so assert on what it received.
    const requests = await h.admin.journal();
    const uploads = requests.filter((r) => r.path === "/files/upload");
    expect(uploads.map((r) => r.query)).toEqual([{ convertToPdf: "true" }, {}]);
    expect(uploads.map((r) => r.fileId)).toEqual([converted.id, image.id]);
  });

  it("lists with filters and pages, and deletes (then 404)", async () => {
    h = startHarness();
    for (let i = 0; i < 7; i++) {
      await h.client.files.upload(new TextEncoder().encode(`doc ${i}`), { fileName: `report-${i}.txt` });
    }
    await h.client.files.upload(new TextEncoder().encode("x"), { fileName: "other.txt" });
    const names: string[] = [];
    for await (const f of h.client.files.list({ nameContains: "report", maxPageSize: 2, sortDir: "asc" })) {
      names.push(f.name);
    }
    expect(names).toEqual(Array.from({ length: 7 }, (_, i) => `report-${i}.txt`));
    const first = await h.client.files.list({ maxPageSize: 3 });
    expect(first.data).toHaveLength(3);
    expect(first.hasNextPage()).toBe(true);

    const victim = first.data[0]!;
    const deleted = await h.client.files.delete(victim.id);
    expect(deleted.id).toBe(victim.id);
    await expect(h.client.files.get(victim.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(h.client.files.delete(victim.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("a too-large upload is a BadRequestError with code FILE_SIZE_TOO_LARGE", async () => {
    h = startHarness({ maxFileBytes: 10 });
    const error = await h.client.files
      .upload(new Uint8Array(11), { fileName: "big.txt" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, code: "FILE_SIZE_TOO_LARGE", mayHaveCreatedRun: false });
  });
});
