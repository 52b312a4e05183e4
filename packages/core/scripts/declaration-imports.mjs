// Runs after `tsc -p tsconfig.build.json`. The source imports its own files with `.ts` extensions (what JSR and
// Deno need), and `rewriteRelativeImportExtensions` turns them into `.js` in the emitted JavaScript but not in
// the declarations (microsoft/TypeScript#61037). TypeScript reads `.ts` specifiers in a .d.ts, but other tools
// and older compilers do not, so the npm declarations get the same `.js` specifiers as the JavaScript.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const dist = fileURLToPath(new URL("../dist", import.meta.url));
/** `from "./x.ts"`, `import("../y.ts")`: relative specifiers only, so package names are never touched. */
const RELATIVE_TS = /((?:from|import)\s*\(?\s*["'])(\.{1,2}\/[^"']+)\.ts(["'])/g;

let changed = 0;
for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith(".d.ts")) continue;
  const file = join(entry.parentPath, entry.name);
  const text = readFileSync(file, "utf8");
  const fixed = text.replace(RELATIVE_TS, "$1$2.js$3");
  if (fixed !== text) {
    writeFileSync(file, fixed);
    changed++;
  }
}
console.log(`declaration imports: ${changed} file(s) now import .js`);
