// Finds the TypeScript snippets (```ts / ```typescript blocks) of every README in the repository, and the
// HTML comment that may stand right before one (invisible on GitHub) to say where it runs:
//
//   <!-- snippet: deno -->      checked with Deno's own types (`deno types`); npm:@extendkit/* resolve locally
//   <!-- snippet: bun -->       checked with bun-types
//   <!-- snippet: browser -->   DOM, no Node
//   <!-- snippet: worker -->    @cloudflare/workers-types, no DOM, no Node
//   <!-- snippet: skip: why --> not checked; keep these rare and say why
//
// Without a comment a snippet is checked as Node code (@types/node, no DOM).
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

/** Where a snippet runs, which decides the types it is checked against. */
export type SnippetEnv = "node" | "browser" | "worker" | "deno" | "bun";

/** One fenced TypeScript block of a README. */
export interface Snippet {
  /** README path relative to the repository root. */
  readme: string;
  /** 1-based line of the first code line (the line after the opening fence). */
  line: number;
  code: string;
  env: SnippetEnv;
  /** Why it is not checked, when its comment says `skip`. */
  skip?: string;
}

const ENVS: readonly SnippetEnv[] = ["node", "browser", "worker", "deno", "bun"];
const SKIPPED_DIRS = new Set(["node_modules", "dist", ".git", ".turbo", ".wrangler", ".test-results"]);

/** Every README.md under `root`, outside dependencies and build output, sorted. */
export function findReadmes(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith(".")) walk(join(dir, entry.name));
      } else if (entry.name === "README.md") {
        found.push(relative(root, join(dir, entry.name)));
      }
    }
  };
  walk(root);
  return found.sort();
}

function parseMarker(comment: string, where: string): Pick<Snippet, "env" | "skip"> {
  const body = comment.trim();
  const skip = /^skip:\s*(\S.*)$/.exec(body);
  if (skip) return { env: "node", skip: skip[1]! };
  if ((ENVS as readonly string[]).includes(body)) return { env: body as SnippetEnv };
  throw new Error(`${where}: unknown snippet comment "${body}" (use ${ENVS.join(", ")} or "skip: <why>")`);
}

/** The TypeScript snippets of one README (its text given), in order. */
export function extractSnippets(readme: string, text: string): Snippet[] {
  const lines = text.split("\n");
  const snippets: Snippet[] = [];
  let marker: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const comment = /^<!--\s*snippet:\s*(.*?)\s*-->\s*$/.exec(line);
    if (comment) {
      marker = comment[1]!;
      continue;
    }
    const fence = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(line);
    if (!fence) {
      if (line.trim() !== "") marker = undefined;
      continue;
    }
    const [, indent, ticks, lang] = fence;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !lines[end]!.trimStart().startsWith(ticks!)) end++;
    if (lang === "ts" || lang === "typescript") {
      const code = lines
        .slice(start, end)
        .map((l) => (l.startsWith(indent!) ? l.slice(indent!.length) : l))
        .join("\n");
      const meta =
        marker === undefined ? { env: "node" as const } : parseMarker(marker, `${readme}:${i + 1}`);
      snippets.push({ readme, line: start + 1, code, ...meta });
    } else if (marker !== undefined) {
      throw new Error(
        `${readme}:${i + 1}: a snippet comment stands before a \`${lang}\` block, not a ts one`,
      );
    }
    marker = undefined;
    i = end;
  }
  return snippets;
}

/** Every TypeScript snippet of every README under `root`. */
export function readmeSnippets(root: string): Snippet[] {
  return findReadmes(root).flatMap((readme) =>
    extractSnippets(readme, readFileSync(join(root, readme), "utf8")),
  );
}
