/**
 * Skipping unchanged documents: a finished run's result stored under a key that names everything that decides
 * the output (the document's bytes, the processor, its resolved version, the config and the API version), so a
 * later job with the same key reuses it without an upload or a run. The folder is meant for `actions/cache`.
 *
 * Only results that are safe to reuse are stored: a `PROCESSED` run of a pinned processor version. A FAILED
 * result is never stored (the failure may be transient), and `latest`/`draft` are never cached, because which
 * version they resolve to cannot be known before a run and a stale verdict is worse than a run.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** `cache:` input: `read` reuses only, `write` refreshes only (a nightly job), `read-write` does both. */
export type CacheMode = "read-write" | "read" | "write" | "off";

/** What decides a run's output, besides the bytes. */
export interface CacheScope {
  processorId: string;
  /** The version as requested; only published version numbers are cacheable. */
  version: string;
  config: unknown;
  apiVersion: string;
}

/** A stored result: what the results file records for a processed document. */
export interface CachedResult {
  key: string;
  runId: string;
  processorVersionId: string | null;
  output: unknown;
  storedAt: string;
}

/** Why a scope cannot be cached, or null when it can. */
export function uncacheableReason(scope: CacheScope): string | null {
  if (scope.version === "latest" || scope.version === "draft") {
    return `processor version "${scope.version}" resolves only when a run starts, so a stored result could be stale; pin a published version (for example processor-version: "1.0") to cache results`;
  }
  return null;
}

/** SHA-256 of a file, streamed (a 150 MB document is never held in memory). */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** The cache key: SHA-256 over the document's hash and the canonical JSON of the scope. */
export function cacheKey(documentSha256: string, scope: CacheScope): string {
  const material = canonicalJson({ document: documentSha256, ...scope });
  return createHash("sha256").update(material).digest("hex");
}

/** The result cache in one folder: one JSON file per key. */
export class ResultCache {
  constructor(
    private readonly dir: string,
    readonly mode: CacheMode,
  ) {}

  get reads(): boolean {
    return this.mode === "read" || this.mode === "read-write";
  }

  get writes(): boolean {
    return this.mode === "write" || this.mode === "read-write";
  }

  /** The stored result for `key`, or null (absent, unreadable or not this key's: all mean "run it"). */
  async get(key: string): Promise<CachedResult | null> {
    if (!this.reads) return null;
    try {
      const stored = JSON.parse(await readFile(this.pathOf(key), "utf8")) as Partial<CachedResult>;
      if (stored.key !== key || typeof stored.runId !== "string" || !("output" in stored)) return null;
      return stored as CachedResult;
    } catch {
      return null;
    }
  }

  /** Stores a processed result; written to a temporary name and renamed, so a reader never sees half a file. */
  async put(result: Omit<CachedResult, "storedAt">): Promise<void> {
    if (!this.writes) return;
    await mkdir(this.dir, { recursive: true });
    const target = this.pathOf(result.key);
    const temporary = `${target}.${process.pid}.tmp`;
    const stored: CachedResult = { ...result, storedAt: new Date().toISOString() };
    await writeFile(temporary, `${JSON.stringify(stored, null, 2)}\n`);
    await rename(temporary, target);
  }

  private pathOf(key: string): string {
    return join(this.dir, `${key}.json`);
  }
}

/** JSON with object keys sorted at every depth, so equal configs give equal keys. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}
