import {
  detectFileType,
  type FileType,
  fileExtension,
  isTextFileType,
  officeKind,
  SUPPORTED_EXTENSIONS,
} from "./file-types.js";
import { htmlToText } from "./html-text.js";
import { textToPages } from "./pages.js";
import { readPdfText } from "./pdf-text.js";

/** Error codes an upload is rejected with (reference §10/§11.1). */
export type ReadDocumentErrorCode = "FILE_TYPE_NOT_SUPPORTED" | "CORRUPT_FILE" | "PASSWORD_PROTECTED_FILE";

/** The text of a document split into pages, or why it cannot be read. */
export type ReadDocumentResult =
  | { ok: true; fileType: FileType; pages: string[]; pageCount: number }
  | { ok: false; code: ReadDocumentErrorCode; message: string };

/**
 * Reads an uploaded document into per-page text.
 *
 * - Text types (txt, md, rtf, lis, csv, html, xml, eml) are decoded as strict UTF-8; invalid UTF-8 or NUL bytes
 *   mean the file is not the text it claims to be (`CORRUPT_FILE`). HTML tags are stripped. Pages split on `\f`.
 * - PDF: the text layer of each page via unpdf; no header → `CORRUPT_FILE`, encrypted → `PASSWORD_PROTECTED_FILE`.
 *   Scanned pages read as "" (the emulator has no OCR).
 * - Images, Word/PowerPoint and Excel files are accepted as one page without text: the emulator does not OCR
 *   images or parse Office formats, so a run on them fails for lack of readable text.
 * - Conversion to PDF (reference §11.1): PowerPoint is always PDF (it has no `File.type` of its own); Word
 *   becomes PDF with `officeToPdf` (uploads); `convertToPdf` also converts images, Excel and HTML. The
 *   converted file reports type PDF and keeps the text the emulator could read; its bytes stay the original.
 */
export async function readDocument(
  bytes: Uint8Array,
  fileName: string,
  mediaType?: string,
  options: ReadDocumentOptions = {},
): Promise<ReadDocumentResult> {
  const fileType = detectFileType(fileName, mediaType);
  if (fileType === null) {
    const extension = fileExtension(fileName);
    const what = extension ? `.${extension} files are` : "Files without a known extension or media type are";
    return {
      ok: false,
      code: "FILE_TYPE_NOT_SUPPORTED",
      message: `${what} not supported. Supported extensions: ${SUPPORTED_EXTENSIONS.map((e) => `.${e}`).join(", ")}.`,
    };
  }
  const office = officeKind(fileName, mediaType);
  if (office !== null || (options.convertToPdf && CONVERTIBLE.has(fileType))) {
    const converted = office === "powerpoint" || options.officeToPdf || options.convertToPdf;
    const pages = fileType === "HTML" ? readText(bytes, fileType) : [""];
    if (pages === null) return notText(fileType);
    return { ok: true, fileType: converted ? "PDF" : fileType, pages, pageCount: pages.length };
  }
  if (fileType === "PDF") {
    const pdf = await readPdfText(bytes);
    if (!pdf.ok) return pdf;
    const pages = pdf.pages.length > 0 ? pdf.pages : [""];
    return { ok: true, fileType, pages, pageCount: pages.length };
  }
  if (isTextFileType(fileType)) {
    const pages = readText(bytes, fileType);
    if (pages === null) return notText(fileType);
    return { ok: true, fileType, pages, pageCount: pages.length };
  }
  return { ok: true, fileType, pages: [""], pageCount: 1 };
}

/** How an ingestion path converts documents to PDF. */
export interface ReadDocumentOptions {
  /** Word documents become PDF, as uploads do ("automatically converted to a PDF"). */
  officeToPdf?: boolean;
  /** The upload's `convertToPdf=true`: images, Excel and HTML become PDF too. */
  convertToPdf?: boolean;
}

/** Types `convertToPdf` converts (besides Word and PowerPoint, which are handled as Office files). */
const CONVERTIBLE: ReadonlySet<FileType> = new Set(["IMG", "EXCEL", "HTML"]);

/** The pages of a text type (HTML tags stripped), or null when the bytes are not UTF-8 text. */
function readText(bytes: Uint8Array, fileType: FileType): string[] | null {
  const text = decodeUtf8(bytes);
  if (text === null) return null;
  return textToPages(text).map((page) => (fileType === "HTML" ? htmlToText(page) : page));
}

function notText(fileType: FileType): ReadDocumentResult {
  return {
    ok: false,
    code: "CORRUPT_FILE",
    message: `The file is not valid UTF-8 text, as a ${fileType} file must be.`,
  };
}

/** Strict UTF-8 decoding without the BOM; null for invalid sequences or NUL bytes (a binary file). */
function decodeUtf8(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}
