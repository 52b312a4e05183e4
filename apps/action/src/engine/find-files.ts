/**
 * Resolves the `files` globs against the workspace and keeps every selected file inside it. It walks only
 * the directories the patterns can match, skips excluded directories and `.git`, and returns files sorted
 * by path so runs are reproducible. Containment is decided on real paths: a glob base, a directory or a
 * file whose real path lies outside the workspace is refused (a pull request must not be able to make
 * the action upload a runner file through a symlink such as `invoices -> /`). Symlinked directories
 * inside the workspace are not followed (no loops).
 *
 * Nothing is skipped silently: every selected entry that is not processed — a symlink out of the
 * workspace, a dangling link, a name that is not valid UTF-8, a symlinked directory — comes back in
 * `skipped` with its reason.
 */
import type { Dirent } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import { join, sep } from "node:path";
import { compileGlobSet, type GlobSet } from "./glob.js";

/** A file selected for processing. */
export interface WorkspaceFile {
  /** Path relative to the workspace, `/`-separated (what annotations and the summary show). */
  path: string;
  /** Absolute path on disk. */
  absolutePath: string;
  /** Size in bytes. */
  bytes: number;
}

/** A selected entry that will not be processed, and why. */
export interface SkippedEntry {
  /** Workspace-relative path (invalid UTF-8 bytes shown as `\xNN`). */
  path: string;
  reason: string;
}

/** What the globs selected. */
export interface WorkspaceScan {
  files: WorkspaceFile[];
  skipped: SkippedEntry[];
}

const ALWAYS_SKIPPED = new Set([".git"]);

/** Why entries are skipped; shared with tests so wording changes stay in one place. */
export const SKIP_REASONS = {
  outside: "symlink to a path outside the workspace (refused)",
  dangling: "dangling symlink (its target does not exist)",
  directoryLink: "symlink to a directory (not followed)",
  notUtf8: "file name is not valid UTF-8 (cannot be named in results or annotations)",
  notFile: "not a regular file",
} as const;

/** True when `path` is `root` or lies under it. */
export function isInside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** A byte name decoded as UTF-8, or undefined when it is not valid UTF-8. */
function decodeName(raw: Buffer): string | undefined {
  const text = raw.toString("utf8");
  return Buffer.from(text, "utf8").equals(raw) ? text : undefined;
}

/** A name with its invalid bytes shown as `\xNN`, for the skipped list. */
function displayName(raw: Buffer): string {
  let out = "";
  for (const byte of raw)
    out +=
      byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, "0")}`;
  return out;
}

/** Finds the files under `workspace` selected by the include patterns and not by the exclude patterns. */
export async function findFiles(
  workspace: string,
  include: string[],
  exclude: string[],
): Promise<WorkspaceFile[]> {
  return (await scanWorkspace(workspace, include, exclude)).files;
}

/** {@link findFiles}, plus every selected entry that was refused and why. */
export async function scanWorkspace(
  workspace: string,
  include: string[],
  exclude: string[],
): Promise<WorkspaceScan> {
  const globs = compileGlobSet(include, exclude);
  const root = await realpath(workspace).catch(() => workspace);
  const found = new Map<string, WorkspaceFile>();
  const skipped = new Map<string, SkippedEntry>();
  const skip = (path: string, reason: string) => skipped.set(path, { path, reason });

  async function visit(relative: string, isBase: boolean): Promise<void> {
    const absolute = relative === "" ? workspace : join(workspace, relative);
    if (isBase && relative !== "") {
      // A base is walked even when it is a symlink, but only when its real path stays inside.
      const real = await realpath(absolute).catch(() => undefined);
      if (real === undefined) return; // A base directory that does not exist simply matches nothing.
      if (!isInside(real, root)) {
        skip(relative, SKIP_REASONS.outside);
        return;
      }
    }
    let entries: Dirent<Buffer>[];
    try {
      entries = await readdir(absolute, { withFileTypes: true, encoding: "buffer" });
    } catch {
      return;
    }
    for (const entry of entries) {
      const name = decodeName(entry.name);
      const prefix = relative === "" ? "" : `${relative}/`;
      if (name === undefined) {
        const shown = `${prefix}${displayName(entry.name)}`;
        const lossy = `${prefix}${entry.name.toString("utf8")}`;
        if (globs.selects(lossy) || (entry.isDirectory() && !globs.excludesDirectory(lossy))) {
          skip(shown, SKIP_REASONS.notUtf8);
        }
        continue;
      }
      const path = `${prefix}${name}`;
      if (entry.isDirectory()) {
        if (ALWAYS_SKIPPED.has(name) || globs.excludesDirectory(path)) continue;
        await visit(path, false);
      } else if (entry.isSymbolicLink()) {
        await visitLink(path, globs);
      } else if (entry.isFile() && globs.selects(path)) {
        const info = await stat(join(workspace, path)).catch(() => undefined);
        if (info?.isFile()) found.set(path, { path, absolutePath: join(workspace, path), bytes: info.size });
      }
    }
  }

  async function visitLink(path: string, globs: GlobSet): Promise<void> {
    const absolute = join(workspace, path);
    const target = await realpath(absolute).catch(() => undefined);
    const info = target === undefined ? undefined : await stat(target).catch(() => undefined);
    if (info?.isDirectory()) {
      if (!globs.excludesDirectory(path) && globs.mayContain(path)) skip(path, SKIP_REASONS.directoryLink);
      return;
    }
    if (!globs.selects(path)) return;
    if (target === undefined || info === undefined) skip(path, SKIP_REASONS.dangling);
    else if (!isInside(target, root)) skip(path, SKIP_REASONS.outside);
    else if (!info.isFile()) skip(path, SKIP_REASONS.notFile);
    else found.set(path, { path, absolutePath: absolute, bytes: info.size });
  }

  for (const base of globs.bases) {
    // A base may itself be a file (`files: invoice.pdf` has base "" but `a/b.pdf` has base "a").
    await visit(base, true);
  }
  const byPath = <T extends { path: string }>(a: T, b: T) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  return { files: [...found.values()].sort(byPath), skipped: [...skipped.values()].sort(byPath) };
}
