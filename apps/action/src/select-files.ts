/**
 * The files a run of the action will process: the globs resolved inside the workspace, with every
 * selected entry that was refused listed (never skipped silently), and the `max-files` and
 * `if-no-files-found` policies applied before anything is uploaded.
 */
import { ActionFailure } from "./action-failure.js";
import { type SkippedEntry, scanWorkspace, type WorkspaceFile } from "./engine/find-files.js";
import type { ActionConfig } from "./inputs/index.js";
import type { RunnerIO } from "./runner-io.js";

/** Skipped entries listed one per line in the log; the rest are counted. */
export const MAX_SKIPPED_LINES = 20;

/** What the globs selected and what was refused. */
export interface Selection {
  files: WorkspaceFile[];
  skipped: SkippedEntry[];
}

/** One line per skipped entry (capped), then how many more. */
export function skippedLines(skipped: readonly SkippedEntry[], max = MAX_SKIPPED_LINES): string[] {
  const lines = skipped.slice(0, max).map((entry) => `${entry.path}: ${entry.reason}`);
  if (skipped.length > max) lines.push(`…and ${skipped.length - max} more`);
  return lines;
}

/** Resolves the files, reports refused entries, and applies `max-files` and `if-no-files-found`. */
export async function selectFiles(config: ActionConfig, io: RunnerIO): Promise<Selection> {
  const { files, skipped } = await scanWorkspace(config.workspace, config.include, config.exclude);
  const patterns = [...config.include, ...config.exclude.map((p) => `!${p}`)].join(", ");
  if (skipped.length > 0) {
    io.warning(
      `${skipped.length} selected entries were skipped and will not be processed (symlinks out of the workspace, dangling links, names that are not UTF-8). The log and the job summary list them.`,
      { title: "Extend: entries skipped" },
    );
    io.startGroup(`Skipped: ${skipped.length} entries`);
    for (const line of skippedLines(skipped)) io.info(line);
    io.endGroup();
  }
  if (files.length > config.maxFiles) {
    throw new ActionFailure(
      `${files.length} files match the files input (${patterns}), more than max-files (${config.maxFiles}). ` +
        "Nothing was uploaded. Narrow the patterns or raise max-files.",
    );
  }
  io.info(`${files.length} files match ${patterns} in ${config.workspace}.`);
  if (files.length === 0 && config.ifNoFilesFound === "error") {
    throw new ActionFailure(`No files match the files input (${patterns}) (if-no-files-found: error).`);
  }
  if (files.length === 0) {
    const message = `No files match the files input (${patterns}); nothing to do (if-no-files-found: ${config.ifNoFilesFound}).`;
    if (config.ifNoFilesFound === "warn") io.warning(message);
    else io.info(message);
  }
  return { files, skipped };
}
