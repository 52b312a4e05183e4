import { PDFDocument, StandardFonts } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { AUTH, BASE, virtualEmulator } from "./support/api.js";

async function pdfWithPages(...pages: string[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const text of pages) {
    const page = doc.addPage([400, 400]);
    text.split("\n").forEach((line, i) => {
      page.drawText(line, { x: 20, y: 360 - i * 20, size: 12, font });
    });
  }
  return doc.save();
}

const FILE_FIELDS = [
  "object",
  "id",
  "name",
  "type",
  "presignedUrl",
  "contents",
  "metadata",
  "createdAt",
  "updatedAt",
  "usage",
];

describe("POST /files/upload", () => {
  it("stores a text file and returns the File object", async () => {
    const { api } = virtualEmulator();
    const response = await api.upload(
      "Invoice Number: A-1\nTotal: 5",
      "invoice.txt",
      "text/plain",
      "?convertToPdf=true",
    );
    expect(response.status).toBe(200);
    const { success, file } = await response.json();
    expect(success).toBe(true);
    for (const key of FILE_FIELDS) expect(file).toHaveProperty(key);
    expect(file).toMatchObject({ object: "file", name: "invoice.txt", type: "TXT" });
    expect(file.id).toMatch(/^file_/);
    expect(file.usage.credits).toBeGreaterThan(0);
  });

  it("reads PDFs page by page (pageCount) and serves the presigned URL without auth", async () => {
    const { emulator, api } = virtualEmulator();
    const bytes = await pdfWithPages("Invoice Number: P-1", "Total: 99.00");
    const { file } = await (await api.upload(bytes, "packet.pdf", "application/pdf")).json();
    expect(file.type).toBe("PDF");
    expect(file.metadata.pageCount).toBe(2);
    const content = await emulator.fetch(new Request(file.presignedUrl));
    expect(content.status).toBe(200);
    expect(content.headers.get("content-type")).toBe("application/pdf");
    expect(new Uint8Array(await content.arrayBuffer())).toEqual(bytes);
  });

  it("400 FILE_TYPE_NOT_SUPPORTED for unsupported types", async () => {
    const { api } = virtualEmulator();
    const response = await api.upload("MZ...", "tool.exe", "application/octet-stream");
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ success: false, code: "FILE_TYPE_NOT_SUPPORTED" });
  });

  it("400 FILE_SIZE_TOO_LARGE beyond maxFileBytes", async () => {
    const { api } = virtualEmulator({ maxFileBytes: 100 });
    const response = await api.upload("x".repeat(101), "big.txt");
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "FILE_SIZE_TOO_LARGE" });
    expect((await api.upload("x".repeat(100), "fits.txt")).status).toBe(200);
  });

  it("400 CORRUPT_FILE for a .pdf that is not a PDF", async () => {
    const { api } = virtualEmulator();
    const response = await api.upload("this is not a pdf", "fake.pdf", "application/pdf");
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "CORRUPT_FILE" });
  });

  it("400 naming the file field when it is missing or the body is not multipart", async () => {
    const { emulator } = virtualEmulator();
    const form = new FormData();
    form.append("other", "x");
    const missing = await emulator.fetch(
      new Request(`${BASE}/files/upload`, { method: "POST", headers: AUTH, body: form }),
    );
    expect(missing.status).toBe(400);
    expect((await missing.json()).message).toContain("file");
    const json = await emulator.fetch(
      new Request(`${BASE}/files/upload`, {
        method: "POST",
        headers: { ...AUTH, "content-type": "application/json" },
        body: "{}",
      }),
    );
    expect(json.status).toBe(400);
  });
});

