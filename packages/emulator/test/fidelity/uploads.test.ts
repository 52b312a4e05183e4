import { describe, expect, it } from "vitest";
import { type Loose, virtualEmulator } from "../support/api.js";

const TEXT_NAMES = new Set(["a.lis", "a.eml", "a.md", "a.rtf"]);
const OFFICE = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]); // a zip header, as .docx/.pptx begin

async function uploadJson(response: Promise<Response>): Promise<{ status: number; body: Loose }> {
  const answered = await response;
  return { status: answered.status, body: (await answered.json()) as Loose };
}

describe("uploads follow the 2025-04-21 supported list", () => {
  it.each([
    ["prog.exe", "text/plain"],
    ["data.json", "application/json"],
    ["page.htm", "text/html"],
    ["notes.bin", "text/plain"],
    ["upload", "application/json"],
  ])("refuses %s (%s) with 400 FILE_TYPE_NOT_SUPPORTED and stores nothing", async (name, type) => {
    const { api } = virtualEmulator({ limits: "off" });
    const { status, body } = await uploadJson(api.upload("Total: 1", name, type));
    expect(status).toBe(400);
    expect(body).toMatchObject({ success: false, code: "FILE_TYPE_NOT_SUPPORTED" });
    expect(body["error"]).toMatch(/not supported\. Supported extensions: \.pdf/);
    expect((await api.json("GET", "/files")).body["files"]).toEqual([]);
  });

  it("accepts every listed family, e.g. .lis, .eml, .psd, .ods, .wpd, .ppm, .pcx", async () => {
    const { api } = virtualEmulator({ limits: "off" });
    const types: Record<string, string> = {};
    for (const name of ["a.lis", "a.eml", "a.psd", "a.ods", "a.wpd", "a.ppm", "a.pcx", "a.md", "a.rtf"]) {
      const { status, body } = await uploadJson(api.upload(TEXT_NAMES.has(name) ? "x" : OFFICE, name));
      expect(status, name).toBe(200);
      types[name] = body["file"]["type"];
    }
    expect(types).toEqual({
      "a.lis": "TXT",
      "a.eml": "TXT",
      "a.psd": "IMG",
      "a.ods": "EXCEL",
      "a.wpd": "PDF",
      "a.ppm": "PDF",
      "a.pcx": "IMG",
      "a.md": "TXT",
      "a.rtf": "TXT",
    });
  });
});

describe("Word and PowerPoint uploads are converted to PDF", () => {
  it.each([
    ["deck.pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"],
    ["deck.ppt", "application/vnd.ms-powerpoint"],
    ["letter.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
    ["letter.doc", "application/msword"],
    ["letter.odt", "application/vnd.oasis.opendocument.text"],
  ])("%s reports type PDF, with PDF contents (markdown, pageCount) and no html", async (name, type) => {
    const { api } = virtualEmulator({ limits: "off" });
    const { status, body } = await uploadJson(api.upload(OFFICE, name, type));
    expect(status).toBe(200);
    expect(body["file"]).toMatchObject({ name, type: "PDF", metadata: { pageCount: 1 } });
    const id = body["file"]["id"];
    const got = await api.json("GET", `/files/${id}?markdown=true&html=true`);
    expect(got.body["file"]["type"]).toBe("PDF");
    expect(got.body["file"]["contents"]).toEqual({ markdown: "", pages: [{ pageNumber: 1, markdown: "" }] });
  });

  it("a PowerPoint file never reports DOCX, whichever way it arrives", async () => {
    const { api } = virtualEmulator({ limits: "off" });
    const created = await api.json("POST", "/files", { name: "deck.pptx", rawText: "Slide 1" });
    expect(created.body["file"]["type"]).toBe("PDF");
    const byMediaType = await uploadJson(api.upload(OFFICE, "deck", "application/vnd.ms-powerpoint"));
    expect(byMediaType.body["file"]["type"]).toBe("PDF");
  });

  it("html contents exist only for DOCX (a Word file that was not converted, e.g. POST /files)", async () => {
    const { api } = virtualEmulator({ limits: "off" });
    const word = await api.json("POST", "/files", { name: "letter.docx", rawText: "Dear <Sir>" });
    expect(word.body["file"]["type"]).toBe("DOCX");
    const got = await api.json("GET", `/files/${word.body["file"]["id"]}?html=true`);
    expect(got.body["file"]["contents"]["pages"]).toEqual([
      { pageNumber: 1, html: "<p>Dear &lt;Sir&gt;</p>" },
    ]);
    const page = await uploadJson(api.upload("<p>Hello</p>", "page.html", "text/html"));
    const html = await api.json("GET", `/files/${page.body["file"]["id"]}?html=true`);
    expect(html.body["file"]["contents"]).toEqual({});
  });

  it("convertToPdf=true converts images, Excel and HTML too; HTML keeps its text", async () => {
    const { api } = virtualEmulator({ limits: "off" });
    const html = await uploadJson(
      api.upload("<p>Total: 5</p>", "page.html", "text/html", "?convertToPdf=true"),
    );
    expect(html.body["file"]["type"]).toBe("PDF");
    const raw = await api.json("GET", `/files/${html.body["file"]["id"]}?rawText=true`);
    expect(raw.body["file"]["contents"]["rawText"]).toBe("Total: 5");
    const sheet = await uploadJson(api.upload(OFFICE, "sheet.xlsx", "", "?convertToPdf=true"));
    expect(sheet.body["file"]["type"]).toBe("PDF");
    const plain = await uploadJson(api.upload(OFFICE, "sheet.xlsx"));
    expect(plain.body["file"]["type"]).toBe("EXCEL");
  });
});
