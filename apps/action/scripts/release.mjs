// Writes the standalone action tree that is published to the action's own repository (org/extend-action):
//   action.yml, dist/index.js (the committed, self-contained bundle), README.md and LICENSE — nothing else
// is needed to run it: `uses: org/extend-action@v1` checks this tree out and runs dist/index.js on node24.
//   node scripts/release.mjs --out <dir>     (or, from the root: pnpm release:action --out <dir>)
// Refuses a stale bundle (it must equal a fresh build) and an output folder that is not empty.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { bundle } from "../build.mjs";

const here = join(dirname(fileURLToPath(import.meta.url)), "..");
const root = join(here, "..", "..");

/** The files of the released tree: path in the tree → source path. */
export const RELEASE_FILES = {
  "action.yml": join(here, "action.yml"),
  "dist/index.js": join(here, "dist", "index.js"),
  "README.md": join(here, "README.md"),
  LICENSE: join(root, "LICENSE"),
};

const args = process.argv.slice(2);
const at = args.indexOf("--out");
const outArg = at >= 0 ? args[at + 1] : undefined;
if (!outArg) {
  console.error("usage: pnpm release:action --out <dir>");
  process.exit(2);
}
// pnpm runs package scripts in the package folder: a relative --out is taken from where the user ran it.
const out = resolve(process.env.INIT_CWD ?? process.cwd(), outArg);
if (existsSync(out) && readdirSync(out).length > 0) {
  console.error(`${out} is not empty: give a new or empty folder.`);
  process.exit(1);
}
const fresh = await bundle(null);
if (fresh !== readFileSync(RELEASE_FILES["dist/index.js"], "utf8")) {
  console.error("apps/action/dist/index.js is stale: run `pnpm --filter @extendkit/action bundle` first.");
  process.exit(1);
}
for (const [path, source] of Object.entries(RELEASE_FILES)) {
  mkdirSync(dirname(join(out, path)), { recursive: true });
  copyFileSync(source, join(out, path));
}
const version = JSON.parse(readFileSync(join(here, "package.json"), "utf8")).version;
writeFileSync(join(out, ".release"), `${version}\n`);
console.log(`wrote the action tree ${version} to ${out}: ${Object.keys(RELEASE_FILES).join(", ")}`);
