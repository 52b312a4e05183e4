import { describe, expect, it } from "vitest";
import { readDocument, textToPages } from "../../src/processing/index.js";
import { makeEncryptedPdf, makePdf, utf8 } from "./pdf-fixtures.js";

describe("textToPages", () => {
  it("splits on form feed and normalises line endings", () => {
    expect(textToPages("a\r\nb\fc\rd")).toEqual(["a\nb", "c\nd"]);
  });
  it("keeps one page for text without form feeds, even empty text", () => {
    expect(textToPages("one page")).toEqual(["one page"]);
    expect(textToPages("")).toEqual([""]);
  });
  it("does not open an empty page after a trailing form feed", () => {
    expect(textToPages("p1\fp2\f\n")).toEqual(["p1", "p2"]);
  });
  it("keeps blank pages in the middle", () => {
    expect(textToPages("p1\f\fp3")).toEqual(["p1", "", "p3"]);
  });
});

describe("readDocument: text files", () => {
  it("reads a text file as UTF-8 with pages split on form feed", async () => {
    const result = await readDocument(utf8("Invoice Number: A-1\fTotal: 5 €"), "invoice.txt");
    expect(result).toEqual({
      ok: true,
      fileType: "TXT",
      pages: ["Invoice Number: A-1", "Total: 5 €"],
      pageCount: 2,
    });
  });

  it("drops a UTF-8 byte order mark", async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8("Vendor: Acme")]);
    const result = await readDocument(bytes, "a.md");
    expect(result).toMatchObject({ ok: true, fileType: "TXT", pages: ["Vendor: Acme"] });
  });

  it("reads CSV and XML as text, and refuses JSON (not on the 2025-04-21 list)", async () => {
    expect(await readDocument(utf8("a,b\n1,2"), "t.csv")).toMatchObject({
      ok: true,
      fileType: "CSV",
      pages: ["a,b\n1,2"],
    });
    expect(await readDocument(utf8("<a>1</a>"), "t.xml")).toMatchObject({
      ok: true,
      fileType: "XML",
      pages: ["<a>1</a>"],
    });
    expect(await readDocument(utf8('{"total": 5}'), "t.json")).toMatchObject({
      ok: false,
      code: "FILE_TYPE_NOT_SUPPORTED",
    });
  });

  it("strips HTML tags, scripts and entities, keeping lines", async () => {
    const html =
      "<html><head><title>x</title><style>p{}</style></head><body><h1>Invoice</h1>" +
      "<p>Invoice Number: <b>INV-9</b></p><script>alert(1)</script><table><tr><td>Total:</td><td>&euro;1.234,50</td></tr></table>" +
      "<p>Tom &amp; Jerry&#39;s &lt;shop&gt;</p></body></html>";
    const result = await readDocument(utf8(html), "invoice.html");
    expect(result).toEqual({
      ok: true,
      fileType: "HTML",
      pages: ["Invoice\n\nInvoice Number: INV-9\n\nTotal: €1.234,50\n\nTom & Jerry's <shop>"],
      pageCount: 1,
    });
  });

  it("rejects invalid UTF-8 as CORRUPT_FILE", async () => {
    const latin1 = new Uint8Array([0x54, 0x6f, 0x74, 0x61, 0x6c, 0x3a, 0x20, 0x35, 0x80]);
    const result = await readDocument(latin1, "latin1.txt");
    expect(result).toMatchObject({ ok: false, code: "CORRUPT_FILE" });
    if (!result.ok) expect(result.message).toMatch(/UTF-8/);
  });

  it("rejects NUL bytes in a text file as CORRUPT_FILE (a binary file with a text name)", async () => {
    const result = await readDocument(new Uint8Array([0x61, 0x00, 0x62]), "binary.csv");
    expect(result).toMatchObject({ ok: false, code: "CORRUPT_FILE" });
  });
});

