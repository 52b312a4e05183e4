/** The `File.type` values of the Extend API (reference §11.5). */
export type FileType = "PDF" | "CSV" | "IMG" | "TXT" | "DOCX" | "EXCEL" | "XML" | "HTML";

/** Office formats Extend converts to PDF (reference §11.1). */
export type OfficeKind = "word" | "powerpoint";

/**
 * Extensions on Extend's 2025-04-21 supported list (reference §11.6), mapped to the `File.type` they
 * are reported as before any conversion. PowerPoint has no `File.type` of its own: Extend converts it
 * to PDF, so it is PDF everywhere (never DOCX). Word is DOCX until converted (see {@link officeKind}).
 * `.eml` is plain text for our purposes. Nothing else is accepted (`.json`, `.htm`, `.exe`, …).
 */
const EXTENSION_TYPES: Readonly<Record<string, FileType>> = {
  pdf: "PDF",
  png: "IMG",
  jpg: "IMG",
  jpeg: "IMG",
  tiff: "IMG",
  tif: "IMG",
  svg: "IMG",
  heic: "IMG",
  heif: "IMG",
  bmp: "IMG",
  gif: "IMG",
  webp: "IMG",
  psd: "IMG",
  pcx: "IMG",
  xls: "EXCEL",
  xlsx: "EXCEL",
  xltm: "EXCEL",
  xltx: "EXCEL",
  ods: "EXCEL",
  docx: "DOCX",
  doc: "DOCX",
  wpd: "DOCX",
  dotx: "DOCX",
  odt: "DOCX",
  pptx: "PDF",
  ppt: "PDF",
  ppm: "PDF",
  csv: "CSV",
  txt: "TXT",
  md: "TXT",
  rtf: "TXT",
  lis: "TXT",
  eml: "TXT",
  html: "HTML",
  xml: "XML",
};

const WORD_EXTENSIONS = new Set(["docx", "doc", "wpd", "dotx", "odt"]);
const POWERPOINT_EXTENSIONS = new Set(["pptx", "ppt", "ppm"]);

/** Media types recognised when the file name has no extension, each a type on the supported list. */
const MEDIA_TYPES: Readonly<Record<string, FileType>> = {
  "application/pdf": "PDF",
  "text/plain": "TXT",
  "text/markdown": "TXT",
  "text/rtf": "TXT",
  "application/rtf": "TXT",
  "message/rfc822": "TXT",
  "text/csv": "CSV",
  "text/html": "HTML",
  "application/xhtml+xml": "HTML",
  "text/xml": "XML",
  "application/xml": "XML",
  "application/vnd.ms-excel": "EXCEL",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "EXCEL",
  "application/vnd.oasis.opendocument.spreadsheet": "EXCEL",
  "application/msword": "DOCX",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
  "application/vnd.oasis.opendocument.text": "DOCX",
  "application/vnd.ms-powerpoint": "PDF",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PDF",
  "image/png": "IMG",
  "image/jpeg": "IMG",
  "image/tiff": "IMG",
  "image/svg+xml": "IMG",
  "image/heic": "IMG",
  "image/heif": "IMG",
  "image/bmp": "IMG",
  "image/gif": "IMG",
  "image/webp": "IMG",
  "image/vnd.adobe.photoshop": "IMG",
  "image/x-pcx": "IMG",
};

const WORD_MEDIA_TYPES = new Set([
  "application/msword",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.oasis.opendocument.text",
]);
const POWERPOINT_MEDIA_TYPES = new Set([
  "application/vnd.ms-powerpoint",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
]);

/** Every extension the emulator accepts, for error messages. */
export const SUPPORTED_EXTENSIONS: readonly string[] = Object.keys(EXTENSION_TYPES);

/** Lower-case extension of a file name without the dot, or "" when it has none. */
export function fileExtension(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? "";
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
}

/** True when the file name is a Markdown file (its contents carry markdown although its type is TXT). */
export function isMarkdownFileName(fileName: string): boolean {
  return fileExtension(fileName) === "md";
}

/**
 * The `File.type` for a file: decided by its extension when it has one (an extension off the
 * supported list is refused whatever the media type says), by its media type otherwise. Returns null
 * for a type Extend does not accept.
 */
export function detectFileType(fileName: string, mediaType?: string): FileType | null {
  const extension = fileExtension(fileName);
  if (extension !== "") return EXTENSION_TYPES[extension] ?? null;
  return MEDIA_TYPES[mediaEssence(mediaType)] ?? null;
}

/** Whether a supported file is a Word or PowerPoint document (by the same rule as {@link detectFileType}). */
export function officeKind(fileName: string, mediaType?: string): OfficeKind | null {
  const extension = fileExtension(fileName);
  if (extension !== "") {
    if (WORD_EXTENSIONS.has(extension)) return "word";
    return POWERPOINT_EXTENSIONS.has(extension) ? "powerpoint" : null;
  }
  const essence = mediaEssence(mediaType);
  if (WORD_MEDIA_TYPES.has(essence)) return "word";
  return POWERPOINT_MEDIA_TYPES.has(essence) ? "powerpoint" : null;
}

function mediaEssence(mediaType: string | undefined): string {
  return (mediaType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

/** Types whose bytes are text the emulator decodes itself (everything else is binary). */
export function isTextFileType(type: FileType): boolean {
  return type === "TXT" || type === "CSV" || type === "HTML" || type === "XML";
}
