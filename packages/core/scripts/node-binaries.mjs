// Locates the two Node versions the tests and benchmarks run on. The machine's own Node 20 is looked up
// past any node_modules/.bin on PATH, in case a `node` from a package there comes first.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { node24Path } from "@extendkit/node24";

/** Node 24 from `@extendkit/node24` (or NODE24_BIN); the runtime tests fail if it is missing. */
export const node24 = node24Path;

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
