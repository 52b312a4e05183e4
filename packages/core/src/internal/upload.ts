import { UsageError } from "../errors.js";

/** The bytes `files.upload` accepts. */
export type Uploadable = Blob | ArrayBuffer | Uint8Array;

/** Media types by extension, used when the bytes carry none (ArrayBuffer, Uint8Array, untyped Blob). */
const MEDIA_TYPES: Record<string, string> = {
  pdf: "application/pdf",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  tif: "image/tiff",
  tiff: "image/tiff",
  txt: "text/plain",
  csv: "text/csv",
  html: "text/html",
  xml: "application/xml",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** The name of a Web `File` (which extends Blob), if `data` is one. */
export function fileNameOf(data: Uploadable): string | undefined {
  const name = (data as { name?: unknown }).name;
  return typeof name === "string" && name !== "" ? name : undefined;
}

/** Wraps the bytes in a multipart form with the single field `file`, as `POST /files/upload` expects. */
export function uploadForm(data: Uploadable, fileName: string): FormData {
  const extension = fileName.slice(fileName.lastIndexOf(".") + 1).toLowerCase();
  const type = MEDIA_TYPES[extension] ?? "application/octet-stream";
  let blob: Blob;
  if (data instanceof Blob) {
    blob = data.type ? data : new Blob([data], { type });
  } else if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
    blob = new Blob([data as BlobPart], { type });
  } else {
    throw new UsageError(
      "files.upload expects a Blob, File, ArrayBuffer or Uint8Array: read the file's bytes first " +
        "(e.g. new Uint8Array(await readFile(path)) in Node, await Deno.readFile(path) in Deno).",
    );
  }
  const form = new FormData();
  form.append("file", blob, fileName);
  return form;
}
