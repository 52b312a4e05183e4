import { downloadFile } from "./download.js";
import { notFound } from "./errors.js";
import { randomId } from "./ids.js";
import { fileCredits, readDocument, textToPages } from "./processing/index.js";
import type { FileRecord, RunRecord, Triggers } from "./records.js";
import type { EmulatorServices } from "./services.js";
import type { CreateRunRequest } from "./validation/create-run.js";

/** The input half of a run: what to process and which test triggers it carries. */
export interface ResolvedInput {
  file?: FileRecord;
  fileName: string | null;
  input: RunRecord["input"];
  triggers: Triggers;
}

/** Resolves `file.fileId` (404 if unknown), downloads `file.fileUrl`, or splits `rawText` into pages. */
export async function resolveRunInput(
  request: CreateRunRequest,
  services: EmulatorServices,
  origin: string,
): Promise<ResolvedInput> {
  if (request.rawText !== undefined) {
    const pages = textToPages(request.rawText);
    return { fileName: null, input: { ok: true, pages }, triggers: findTriggers(pages.join("\n")) };
  }
  const fileInput = request.file ?? {};
  if (fileInput.fileId !== undefined) {
    const file = services.state.files.get(fileInput.fileId);
    if (!file) throw notFound(`File ${fileInput.fileId} (file.fileId) was not found`);
    const fileName = fileInput.fileName ?? file.name;
    return {
      file,
      fileName,
      input: { ok: true, pages: file.pages },
      triggers: findTriggers(`${fileName}\n${file.name}\n${file.pages.join("\n")}`),
    };
  }
  const downloaded = await downloadFile(
    fileInput.fileUrl ?? "",
    services.state,
    services.settings.maxFileBytes,
    origin,
  );
  if (!downloaded.ok) {
    const fileName = fileInput.fileName ?? null;
    return {
      fileName,
      input: { ok: false, reason: "FILE_DOWNLOAD_FAILED", message: downloaded.message },
      triggers: findTriggers(fileName ?? ""),
    };
  }
  const name = fileInput.fileName ?? downloaded.name;
  const read = await readDocument(downloaded.bytes, name, downloaded.mediaType);
  if (!read.ok) {
    return {
      fileName: name,
      input: { ok: false, reason: read.code, message: read.message },
      triggers: findTriggers(name),
    };
  }
  const now = services.clock.now();
  const file: FileRecord = {
    id: randomId("file_"),
    seq: services.state.nextSeq(),
    name,
    type: read.fileType,
    mediaType: downloaded.mediaType ?? "application/octet-stream",
    bytes: downloaded.bytes,
    pages: read.pages,
    pageCount: read.pageCount,
    credits: fileCredits(read.pageCount),
    createdAt: now,
    updatedAt: now,
  };
  services.state.addFile(file);
  return {
    file,
    fileName: name,
    input: { ok: true, pages: read.pages },
    triggers: findTriggers(`${name}\n${read.pages.join("\n")}`),
  };
}

/** The documented test triggers, matched in the file name or the text. */
export function findTriggers(text: string): Triggers {
  const lower = text.toLowerCase();
  return {
    fail: lower.includes("extendkit-fail"),
    slow: lower.includes("extendkit-slow"),
    stuck: lower.includes("extendkit-stuck"),
  };
}
