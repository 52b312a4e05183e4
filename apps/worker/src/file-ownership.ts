import { ID_PATTERN } from "./routes.ts";
import type { FileRecord, ProxyStore } from "./state/store.ts";

/** Fields of a File that go stale (`presignedUrl` expires after 15 minutes) or are large (`contents`). */
const TRANSIENT_FILE_FIELDS = new Set(["presignedUrl", "contents"]);

/**
 * Extend files carry no metadata, so the proxy records which tenant uploaded each file id, in the
 * durable store (never in memory: S7). A file without a record for the caller's tenant is treated as
 * not found, both when reading it and when starting a run on it.
 */
export class FileOwnership {
  readonly #store: ProxyStore;
  readonly #now: () => number;

  constructor(store: ProxyStore, now: () => number) {
    this.#store = store;
    this.#now = now;
  }

  /** Remembers an upload (the File object from the upload's answer) for listing and ownership. */
  async record(tenant: string, file: Record<string, unknown>): Promise<void> {
    const id = file["id"];
    if (typeof id !== "string" || !ID_PATTERN.test(id)) return;
    const kept: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(file))
      if (!TRANSIENT_FILE_FIELDS.has(name)) kept[name] = value;
    const record: FileRecord = {
      id,
      file: kept,
      name: typeof file["name"] === "string" ? file["name"] : "",
      createdAt:
        typeof file["createdAt"] === "string" ? file["createdAt"] : new Date(this.#now()).toISOString(),
      observedAt: this.#now(),
    };
    await this.#store.putFile(tenant, record);
  }

  /** Whether `tenant` uploaded `fileId` through this proxy. */
  async owns(tenant: string, fileId: string): Promise<boolean> {
    if (!ID_PATTERN.test(fileId)) return false;
    return (await this.#store.getFile(tenant, fileId)) !== null;
  }

  /** Forgets a file after it was deleted upstream. */
  async forget(tenant: string, fileId: string): Promise<void> {
    await this.#store.deleteFile(tenant, fileId);
  }
}
