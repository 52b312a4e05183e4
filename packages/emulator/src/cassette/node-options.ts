// startEmulator's side of record and replay (Node): cassette paths become a file store or a loaded
// cassette, and the upstream key defaults to the EXTEND_API_KEY environment variable.
import type { EmulatorOptions } from "../options.js";
import { fileCassetteStore, loadCassetteFile } from "./file-store.js";

/** The options with cassette paths opened; throws CassetteError for an unusable file. */
export async function openCassetteFiles(options: EmulatorOptions): Promise<EmulatorOptions> {
  const { record, replay } = options;
  const out = { ...options };
  if (record) {
    const apiKey = record.apiKey ?? process.env["EXTEND_API_KEY"];
    out.record = {
      ...record,
      ...(apiKey ? { apiKey } : {}),
      cassette:
        typeof record.cassette === "string" ? await fileCassetteStore(record.cassette) : record.cassette,
    };
  }
  if (replay && typeof replay.cassette === "string") {
    out.replay = { cassette: await loadCassetteFile(replay.cassette), name: replay.name ?? replay.cassette };
  }
  return out;
}
