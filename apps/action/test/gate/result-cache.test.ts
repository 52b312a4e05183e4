import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type CacheScope,
  cacheKey,
  canonicalJson,
  ResultCache,
  sha256File,
  uncacheableReason,
} from "../../src/gate/result-cache.js";

const scope: CacheScope = {
  processorId: "dp_a",
  version: "1.0",
  config: { type: "EXTRACT" },
  apiVersion: "2025-04-21",
};
const doc = "a".repeat(64);

describe("cacheKey", () => {
  it("changes with every part of the scope and the document", () => {
    const base = cacheKey(doc, scope);
    expect(cacheKey(doc, { ...scope })).toBe(base);
    expect(cacheKey("b".repeat(64), scope)).not.toBe(base);
    expect(cacheKey(doc, { ...scope, processorId: "dp_b" })).not.toBe(base);
    expect(cacheKey(doc, { ...scope, version: "1.1" })).not.toBe(base);
    expect(cacheKey(doc, { ...scope, config: { type: "EXTRACT", extractionRules: "x" } })).not.toBe(base);
    expect(cacheKey(doc, { ...scope, apiVersion: "2024-12-23" })).not.toBe(base);
  });

  it("does not depend on the order of config keys", () => {
    const a = cacheKey(doc, { ...scope, config: { type: "EXTRACT", schema: { b: 1, a: [{ y: 1, x: 2 }] } } });
    const b = cacheKey(doc, { ...scope, config: { schema: { a: [{ x: 2, y: 1 }], b: 1 }, type: "EXTRACT" } });
    expect(a).toBe(b);
    expect(canonicalJson({ b: 1, a: { d: 1, c: 2 } })).toBe('{"a":{"c":2,"d":1},"b":1}');
  });
});

describe("uncacheableReason", () => {
  it("refuses versions that resolve only at run time", () => {
    expect(uncacheableReason({ ...scope, version: "latest" })).toMatch(/pin a published version/);
    expect(uncacheableReason({ ...scope, version: "draft" })).toMatch(/resolves only when a run starts/);
    expect(uncacheableReason(scope)).toBeNull();
  });
});

describe("ResultCache", () => {
  it("stores and reuses by key, atomically, per mode", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cache-"));
    const key = cacheKey(doc, scope);
    const rw = new ResultCache(dir, "read-write");
    expect(await rw.get(key)).toBeNull();
    await rw.put({ key, runId: "dpr_1", processorVersionId: "dpv_1", output: { value: { total: 1 } } });
    expect(await rw.get(key)).toMatchObject({ key, runId: "dpr_1", output: { value: { total: 1 } } });
    expect((await readdir(dir)).filter((f) => f.endsWith(".tmp"))).toEqual([]);

    expect(await new ResultCache(dir, "write").get(key)).toBeNull();
    expect(await new ResultCache(dir, "off").get(key)).toBeNull();
    await new ResultCache(dir, "read").put({
      key: "k2",
      runId: "dpr_2",
      processorVersionId: null,
      output: null,
    });
    expect(await rw.get("k2")).toBeNull();
  });

  it("treats a corrupt or foreign entry as a miss", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cache-"));
    const cache = new ResultCache(dir, "read-write");
    await writeFile(join(dir, "k.json"), "{not json");
    expect(await cache.get("k")).toBeNull();
    await writeFile(join(dir, "k.json"), JSON.stringify({ key: "other", runId: "dpr_1", output: 1 }));
    expect(await cache.get("k")).toBeNull();
  });

  it("hashes files by streaming", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cache-"));
    const path = join(dir, "doc.txt");
    await writeFile(path, "hello");
    expect(await sha256File(path)).toBe("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  });
});
