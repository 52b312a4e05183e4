// Bundles the action into the single committed file dist/index.js (ESM, everything inlined).
//   node build.mjs                 write dist/index.js
//   node build.mjs --outfile <p>   write elsewhere (the check-dist test builds to a temp dir)
//   node build.mjs --check         fail when dist/index.js differs from a fresh build
// The output is deterministic: no timestamps, no absolute paths (esbuild's path comments are relative
// to this folder), so CI can compare it byte for byte.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));

/** @actions/core 3 is ESM but its dependencies call require() for Node built-ins: give the bundle one. */
export const BANNER =
  'import { createRequire as __extendkitCreateRequire } from "node:module";\n' +
  "const require = __extendkitCreateRequire(import.meta.url);";

/** Builds the bundle and returns its text (and writes it when `outfile` is given). */
export async function bundle(outfile) {
  const result = await build({
    absWorkingDir: here,
    entryPoints: [join(here, "src/index.ts")],
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    banner: { js: BANNER },
    outfile: outfile ?? join(here, "dist/index.js"),
    write: outfile !== null,
    charset: "utf8",
    legalComments: "eof",
    sourcemap: false,
    logLevel: "warning",
  });
  return result.outputFiles?.[0]?.text;
}

const args = process.argv.slice(2);
const isCli = process.argv[1] === fileURLToPath(import.meta.url);
if (isCli && args.includes("--check")) {
  const fresh = await bundle(null);
  const committed = readFileSync(join(here, "dist/index.js"), "utf8");
  if (fresh !== committed) {
    console.error(
      "apps/action/dist/index.js is stale: run `pnpm --filter @extendkit/action bundle` and commit it.",
    );
    process.exit(1);
  }
  console.log("apps/action/dist/index.js is up to date.");
} else if (isCli) {
  const at = args.indexOf("--outfile");
  const outfile = at >= 0 ? args[at + 1] : join(here, "dist/index.js");
  await bundle(outfile);
  console.log(`bundled ${outfile}`);
}
