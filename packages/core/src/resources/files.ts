import type { APIPromise } from "../api-promise.ts";
import { field } from "../internal/body.ts";
import { path } from "../internal/path.ts";
import type { Transport } from "../internal/transport.ts";
import { type Uploadable, uploadForm } from "../internal/upload.ts";
import { listPages, type PagePromise } from "../pagination.ts";
import type { RequestOptions } from "../types/common.ts";
import type {
  DeleteFileResult,
  ExtendFile,
  GetFileParams,
  ListFilesParams,
  UploadFileParams,
} from "../types/file.ts";

/** `client.files`: upload, read, list and delete files. */
export class Files {
  readonly #transport: Transport;

  /** @internal */
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Uploads bytes (`POST /files/upload`, multipart field `file`). Like run creation it is repeated only
   * when the server certainly turned it away (429, 503 with Retry-After), never after a timeout. Give a
   * `fileName` with an extension: it tells the server the file type.
   */
  upload(data: Uploadable, params: UploadFileParams = {}, options?: RequestOptions): APIPromise<ExtendFile> {
    return this.#transport.call(() => {
      // A Web `File` (a Blob) carries its name.
      const fileName = params.fileName ?? field(data, "name") ?? "upload";
      return {
        method: "POST",
        path: "/files/upload",
        query: { convertToPdf: params.convertToPdf || undefined },
        form: uploadForm(data, fileName),
        policy: "create",
        pick: "file",
        uncertain: {
          run: false,
          hint: "The file may exist: check client.files.list().",
        },
      };
    }, options);
  }

  /** Gets a file (`GET /files/{id}`), optionally with its parsed contents. */
  get(id: string, params: GetFileParams = {}, options?: RequestOptions): APIPromise<ExtendFile> {
    return this.#transport.call(
      () => ({
        path: path`/files/${id}`,
        query: {
          rawText: params.rawText || undefined,
          markdown: params.markdown || undefined,
          html: params.html || undefined,
        },
        pick: "file",
      }),
      options,
    );
  }

  /** Lists files: await for one page or `for await` over every file. */
  list(params: ListFilesParams = {}, options?: RequestOptions): PagePromise<ExtendFile> {
    return listPages(this.#transport, "/files", "files", params, options);
  }

  /** Deletes a file (`DELETE /files/{id}`). */
  delete(id: string, options?: RequestOptions): APIPromise<DeleteFileResult> {
    return this.#transport.call(
      () => ({ method: "DELETE", path: path`/files/${id}` }),
      options,
      (data) => ({
        id: String(data["fileId"] ?? id),
        ...(data["message"] == null ? {} : { message: String(data["message"]) }),
      }),
    );
  }
}
