import { downloadFile } from "../download.js";
import { ApiError, badRequest, notFound } from "../errors.js";
import { randomId } from "../ids.js";
import { decodePageToken, encodePageToken } from "../page-token.js";
import {
  detectFileType,
  fileCredits,
  type ReadDocumentOptions,
  readDocument,
  textToPages,
} from "../processing/index.js";
import type { FileRecord } from "../records.js";
import type { RouteContext, Router } from "../router.js";
import { fileJson } from "../serialize.js";
import type { EmulatorServices } from "../services.js";
import { readJsonObject } from "../validation/json.js";
import { queryEnum, queryFlag, queryPageSize, queryValue } from "../validation/query.js";

/** `/files` endpoints: upload, create (deprecated), list, get, delete. */
export function fileRoutes(router: Router, services: EmulatorServices): void {
  router
    .on("POST", "/files/upload", (ctx) => uploadFile(ctx, services))
    .on("POST", "/files", (ctx) => createFile(ctx, services))
    .on("GET", "/files", (ctx) => listFiles(ctx, services))
    .on("GET", "/files/:id", (ctx) => {
      const flags = {
        rawText: queryFlag(ctx.url, "rawText"),
        markdown: queryFlag(ctx.url, "markdown"),
        html: queryFlag(ctx.url, "html"),
      };
      return { success: true, file: fileJson(findFile(services, ctx.params["id"]!), ctx.origin, flags) };
    })
    .on("DELETE", "/files/:id", (ctx) => {
      const file = findFile(services, ctx.params["id"]!);
      services.state.deleteFile(file);
      return { success: true, fileId: file.id, message: `File ${file.id} was deleted.` };
    });
}

function findFile(services: EmulatorServices, id: string): FileRecord {
  const file = services.state.files.get(id);
  if (!file) throw notFound(`File ${id} was not found`);
  return file;
}

async function uploadFile(ctx: RouteContext, services: EmulatorServices): Promise<unknown> {
  const convertToPdf = queryFlag(ctx.url, "convertToPdf") === true;
  const limit = services.settings.maxFileBytes;
  const declared = Number(ctx.request.headers.get("content-length") ?? Number.NaN);
  // Multipart framing adds a little; only reject early when the body is clearly beyond the limit.
  if (Number.isFinite(declared) && declared > limit + 64 * 1024) throw tooLarge(limit);
  let form: FormData;
  try {
    form = await ctx.request.formData();
  } catch {
    throw badRequest("Request body must be multipart/form-data with the file in a field named file");
  }
  const part = form.get("file");
  if (part === null || typeof part === "string") {
    throw badRequest("file is required: send the file bytes in a multipart field named file");
  }
  if (part.size > limit) throw tooLarge(limit);
  const name = part.name || "upload";
  const mediaType = part.type || undefined;
  const bytes = new Uint8Array(await part.arrayBuffer());
  // Uploads convert Word and PowerPoint to PDF (reference §11.1); convertToPdf=true converts more.
  const file = await storeFile(services, bytes, name, mediaType, { officeToPdf: true, convertToPdf });
  ctx.note.fileId = file.id;
  ctx.note.fileName = file.name;
  return { success: true, file: fileJson(file, ctx.origin) };
}

async function createFile(ctx: RouteContext, services: EmulatorServices): Promise<unknown> {
  const body = await readJsonObject(ctx.request);
  const { name, url, rawText, mediaType } = body;
  if (typeof name !== "string" || name.trim() === "")
    throw badRequest("name is required and must be a string");
  if (mediaType !== undefined && typeof mediaType !== "string")
    throw badRequest("mediaType must be a string");
  if (url !== undefined && rawText !== undefined) throw badRequest("Provide either url or rawText, not both");
  if (url !== undefined && typeof url !== "string") throw badRequest("url must be a string");
  if (rawText !== undefined && typeof rawText !== "string") throw badRequest("rawText must be a string");
  let file: FileRecord;
  if (typeof rawText === "string") {
    const pages = textToPages(rawText);
    file = newFile(services, {
      name,
      type: detectFileType(name, mediaType) ?? "TXT",
      mediaType: mediaType ?? "text/plain",
      bytes: new TextEncoder().encode(rawText),
      pages,
    });
    services.state.addFile(file);
  } else if (typeof url === "string") {
    const downloaded = await downloadFile(url, services.state, services.settings.maxFileBytes, ctx.origin);
    if (!downloaded.ok)
      throw badRequest(`url could not be downloaded: ${downloaded.message.replace("file.fileUrl", "url")}`);
    file = await storeFile(services, downloaded.bytes, name, mediaType ?? downloaded.mediaType);
  } else {
    throw badRequest("One of url or rawText is required");
  }
  ctx.note.fileId = file.id;
  ctx.note.fileName = file.name;
  return { success: true, file: fileJson(file, ctx.origin) };
}

async function storeFile(
  services: EmulatorServices,
  bytes: Uint8Array,
  name: string,
  mediaType: string | undefined,
  conversion: ReadDocumentOptions = {},
): Promise<FileRecord> {
  const read = await readDocument(bytes, name, mediaType, conversion);
  if (!read.ok) throw new ApiError(400, read.code, read.message);
  const file = newFile(services, {
    name,
    type: read.fileType,
    mediaType: mediaType ?? "application/octet-stream",
    bytes,
    pages: read.pages,
    pageCount: read.pageCount,
  });
  services.state.addFile(file);
  return file;
}

function newFile(
  services: EmulatorServices,
  fields: Pick<FileRecord, "name" | "type" | "mediaType" | "bytes" | "pages"> & { pageCount?: number },
): FileRecord {
  const now = services.clock.now();
  const pageCount = fields.pageCount ?? fields.pages.length;
  return {
    id: randomId("file_"),
    seq: services.state.nextSeq(),
    ...fields,
    pageCount,
    credits: fileCredits(pageCount),
    createdAt: now,
    updatedAt: now,
  };
}

function tooLarge(limit: number): ApiError {
  return new ApiError(400, "FILE_SIZE_TOO_LARGE", `File is larger than the ${limit}-byte upload limit`);
}

function listFiles(ctx: RouteContext, services: EmulatorServices): unknown {
  const { url } = ctx;
  const nameContains = queryValue(url, "nameContains");
  const sortDir = queryEnum(url, "sortDir", ["asc", "desc"] as const) ?? "desc";
  const pageSize = queryPageSize(url);
  const token = queryValue(url, "nextPageToken");
  const after = token === undefined ? undefined : decodePageToken(token).key;
  const needle = nameContains?.toLowerCase();
  const page: FileRecord[] = [];
  let lastKey = 0;
  let more = false;
  services.state.filesByCreated.walk(sortDir, after, (file, key) => {
    if (needle !== undefined && !file.name.toLowerCase().includes(needle)) return true;
    if (page.length === pageSize) {
      more = true;
      return false;
    }
    page.push(file);
    lastKey = key;
    return true;
  });
  return {
    success: true,
    files: page.map((file) => fileJson(file, ctx.origin)),
    nextPageToken: more
      ? encodePageToken({ sortBy: "createdAt", sortDir, key: lastKey }, { nameContains, sortDir })
      : null,
  };
}
