// Cassette files on disk (Node). `node:fs` is imported lazily, like `node:http` in server.ts, so that
// importing the package stays free of Node built-ins for Workers, Deno and browsers.
import { parseCassette } from "./codec.js";
import { CASSETTE_FORMAT, type Cassette, CassetteError } from "./format.js";
import type { CassetteStore } from "./store.js";

/** Reads and checks a cassette file; every problem is a {@link CassetteError} naming the path. */
export async function loadCassetteFile(path: string): Promise<Cassette> {
  const { readFile } = await import("node:fs/promises");
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new CassetteError(`${path} cannot be read (${reasonOf(error)})`);
  }
  return parseCassette(text, path);
}

/**
 * A store that writes `path` atomically: the text goes to a temporary file in the same folder, is
 * flushed to disk, then renamed over `path`. Refuses (CassetteError) when `path` exists and is not a
 * cassette, so a mistyped flag cannot overwrite someone's file.
 */
export async function fileCassetteStore(path: string): Promise<CassetteStore> {
  const fs = await import("node:fs/promises");
  let existing: string | undefined;
  try {
    existing = await fs.readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
      throw new CassetteError(`${path} cannot be read (${reasonOf(error)})`);
    }
  }
  if (existing !== undefined && existing.trim() !== "" && !looksLikeCassette(existing)) {
    throw new CassetteError(`${path} exists and is not an extendkit cassette; refusing to overwrite it`);
  }
  let counter = 0;
  // Fail at start, not at the first finished run, when the folder is missing or read-only.
  const probe = `${path}.${process.pid}.probe.tmp`;
  try {
    await fs.writeFile(probe, "");
    await fs.rm(probe, { force: true });
  } catch (error) {
    throw new CassetteError(`${path} cannot be written (${reasonOf(error)})`);
  }
  return {
    name: path,
    async save(text: string): Promise<void> {
      const temporary = `${path}.${process.pid}.${++counter}.tmp`;
      const handle = await fs.open(temporary, "w");
      try {
        await handle.writeFile(text, "utf8");
        await handle.sync();
      } finally {
        await handle.close();
      }
      try {
        await fs.rename(temporary, path);
      } catch (error) {
        await fs.rm(temporary, { force: true });
        throw error;
      }
    },
  };
}

function looksLikeCassette(text: string): boolean {
  try {
    const parsed = JSON.parse(text) as { format?: unknown };
    return typeof parsed === "object" && parsed !== null && parsed.format === CASSETTE_FORMAT;
  } catch {
    return false;
  }
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === "ENOENT") return "no such file";
  return error instanceof Error ? error.message : String(error);
}
