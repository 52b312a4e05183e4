/**
 * The action's input names, their defaults, and the source they are read from. A test keeps these
 * equal to `action.yml`.
 */

/** The input names, exactly as `action.yml` declares them. */
export const INPUT_NAMES = [
  "api-key",
  "auth",
  "on-missing-api-key",
  "base-url",
  "api-version",
  "processor-id",
  "processor-version",
  "config",
  "files",
  "if-no-files-found",
  "max-files",
  "concurrency",
  "timeout",
  "fail-on",
  "priority",
  "metadata",
  "usage-tags",
  "summary",
  "results-file",
  "dry-run",
  "cancel-on-abort",
  "max-file-size",
  "rate-limits",
  "polling",
  "expectations",
  "compare",
  "if-no-expectation",
  "update-expectations",
  "min-field-accuracy",
  "cache-dir",
  "cache",
  "comment",
  "github-token",
] as const;

/** One input name. */
export type InputName = (typeof INPUT_NAMES)[number];

/** Defaults applied when an input is empty (the same values `action.yml` declares; a test keeps them equal). */
export const INPUT_DEFAULTS = {
  "base-url": "https://api.extend.ai",
  "api-version": "2025-04-21",
  "processor-version": "latest",
  "if-no-files-found": "error",
  "max-files": "100",
  concurrency: "4",
  timeout: "15m",
  "fail-on": "failed,cancelled,timeout,error",
  summary: "true",
  "dry-run": "false",
  "cancel-on-abort": "true",
  "on-missing-api-key": "fail",
  auth: "key",
  "max-file-size": "100MiB",
  "rate-limits": "payg",
  polling: "list",
  "if-no-expectation": "warn",
  "update-expectations": "false",
  cache: "read-write",
  comment: "false",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the GitHub expression action.yml declares, not a JS template
  "github-token": "${{ github.token }}",
} as const satisfies Partial<Record<InputName, string>>;

/** What {@link parseInputs} reads from. */
export interface InputSource {
  /** Returns the input's value (`""` when unset), like `core.getInput`. */
  getInput(name: InputName): string;
  /** Environment variables (GITHUB_WORKSPACE, RUNNER_TEMP, GITHUB_REPOSITORY, GITHUB_RUN_ID). */
  env: Readonly<Record<string, string | undefined>>;
  /** Reads a text file (for `config` given as a path); throws when it cannot. */
  readTextFile(path: string): string;
  /**
   * The real path of an existing path (symlinks resolved; throws when it does not exist). Without it,
   * containment in the workspace is checked on the path as written.
   */
  realPath?(path: string): string;
  /** Working directory, used when GITHUB_WORKSPACE is unset. */
  cwd: string;
  /** Temporary directory, used when RUNNER_TEMP is unset. */
  tmpDir: string;
}
