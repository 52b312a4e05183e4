// Generates the inputs and outputs tables of README.md from action.yml, between the markers
// <!-- inputs:start --> … <!-- inputs:end --> and <!-- outputs:start --> … <!-- outputs:end -->.
//   node scripts/readme-table.mjs           print the regenerated README
//   node scripts/readme-table.mjs --write   rewrite README.md
//   node scripts/readme-table.mjs --check   exit 1 when README.md is stale (a test does the same)
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseActionYml } from "./action-yml.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

function cell(text) {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** A Markdown table with every column padded to its widest cell (the layout Biome's formatter keeps). */
function table(header, rows) {
  const widths = header.map((_, column) =>
    Math.max(3, ...[header, ...rows].map((row) => row[column].length)),
  );
  const line = (cells) => `| ${cells.map((text, column) => text.padEnd(widths[column])).join(" | ")} |`;
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n");
}

/** Markdown tables for the inputs and outputs of an action.yml text. */
export function renderTables(actionYml) {
  const { inputs, outputs } = parseActionYml(actionYml);
  const inputRows = inputs.map((input) => [
    `\`${input.name}\``,
    input.required ? "yes" : "no",
    input.default === undefined || input.default === "" ? "" : `\`${input.default}\``,
    cell(input.description),
  ]);
  const outputRows = outputs.map((output) => [`\`${output.name}\``, cell(output.description)]);
  return {
    inputs: table(["Input", "Required", "Default", "Description"], inputRows),
    outputs: table(["Output", "Description"], outputRows),
  };
}

function replaceBetween(text, name, content) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from === -1 || to === -1 || to < from) throw new Error(`README.md lacks the ${start} … ${end} markers`);
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`;
}

/** The README with freshly generated tables. */
export function regenerateReadme(readme, actionYml) {
  const tables = renderTables(actionYml);
  return replaceBetween(replaceBetween(readme, "inputs", tables.inputs), "outputs", tables.outputs);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const readmePath = join(root, "README.md");
  const readme = readFileSync(readmePath, "utf8");
  const fresh = regenerateReadme(readme, readFileSync(join(root, "action.yml"), "utf8"));
  if (process.argv.includes("--write")) {
    writeFileSync(readmePath, fresh);
    console.log("README.md tables regenerated from action.yml");
  } else if (process.argv.includes("--check")) {
    if (fresh !== readme) {
      console.error("README.md tables are stale: run `pnpm --filter @extendkit/action readme`.");
      process.exit(1);
    }
    console.log("README.md tables match action.yml");
  } else {
    process.stdout.write(fresh);
  }
}
