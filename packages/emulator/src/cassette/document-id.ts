// How a document is known across a recording and a replay: by the SHA-256 of its bytes (uploads,
// files made from rawText or a URL), of its text (a run's `rawText`), or by its URL (`file.fileUrl`,
// with a presigned query removed, since the signature changes on every request).
import type { DocumentRef } from "./format.js";
import { withoutSignature } from "./scrub.js";

const encoder = new TextEncoder();

/** Lowercase hex SHA-256 of bytes (Web Crypto, so it runs wherever the handler does). */
export async function sha256Hex(bytes: Uint8Array | string): Promise<string> {
  const data = typeof bytes === "string" ? encoder.encode(bytes) : bytes;
  const digest = await crypto.subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>);
  let hex = "";
  for (const byte of new Uint8Array(digest)) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

/** The reference of a run made from `rawText`. */
export async function rawTextRef(rawText: string): Promise<DocumentRef> {
  return { rawTextSha256: await sha256Hex(rawText) };
}

/** The reference of a run made from `file.fileUrl`. */
export function fileUrlRef(fileUrl: string): DocumentRef {
  return { fileUrl: withoutSignature(fileUrl) };
}

/** Remembers the SHA-256 of stored files (by object) so a file is hashed once however often it is run. */
export class FileHashes {
  private readonly hashes = new WeakMap<object, Promise<string>>();

  of(file: { bytes: Uint8Array }): Promise<string> {
    let hash = this.hashes.get(file);
    if (!hash) {
      hash = sha256Hex(file.bytes);
      this.hashes.set(file, hash);
    }
    return hash;
  }
}

/** The file part of a multipart upload body: its name, size and SHA-256 (undefined when unreadable). */
export async function uploadedFile(
  headers: Headers,
  body: Uint8Array,
): Promise<{ name: string; bytes: number; sha256: string } | undefined> {
  try {
    const form = await new Request("http://recorder.local/", {
      method: "POST",
      headers: { "content-type": headers.get("content-type") ?? "" },
      body: body as Uint8Array<ArrayBuffer>,
    }).formData();
    const part = form.get("file");
    if (part === null || typeof part === "string") return undefined;
    const bytes = new Uint8Array(await part.arrayBuffer());
    return { name: part.name || "upload", bytes: bytes.byteLength, sha256: await sha256Hex(bytes) };
  } catch {
    return undefined;
  }
}
