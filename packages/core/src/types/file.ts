import type { OpenString, SortDirection, Usage } from "./common.ts";

/** Detected file type. */
export type FileType = OpenString<"PDF" | "CSV" | "IMG" | "TXT" | "DOCX" | "EXCEL" | "XML" | "HTML">;

/** One page of a file's parsed contents (only the parts requested with `files.get` flags are set). */
export interface FilePageContents {
  pageNumber: number;
  pageHeight?: number;
  pageWidth?: number;
  rawText?: string;
  markdown?: string;
  html?: string;
  [key: string]: unknown;
}

/** One sheet of a spreadsheet's parsed contents. */
export interface FileSheetContents {
  sheetName: string;
  rawText?: string;
  [key: string]: unknown;
}

/** Parsed contents of a file, populated per the `files.get` flags. */
export interface FileContents {
  rawText?: string;
  markdown?: string;
  pages?: FilePageContents[];
  sheets?: FileSheetContents[];
  [key: string]: unknown;
}

/** Where a file produced by a splitter run sits in its parent. */
export interface FileParentSplit {
  id: string;
  type: string;
  identifier: string;
  startPage: number;
  endPage: number;
  [key: string]: unknown;
}

/** File metadata. */
export interface FileMetadata {
  /** PDF and DOCX only. */
  pageCount?: number;
  parentSplit?: FileParentSplit;
  [key: string]: unknown;
}

/** An Extend file (`file_...`). Named `ExtendFile` so it does not shadow the Web `File`. */
export interface ExtendFile {
  object: "file";
  id: string;
  name: string;
  type?: FileType;
  /** Download URL; expires after 15 minutes. */
  presignedUrl?: string | null;
  parentFileId?: string | null;
  contents?: FileContents;
  metadata: FileMetadata;
  createdAt: string;
  updatedAt: string;
  /** Parsing credits. */
  usage?: Usage;
  [key: string]: unknown;
}

/** Options of `files.upload`. */
export interface UploadFileParams {
  /** Name sent with the bytes; defaults to the `File`'s name, else `"upload"`. Include the extension. */
  fileName?: string;
  /** Ask Extend to convert the upload (images, Office documents, HTML) to PDF. */
  convertToPdf?: boolean;
}

/** Flags of `files.get`: which parsed contents to include. */
export interface GetFileParams {
  rawText?: boolean;
  /** PDF, images and Word documents converted to PDF only. */
  markdown?: boolean;
  /** DOCX not converted to PDF only. */
  html?: boolean;
}

/** Filters of `files.list`. */
export interface ListFilesParams {
  nameContains?: string;
  sortDir?: SortDirection;
  /** 1–1000; the API defaults to 10. */
  maxPageSize?: number;
  nextPageToken?: string;
}

/** Result of `files.delete`. */
export interface DeleteFileResult {
  id: string;
  message?: string;
}
