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
    ["mail.eml", "TXT"],
    ["table.csv", "CSV"],
    ["page.html", "HTML"],
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
    // PowerPoint has no File.type of its own: Extend converts it to PDF, so it is never DOCX.
    ["deck.pptx", "PDF"],
    ["deck.ppt", "PDF"],
    ["dir/sub/archive.v2.pdf", "PDF"],
  ] as const)("%s → %s", (name, type) => {
    expect(detectFileType(name)).toBe(type);
  });

  it("falls back to the media type only when the name has no extension", () => {
    expect(detectFileType("upload", "application/pdf")).toBe("PDF");
    expect(detectFileType("upload", "text/plain; charset=utf-8")).toBe("TXT");
    expect(detectFileType("upload", "image/png")).toBe("IMG");
    expect(detectFileType("upload", "application/vnd.ms-powerpoint")).toBe("PDF");
  });

  it("refuses an extension off the 2025-04-21 list whatever the media type says", () => {
    expect(detectFileType("prog.exe", "text/plain")).toBeNull();
    expect(detectFileType("upload.bin", "text/csv")).toBeNull();
    expect(detectFileType("data.json", "application/json")).toBeNull();
    expect(detectFileType("page.htm", "text/html")).toBeNull();
    expect(detectFileType("upload", "application/json")).toBeNull();
    expect(detectFileType("blob", "image/avif")).toBeNull();
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
