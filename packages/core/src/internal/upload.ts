import { UsageError } from "../errors.ts";

/** The bytes `files.upload` accepts. */
export type Uploadable = Blob | ArrayBuffer | Uint8Array;

/**
 * Wraps the bytes in a multipart form with the single field `file`, as `POST /files/upload` expects.
 * The file name (with its extension) is what tells the server the file type.
 */
export function uploadForm(data: Uploadable, fileName: string): FormData {
  if (!(data instanceof Blob || data instanceof ArrayBuffer || ArrayBuffer.isView(data))) {
    throw new UsageError(
      "files.upload expects a Blob, File, ArrayBuffer or Uint8Array: read the file first.",
    );
  }
  const form = new FormData();
  form.append("file", data instanceof Blob ? data : new Blob([data as BlobPart]), fileName);
  return form;
}
