/**
 * Resolves the `files` globs against the workspace: walks only the directories the patterns can match,
 * skips excluded directories and `.git`, never follows symlinked directories (no loops), ignores file
 * symlinks that point outside the workspace (a pull request must not be able to make the action upload
 * a runner file such as a credentials file), and returns files sorted by path so runs are reproducible.
 */
import { lstat, readdir, realpath, stat } from "node:fs/promises";
import { join, sep } from "node:path";
import { compileGlobSet } from "./glob.js";

/** A file selected for processing. */
export interface WorkspaceFile {
  /** Path relative to the workspace, `/`-separated (what annotations and the summary show). */
  path: string;
  /** Absolute path on disk. */
  absolutePath: string;
  /** Size in bytes. */
  bytes: number;
}

const ALWAYS_SKIPPED = new Set([".git"]);

/** Finds the files under `workspace` selected by the include patterns and not by the exclude patterns. */
export async function findFiles(
  workspace: string,
  include: string[],
  exclude: string[],
): Promise<WorkspaceFile[]> {
  const globs = compileGlobSet(include, exclude);
  const root = await realpath(workspace).catch(() => workspace);
  const found = new Map<string, WorkspaceFile>();

  async function visit(relative: string): Promise<void> {
    const absolute = relative === "" ? workspace : join(workspace, relative);
    let entries: import("node:fs").Dirent[];
    try {
      entries = await readdir(absolute, { withFileTypes: true });
    } catch {
      return; // A base directory that does not exist simply matches nothing.
    }
    for (const entry of entries) {
      const path = relative === "" ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        if (ALWAYS_SKIPPED.has(entry.name) || globs.excludesDirectory(path)) continue;
        await visit(path);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && globs.selects(path)) {
        const info = await fileInfo(join(workspace, path), root);
        if (info) found.set(path, { path, absolutePath: join(workspace, path), bytes: info.size });
      }
    }
  }

  for (const base of globs.bases) {
    // A base may itself be a file (`files: invoice.pdf` has base "" but `a/b.pdf` has base "a").
    await visit(base);
  }
  return [...found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Size of a regular file (following a symlink that stays inside `root`), or undefined for anything else. */
async function fileInfo(path: string, root: string): Promise<{ size: number } | undefined> {
  try {
    const link = await lstat(path);
    if (link.isSymbolicLink()) {
      const target = await realpath(path);
      if (!target.startsWith(root + sep)) return undefined;
    }
    const info = link.isSymbolicLink() ? await stat(path) : link;
    return info.isFile() ? { size: info.size } : undefined;
  } catch {
    return undefined; // A dangling symlink is not a file.
  }
}
