import { extractText, getDocumentProxy } from "unpdf";

/** Outcome of reading the text layer of a PDF. */
export type PdfTextResult =
  | { ok: true; pages: string[] }
  | { ok: false; code: "CORRUPT_FILE" | "PASSWORD_PROTECTED_FILE"; message: string };

const PDF_MAGIC = "%PDF-";

/** True when the bytes begin with the `%PDF-` header. */
export function hasPdfHeader(bytes: Uint8Array): boolean {
  if (bytes.length < PDF_MAGIC.length) return false;
  for (let i = 0; i < PDF_MAGIC.length; i++) {
    if (bytes[i] !== PDF_MAGIC.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * The text of each page of a PDF, through unpdf (a serverless build of pdf.js). There is no OCR: a page
 * without a text layer (a scan) reads as "". pdf.js reports a password it needs as `PasswordException`;
 * every other failure to open the document means the file is corrupt.
 */
export async function readPdfText(bytes: Uint8Array): Promise<PdfTextResult> {
  if (!hasPdfHeader(bytes)) {
    return {
      ok: false,
      code: "CORRUPT_FILE",
      message: "The file is not a valid PDF: it does not start with %PDF-.",
    };
  }
  let proxy: Awaited<ReturnType<typeof getDocumentProxy>> | undefined;
  try {
    // pdf.js may detach the buffer it is given, so it gets a copy and the caller keeps its bytes.
    proxy = await getDocumentProxy(bytes.slice(), { verbosity: 0 });
    const { text } = await extractText(proxy, { mergePages: false });
    return { ok: true, pages: text.map((page) => page.replace(/\r\n?/g, "\n")) };
  } catch (error) {
    const name = error instanceof Error ? error.name : "";
    if (name === "PasswordException") {
      return {
        ok: false,
        code: "PASSWORD_PROTECTED_FILE",
        message: "The PDF is password protected; remove the password and upload it again.",
      };
    }
    return {
      ok: false,
      code: "CORRUPT_FILE",
      message: "The PDF is corrupt or damaged and could not be read.",
    };
  } finally {
    await proxy?.destroy().catch(() => undefined);
  }
}
