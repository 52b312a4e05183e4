/**
 * Expected outputs: the expected output of `docs/a.pdf` is `<dir>/docs/a.pdf.json`, mirroring the file's path
 * relative to the workspace, and holds the run's `output` as the results file records it. Update mode writes
 * them; the user accepts a change by committing the files.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";

/** What a file's expected output is. */
export type Expectation =
  | { kind: "found"; path: string; output: unknown }
  | { kind: "missing"; path: string }
  | { kind: "unreadable"; path: string; reason: string };

/** Where the expected output of `file` (relative to the workspace) lives under `dir` (absolute). */
export function expectationPath(dir: string, file: string): string {
  if (isAbsolute(file) || file.split(/[\\/]/).includes("..")) {
    throw new Error(`expected outputs mirror workspace-relative paths; "${file}" is not one`);
  }
  const path = resolve(dir, `${file}.json`);
  const inside = relative(dir, path);
  if (inside.startsWith(`..${sep}`) || isAbsolute(inside))
    throw new Error(`"${file}" maps outside the expectations folder`);
  return path;
}

/** Reads the expected output of `file`; a missing file is "missing", broken JSON is "unreadable" with the reason. */
export async function loadExpectation(dir: string, file: string): Promise<Expectation> {
  const path = expectationPath(dir, file);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { kind: "missing", path };
    return { kind: "unreadable", path, reason: (error as Error).message };
  }
  try {
    return { kind: "found", path, output: JSON.parse(text) as unknown };
  } catch (error) {
    return { kind: "unreadable", path, reason: `not valid JSON (${(error as Error).message})` };
  }
}

/**
 * Writes (or refreshes) the expected output of `file`: two-space JSON and a final newline, the way the files are
 * committed, so an unchanged output leaves the file byte-identical and `git diff` shows only real changes.
 * Returns whether the content changed.
 */
export async function writeExpectation(dir: string, file: string, output: unknown): Promise<boolean> {
  const path = expectationPath(dir, file);
  const text = `${JSON.stringify(output, null, 2)}\n`;
  const before = await readFile(path, "utf8").catch(() => null);
  if (before === text) return false;
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, path);
  return true;
}
