/** The `File.type` values of the Extend API (reference §11.5). */
export type FileType = "PDF" | "CSV" | "IMG" | "TXT" | "DOCX" | "EXCEL" | "XML" | "HTML";

/**
 * Extensions accepted by Extend for API version 2025-04-21 (reference §11.6), mapped to the `File.type`
 * they are reported as. PowerPoint and Word are auto-converted to PDF by Extend; the emulator cannot
 * convert, so they keep the DOCX type. `.json` and `.eml` are plain text for our purposes.
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
  pptx: "DOCX",
  ppt: "DOCX",
  ppm: "DOCX",
  csv: "CSV",
  txt: "TXT",
  md: "TXT",
  rtf: "TXT",
  lis: "TXT",
  eml: "TXT",
  json: "TXT",
  html: "HTML",
  htm: "HTML",
  xml: "XML",
};

/** Media types recognised when the file name has no known extension. */
const MEDIA_TYPES: Readonly<Record<string, FileType>> = {
  "application/pdf": "PDF",
  "text/plain": "TXT",
  "text/markdown": "TXT",
  "text/rtf": "TXT",
  "application/rtf": "TXT",
  "application/json": "TXT",
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
  "application/vnd.ms-powerpoint": "DOCX",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": "DOCX",
};

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
 * The `File.type` for a file: decided by its extension, then by its media type (parameters ignored).
 * Returns null for a type Extend does not accept.
 */
export function detectFileType(fileName: string, mediaType?: string): FileType | null {
  const byExtension = EXTENSION_TYPES[fileExtension(fileName)];
  if (byExtension) return byExtension;
  const essence = (mediaType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (essence === "") return null;
  const byMediaType = MEDIA_TYPES[essence];
  if (byMediaType) return byMediaType;
  if (essence.startsWith("image/")) return "IMG";
  return null;
}

/** Types whose bytes are text the emulator decodes itself (everything else is binary). */
export function isTextFileType(type: FileType): boolean {
  return type === "TXT" || type === "CSV" || type === "HTML" || type === "XML";
}
