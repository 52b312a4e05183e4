import { describe, expect, it } from "vitest";
import { detectFileType } from "../../src/processing/index.js";

describe("detectFileType", () => {
  it.each([
    ["invoice.pdf", "PDF"],
    ["INVOICE.PDF", "PDF"],
    ["notes.txt", "TXT"],
    ["README.md", "TXT"],
    ["letter.rtf", "TXT"],
    ["report.lis", "TXT"],
    ["data.json", "TXT"],
    ["mail.eml", "TXT"],
    ["table.csv", "CSV"],
    ["page.html", "HTML"],
    ["page.htm", "HTML"],
    ["feed.xml", "XML"],
    ["scan.png", "IMG"],
    ["scan.JPEG", "IMG"],
    ["scan.tif", "IMG"],
    ["photo.heic", "IMG"],
    ["sheet.xlsx", "EXCEL"],
    ["sheet.xls", "EXCEL"],
    ["sheet.ods", "EXCEL"],
    ["letter.docx", "DOCX"],
    ["letter.doc", "DOCX"],
    ["letter.odt", "DOCX"],
    ["deck.pptx", "DOCX"],
    ["dir/sub/archive.v2.pdf", "PDF"],
  ] as const)("%s → %s", (name, type) => {
    expect(detectFileType(name)).toBe(type);
  });

  it("falls back to the media type when the extension is missing or unknown", () => {
    expect(detectFileType("upload", "application/pdf")).toBe("PDF");
    expect(detectFileType("upload", "text/plain; charset=utf-8")).toBe("TXT");
    expect(detectFileType("blob", "image/avif")).toBe("IMG");
    expect(detectFileType("upload.bin", "text/csv")).toBe("CSV");
  });

  it("prefers the extension over the media type", () => {
    expect(detectFileType("invoice.pdf", "application/octet-stream")).toBe("PDF");
    expect(detectFileType("notes.txt", "application/pdf")).toBe("TXT");
  });

  it("returns null for unsupported types", () => {
    expect(detectFileType("setup.exe")).toBeNull();
    expect(detectFileType("archive.zip", "application/zip")).toBeNull();
    expect(detectFileType("noextension")).toBeNull();
    expect(detectFileType("blob", "application/octet-stream")).toBeNull();
    expect(detectFileType(".pdf")).toBeNull();
  });
});
