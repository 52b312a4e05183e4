import { APIPromise } from "../api-promise.js";
import { path } from "../internal/path.js";
import type { Transport } from "../internal/transport.js";
import { fileNameOf, type Uploadable, uploadForm } from "../internal/upload.js";
import { validatePageSize } from "../internal/validate.js";
import { type PageFetcher, PagePromise, pageFrom } from "../pagination.js";
import type { RequestOptions } from "../types/common.js";
import type {
  DeleteFileResult,
  ExtendFile,
  GetFileParams,
  ListFilesParams,
  UploadFileParams,
} from "../types/file.js";

/** `client.files`: upload, read, list and delete files. */
export class Files {
  readonly #transport: Transport;

  /** @internal */
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Uploads bytes (`POST /files/upload`, multipart field `file`). Like run creation it is repeated only
   * when the server certainly turned it away (429, 503 with Retry-After), never after a timeout.
   */
  upload(data: Uploadable, params: UploadFileParams = {}, options?: RequestOptions): APIPromise<ExtendFile> {
    return new APIPromise(
      (async () => {
        const fileName = params.fileName ?? fileNameOf(data) ?? "upload";
        return this.#transport.request<ExtendFile>(
          {
            method: "POST",
            path: "/files/upload",
            query: { convertToPdf: params.convertToPdf ? true : undefined },
            form: uploadForm(data, fileName),
            policy: "create",
            pick: "file",
            uncertain: {
              run: false,
              hint:
                "The server may have stored the file before this failure, so the upload was not repeated. " +
                `Look for it with client.files.list({ nameContains: ${JSON.stringify(fileName)} }).`,
            },
          },
          options,
        );
      })(),
    );
  }

  /** Gets a file (`GET /files/{id}`), optionally with its parsed contents. */
  get(id: string, params: GetFileParams = {}, options?: RequestOptions): APIPromise<ExtendFile> {
    return new APIPromise(
      (async () =>
        this.#transport.request<ExtendFile>(
          {
            method: "GET",
            path: path`/files/${id}`,
            query: {
              rawText: params.rawText ? true : undefined,
              markdown: params.markdown ? true : undefined,
              html: params.html ? true : undefined,
            },
            policy: "idempotent",
            pick: "file",
          },
          options,
        ))(),
    );
  }

  /** Lists files: await for one page or `for await` over every file. */
  list(params: ListFilesParams = {}, options?: RequestOptions): PagePromise<ExtendFile> {
    const fetchPage: PageFetcher<ExtendFile> = async (token) => {
      validatePageSize(params.maxPageSize);
      const response = await this.#transport.request(
        {
          method: "GET",
          path: "/files",
          query: { ...params, nextPageToken: token ?? params.nextPageToken },
          policy: "idempotent",
        },
        options,
      );
      return pageFrom(response, "files", fetchPage);
    };
    return new PagePromise(fetchPage);
  }

  /** Deletes a file (`DELETE /files/{id}`). */
  delete(id: string, options?: RequestOptions): APIPromise<DeleteFileResult> {
    return new APIPromise(
      (async () => {
        const { data, response } = await this.#transport.request<{ fileId?: unknown; message?: unknown }>(
          { method: "DELETE", path: path`/files/${id}`, policy: "idempotent" },
          options,
        );
        const result: DeleteFileResult = { id: typeof data.fileId === "string" ? data.fileId : id };
        if (typeof data.message === "string") result.message = data.message;
        return { data: result, response };
      })(),
    );
  }
}
