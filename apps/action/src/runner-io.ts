/**
 * The only place that talks to the GitHub runner (`@actions/core`): inputs, log lines, groups,
 * annotations, outputs and the job summary. A thin adapter: the action wraps it with the redactor
 * (`redactIO`) so that redaction is part of the tested flow, not of this glue.
 */
import * as core from "@actions/core";

/** An annotation's anchor. */
export interface AnnotationAnchor {
  title?: string;
  file?: string;
}

/** What the action needs from the runner. */
export interface RunnerIO {
  getInput(name: string): string;
  info(message: string): void;
  debug(message: string): void;
  warning(message: string, anchor?: AnnotationAnchor): void;
  /** A notice annotation; adapters without one fall back to an info line. */
  notice?(message: string, anchor?: AnnotationAnchor): void;
  error(message: string, anchor?: AnnotationAnchor): void;
  startGroup(name: string): void;
  endGroup(): void;
  setOutput(name: string, value: string): void;
  /** Appends Markdown to the job summary; returns false when the runner gives no summary file. */
  appendSummary(markdown: string): Promise<boolean>;
}

function anchorProps(anchor: AnnotationAnchor | undefined): core.AnnotationProperties {
  const props: core.AnnotationProperties = {};
  if (anchor?.title) props.title = anchor.title;
  if (anchor?.file) props.file = anchor.file;
  return props;
}

/** Reads an input untrimmed (`files` is multi-line; the parser trims each line itself). */
export function readInput(name: string): string {
  return core.getInput(name, { trimWhitespace: false });
}

/** The runner's IO through `@actions/core`. */
export function createRunnerIO(): RunnerIO {
  return {
    getInput: readInput,
    info: (message) => core.info(message),
    debug: (message) => core.debug(message),
    warning: (message, anchor) => core.warning(message, anchorProps(anchor)),
    notice: (message, anchor) => core.notice(message, anchorProps(anchor)),
    error: (message, anchor) => core.error(message, anchorProps(anchor)),
    startGroup: (name) => core.startGroup(name),
    endGroup: () => core.endGroup(),
    setOutput: (name, value) => core.setOutput(name, value),
    appendSummary: async (markdown) => {
      if (!process.env["GITHUB_STEP_SUMMARY"]) return false;
      await core.summary.addRaw(markdown).write();
      core.summary.emptyBuffer();
      return true;
    },
  };
}

/** The runner's GitHub OIDC ID token for `audience` (`auth: oidc`); `@actions/core` masks it in the log. */
export function requestIdToken(audience: string): Promise<string> {
  return core.getIDToken(audience);
}

/** Masks the key in the runner's log; must run before anything else prints. */
export function maskSecret(secret: string): void {
  if (secret !== "") core.setSecret(secret);
}

/** Fails the step without another annotation (its reason was already annotated). */
export function markFailed(message: string): void {
  core.info(message);
  process.exitCode = 1;
}

/** Reports the step as failed (sets the exit code to 1). */
export function reportFailure(message: string): void {
  core.setFailed(message);
}
