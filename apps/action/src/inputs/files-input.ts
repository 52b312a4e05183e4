/**
 * Which files: the `files` globs (relative to the workspace, never out of it) and what to do when they
 * match nothing.
 */
import { isAbsolute } from "node:path";
import { fail, read } from "./input-error.js";
import type { InputSource } from "./input-names.js";

/** What to do when the globs match nothing. */
export type NoFilesPolicy = "error" | "warn" | "ignore";

/** The `files` input: include patterns and the `!` excludes. */
export function parseFiles(source: InputSource): { include: string[]; exclude: string[] } {
  const lines = source
    .getInput("files")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  const include: string[] = [];
  const exclude: string[] = [];
  for (const line of lines) {
    const negated = line.startsWith("!");
    const pattern = (negated ? line.slice(1).trim() : line).replace(/^(\.\/)+/, "");
    if (pattern === "") fail("files", "has an empty exclude line: write ! followed by a pattern", line);
    if (isAbsolute(pattern) || /^[A-Za-z]:/.test(pattern)) {
      fail("files", "patterns must be relative to the workspace (no leading / or drive letter)", line);
    }
    if (pattern.split("/").includes(".."))
      fail("files", "patterns must stay inside the workspace (no ..)", line);
    (negated ? exclude : include).push(pattern);
  }
  if (include.length === 0) {
    fail(
      "files",
      "is required: one or more glob patterns, one per line (! excludes), relative to the workspace",
    );
  }
  return { include, exclude };
}

/** The `if-no-files-found` input. */
export function parseNoFilesPolicy(source: InputSource): NoFilesPolicy {
  const value = read(source, "if-no-files-found");
  if (value === "error" || value === "warn" || value === "ignore") return value;
  return fail("if-no-files-found", "must be error, warn or ignore", value);
}
