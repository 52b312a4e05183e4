import { describe, expect, it } from "vitest";
import { fileContents } from "../../src/processing/index.js";

const pages = ["Invoice Number: 1\nTotal: <5>", "Page two"];

describe("fileContents", () => {
  it("is empty without flags", () => {
    expect(fileContents(pages, "PDF", {})).toEqual({});
    expect(fileContents(pages, "PDF", { rawText: false })).toEqual({});
  });

  it("gives rawText for every type, whole and per page", () => {
    expect(fileContents(pages, "TXT", { rawText: true })).toEqual({
      rawText: "Invoice Number: 1\nTotal: <5>\n\nPage two",
      pages: [
        { pageNumber: 1, rawText: "Invoice Number: 1\nTotal: <5>" },
        { pageNumber: 2, rawText: "Page two" },
      ],
    });
  });

  it("gives markdown only for PDF, IMG, DOCX and Markdown files", () => {
    expect(fileContents(pages, "PDF", { markdown: true })).toEqual({
      markdown: "Invoice Number: 1\nTotal: <5>\n\nPage two",
      pages: [
        { pageNumber: 1, markdown: "Invoice Number: 1\nTotal: <5>" },
        { pageNumber: 2, markdown: "Page two" },
      ],
    });
    expect(fileContents([""], "IMG", { markdown: true })).toEqual({
      markdown: "",
      pages: [{ pageNumber: 1, markdown: "" }],
    });
    expect(fileContents(pages, "DOCX", { markdown: true })).toHaveProperty("markdown");
    expect(fileContents(pages, "TXT", { markdown: true })).toEqual({});
    expect(fileContents(pages, "TXT", { markdown: true }, { fileName: "notes.md" })).toHaveProperty(
      "markdown",
    );
    expect(fileContents(pages, "CSV", { markdown: true })).toEqual({});
  });

  it("gives per-page html only for DOCX (Word not converted to PDF), escaped", () => {
    expect(fileContents(pages, "DOCX", { html: true })).toEqual({
      pages: [
        { pageNumber: 1, html: "<p>Invoice Number: 1</p>\n<p>Total: &lt;5&gt;</p>" },
        { pageNumber: 2, html: "<p>Page two</p>" },
      ],
    });
    expect(fileContents(pages, "HTML", { html: true })).toEqual({});
    expect(fileContents(pages, "PDF", { html: true })).toEqual({});
  });

  it("combines flags", () => {
    const contents = fileContents(pages, "PDF", { rawText: true, markdown: true, html: true });
    expect(Object.keys(contents)).toEqual(["rawText", "markdown", "pages"]);
    expect(contents.pages?.[1]).toEqual({ pageNumber: 2, rawText: "Page two", markdown: "Page two" });
  });
});