describe("readDocument: PDF", () => {
  it("reads the text of every page of a text-bearing PDF", async () => {
    const pdf = await makePdf([["INVOICE", "Invoice Number: INV-7"], ["Page two", "Total: $12.00"], []]);
    const result = await readDocument(pdf, "doc.pdf");
    expect(result).toEqual({
      ok: true,
      fileType: "PDF",
      pages: ["INVOICE\nInvoice Number: INV-7", "Page two\nTotal: $12.00", ""],
      pageCount: 3,
    });
  });

  it("does not consume the caller's bytes", async () => {
    const pdf = await makePdf([["Hello"]]);
    const copy = pdf.slice();
    await readDocument(pdf, "doc.pdf");
    expect(pdf).toEqual(copy);
  });

  it("detects a PDF by media type when the name has no extension", async () => {
    const result = await readDocument(await makePdf([["Hi"]]), "upload", "application/pdf");
    expect(result).toMatchObject({ ok: true, fileType: "PDF", pages: ["Hi"] });
  });

  it("rejects a .pdf that is not a PDF as CORRUPT_FILE", async () => {
    const result = await readDocument(utf8("Invoice Number: 1"), "fake.pdf");
    expect(result).toMatchObject({ ok: false, code: "CORRUPT_FILE" });
    if (!result.ok) expect(result.message).toMatch(/%PDF-/);
  });

  it("rejects a damaged PDF (valid header, broken body) as CORRUPT_FILE", async () => {
    const result = await readDocument(utf8("%PDF-1.7\n1 0 obj << /Type /Catalog >>\n%%EOF"), "broken.pdf");
    expect(result).toMatchObject({ ok: false, code: "CORRUPT_FILE" });
  });

  it("rejects a truncated PDF as CORRUPT_FILE", async () => {
    const pdf = await makePdf([["Invoice Number: 1"]]);
    const result = await readDocument(pdf.slice(0, 200), "truncated.pdf");
    expect(result).toMatchObject({ ok: false, code: "CORRUPT_FILE" });
  });

  it("rejects an encrypted PDF as PASSWORD_PROTECTED_FILE", async () => {
    const result = await readDocument(await makeEncryptedPdf(), "secret.pdf");
    expect(result).toMatchObject({ ok: false, code: "PASSWORD_PROTECTED_FILE" });
  });
});

describe("readDocument: other types", () => {
  it.each([
    ["scan.png", "IMG"],
    ["letter.docx", "DOCX"],
    ["sheet.xlsx", "EXCEL"],
    ["deck.pptx", "PDF"],
  ] as const)("accepts %s as %s with one page and no text (no OCR or Office parsing)", async (name, type) => {
    const result = await readDocument(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]), name);
    expect(result).toEqual({ ok: true, fileType: type, pages: [""], pageCount: 1 });
  });

  it("converts to PDF: Word with officeToPdf, images, Excel and HTML with convertToPdf (HTML keeps its text)", async () => {
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04]);
    expect(await readDocument(bytes, "letter.docx", undefined, { officeToPdf: true })).toEqual({
      ok: true,
      fileType: "PDF",
      pages: [""],
      pageCount: 1,
    });
    expect(await readDocument(bytes, "scan.png", undefined, { convertToPdf: true })).toMatchObject({
      fileType: "PDF",
    });
    expect(await readDocument(bytes, "sheet.xlsx", undefined, { officeToPdf: true })).toMatchObject({
      fileType: "EXCEL",
    });
    expect(
      await readDocument(utf8("<p>Total: 5</p>"), "page.html", undefined, { convertToPdf: true }),
    ).toEqual({ ok: true, fileType: "PDF", pages: ["Total: 5"], pageCount: 1 });
  });

  it("rejects an unsupported type with FILE_TYPE_NOT_SUPPORTED naming the extension", async () => {
    const result = await readDocument(utf8("MZ"), "setup.exe");
    expect(result).toMatchObject({ ok: false, code: "FILE_TYPE_NOT_SUPPORTED" });
    if (!result.ok) {
      expect(result.message).toMatch(/^\.exe files are not supported/);
      expect(result.message).toContain(".pdf");
    }
  });

  it("rejects a file without extension or media type", async () => {
    const result = await readDocument(utf8("hello"), "README");
    expect(result).toMatchObject({ ok: false, code: "FILE_TYPE_NOT_SUPPORTED" });
  });
});
