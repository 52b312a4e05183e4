import type { FileType } from "./file-types.js";
import { escapeHtml } from "./html-text.js";

/** Which representations `GET /files/{id}` was asked for (its query flags). */
export type ContentFlags = {
  rawText?: boolean;
  markdown?: boolean;
  html?: boolean;
};

/** One page of `File.contents.pages`. */
export type FileContentPage = {
  pageNumber: number;
  rawText?: string;
  markdown?: string;
  html?: string;
};

/** `File.contents` (reference §11.5), only populated per the flags; a type alias, so a `Record<string, unknown>`. */
export type FileContents = {
  rawText?: string;
  markdown?: string;
  pages?: FileContentPage[];
};

/** Separator between pages in the whole-document `rawText` and `markdown`. */
const PAGE_JOIN = "\n\n";

/**
 * `File.contents` for the flags of Get File (reference §11.2): `rawText` for every type; `markdown` only for PDF,
 * IMG and DOCX (and Markdown text files, pass `options.fileName`); `html` only for DOCX (Word files that were
 * not converted to PDF; an upload converts them, so only a `fileUrl` or `POST /files` Word file has it). The emulator
 * has no layout model: markdown is the page text (plain text is valid Markdown) and html wraps each line in a
 * `<p>`. Without any applicable flag the result is `{}`.
 */
export function fileContents(
  pages: readonly string[],
  fileType: FileType,
  flags: ContentFlags,
  options: { fileName?: string } = {},
): FileContents {
  const isMarkdownFile = fileType === "TXT" && (options.fileName ?? "").toLowerCase().endsWith(".md");
  const wantRaw = flags.rawText === true;
  const wantMarkdown =
    flags.markdown === true &&
    (fileType === "PDF" || fileType === "IMG" || fileType === "DOCX" || isMarkdownFile);
  const wantHtml = flags.html === true && fileType === "DOCX";
  const contents: FileContents = {};
  if (!wantRaw && !wantMarkdown && !wantHtml) return contents;
  if (wantRaw) contents.rawText = pages.join(PAGE_JOIN);
  if (wantMarkdown) contents.markdown = pages.join(PAGE_JOIN);
  contents.pages = pages.map((text, index) => {
    const page: FileContentPage = { pageNumber: index + 1 };
    if (wantRaw) page.rawText = text;
    if (wantMarkdown) page.markdown = text;
    if (wantHtml) page.html = textToHtml(text);
    return page;
  });
  return contents;
}

function textToHtml(text: string): string {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => `<p>${escapeHtml(line.trim())}</p>`)
    .join("\n");
}