describe("GET/DELETE /files", () => {
  it("gets a file with rawText, markdown and html flags", async () => {
    const { api } = virtualEmulator();
    const bytes = await pdfWithPages("Invoice Number: P-1", "Total: 99.00");
    const { file } = await (await api.upload(bytes, "packet.pdf", "application/pdf")).json();
    const plain = await api.json("GET", `/files/${file.id}`);
    expect(plain.body["file"]["contents"]).toEqual({});
    const raw = await api.json("GET", `/files/${file.id}?rawText=true&markdown=true`);
    const contents = raw.body["file"]["contents"];
    expect(contents.rawText).toContain("P-1");
    expect(contents.markdown).toContain("99.00");
    expect(contents.pages).toHaveLength(2);
    expect(contents.pages[1]).toMatchObject({ pageNumber: 2 });
    const html = await (
      await api.upload("<html><body><p>Hi there</p></body></html>", "page.html", "text/html")
    ).json();
    // html contents are documented for DOCX only (Word not converted to PDF), never for HTML files.
    const htmlFile = await api.json("GET", `/files/${html.file.id}?html=true`);
    expect(htmlFile.body["file"]["contents"]).toEqual({});
    const word = await api.json("POST", "/files", { name: "letter.docx", rawText: "Hi there" });
    expect(word.body["file"]["type"]).toBe("DOCX");
    const withHtml = await api.json("GET", `/files/${word.body["file"]["id"]}?html=true`);
    expect(withHtml.body["file"]["contents"]["pages"][0]["html"]).toContain("Hi there");
    expect((await api.json("GET", `/files/${file.id}?rawText=maybe`)).status).toBe(400);
    expect((await api.json("GET", "/files/file_missing")).status).toBe(404);
  });

  it("lists with nameContains, sortDir and pagination", async () => {
    const { emulator, api } = virtualEmulator();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      ids.push(
        (await (await api.upload(`Total: ${i}`, i % 2 ? `Report-${i}.txt` : `invoice-${i}.txt`)).json()).file
          .id,
      );
      await emulator.clock.advance(5);
    }
    const collect = async (query: string) => {
      const out: string[] = [];
      let token: string | null = null;
      do {
        const suffix: string = token ? `&nextPageToken=${encodeURIComponent(token)}` : "";
        const { status, body } = await api.json("GET", `/files?maxPageSize=2${query}${suffix}`);
        expect(status).toBe(200);
        out.push(...body["files"].map((file: { id: string }) => file.id));
        token = body["nextPageToken"];
      } while (token);
      return out;
    };
    expect(await collect("&sortDir=asc")).toEqual(ids);
    expect(await collect("")).toEqual([...ids].reverse());
    expect(await collect("&nameContains=report&sortDir=asc")).toEqual([ids[1], ids[3], ids[5]]);
    expect((await api.json("GET", "/files?sortDir=sideways")).status).toBe(400);
    expect((await api.json("GET", "/files?maxPageSize=0")).status).toBe(400);
  });

  it("deletes a file; then it is 404 and runs cannot use it", async () => {
    const { api } = virtualEmulator();
    const { file } = await (await api.upload("Total: 1", "a.txt")).json();
    const deleted = await api.json("DELETE", `/files/${file.id}`);
    expect(deleted.body).toMatchObject({ success: true, fileId: file.id });
    expect((await api.json("GET", `/files/${file.id}`)).status).toBe(404);
    expect((await api.json("DELETE", `/files/${file.id}`)).status).toBe(404);
    const run = await api.json("POST", "/processor_runs", {
      processorId: "dp_invoice_extractor",
      file: { fileId: file.id },
    });
    expect(run.status).toBe(404);
  });
});

describe("POST /files (deprecated create)", () => {
  it("creates a file from rawText or a URL (data: URLs are undownloadable); name is required", async () => {
    const { api } = virtualEmulator();
    const fromText = await api.json("POST", "/files", { name: "notes.txt", rawText: "Total: 3" });
    expect(fromText.status).toBe(200);
    expect(fromText.body["file"]).toMatchObject({ object: "file", name: "notes.txt", type: "TXT" });
    const fromData = await api.json("POST", "/files", { name: "x.txt", url: "data:text/plain,Total%3A%204" });
    expect(fromData.status).toBe(400);
    expect(fromData.body["message"]).toMatch(
      /url could not be downloaded: .*data: URLs cannot be downloaded/,
    );
    expect((await api.json("GET", "/files")).body["files"]).toHaveLength(1);
    expect((await api.json("POST", "/files", { rawText: "x" })).body["message"]).toContain("name");
    expect((await api.json("POST", "/files", { name: "x.txt" })).status).toBe(400);
    const { file: uploaded } = await (await api.upload("Total: 9", "source.txt")).json();
    const fromOwnUrl = await api.json("POST", "/files", { name: "copy.txt", url: uploaded.presignedUrl });
    expect(fromOwnUrl.body["file"]).toMatchObject({ name: "copy.txt", type: "TXT" });
    expect(
      (await api.json("POST", "/files", { name: "x.txt", url: "data:text/plain,a", rawText: "b" })).status,
    ).toBe(400);
    expect((await api.json("POST", "/files", { name: "x.txt", url: 5 })).body["message"]).toContain("url");
    const remote = await api.json("POST", "/files", { name: "x.pdf", url: "https://example.com/x.pdf" });
    expect(remote.status).toBe(400);
    expect(remote.body["message"]).toContain("url");
  });
});

describe("runs over files", () => {
  it("runs on an uploaded file carry the full File object and its name", async () => {
    const { emulator, api } = virtualEmulator({ latency: "instant" });
    const { file } = await (await api.upload("Invoice Number: F-9\nTotal: 12", "f9.txt")).json();
    const run = await api.createRun({ processorId: "dp_invoice_extractor", file: { fileId: file.id } });
    expect(run["files"]).toHaveLength(1);
    expect(run["files"][0]).toMatchObject({ object: "file", id: file.id, name: "f9.txt" });
    await emulator.clock.advance(0);
    const done = await api.getRun(run["id"]);
    expect(done["output"]["value"]["invoice_number"]).toBe("F-9");
    const list = await api.json("GET", "/processor_runs?fileNameContains=f9");
    expect(list.body["processorRuns"][0]["fileName"]).toBe("f9.txt");
  });

  it("splits a PDF packet by pages", async () => {
    const { emulator, api } = virtualEmulator({ latency: "instant" });
    const bytes = await pdfWithPages("INVOICE\nInvoice Number: 1", "INVOICE\nTotal: 5", "RECEIPT\nThank you");
    const { file } = await (await api.upload(bytes, "packet.pdf", "application/pdf")).json();
    const run = await api.createRun({ processorId: "dp_packet_splitter", file: { fileId: file.id } });
    await emulator.clock.advance(0);
    const done = await api.getRun(run["id"]);
    expect(done["status"]).toBe("PROCESSED");
    expect(Array.isArray(done["output"]["splits"])).toBe(true);
    expect(done["output"]["splits"].length).toBeGreaterThan(0);
  });
});
