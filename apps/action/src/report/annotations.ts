/**
 * The step's annotations. GitHub shows at most 10 error and 10 warning annotations per step, so they are
 * planned as a budget: the overview (the verdict) comes first, then one annotation per distinct problem —
 * files that failed the same way share one, with their count — anchored at the (first) file, and when
 * problems are left over, one roll-up names them. Annotations already emitted by the step (skipped entries,
 * the stop warning) count against the budget.
 */
import { errorLine } from "../engine/error-advice.js";
import type { FileResult } from "../engine/results.js";
import { countsAsFailure, type FailOnKind, isProcessed } from "../outcomes.js";
import type { Verdict } from "./verdict.js";

/** One annotation to emit. */
export interface Annotation {
  level: "error" | "warning";
  /** Absent for the overview, whose message is the verdict itself. */
  title?: string;
  message: string;
  /** Workspace-relative path; absent for the overview and the roll-up. */
  file?: string;
}

/** GitHub shows this many annotations of each level per step. */
export const MAX_ANNOTATIONS_PER_LEVEL = 10;

/** Files named in a shared annotation or the roll-up before "and N more". */
const NAMED_FILES = 5;

/** Why a file did not process, in one line. */
export function failureText(result: FileResult): string {
  const parts: string[] = [];
  if (result.failureReason) parts.push(result.failureReason);
  if (result.failureMessage) parts.push(result.failureMessage);
  if (result.error) parts.push(errorLine(result.error));
  if (result.note) parts.push(result.note);
  return parts.join(": ") || result.outcome;
}

/** Non-processed files that failed the same way (same outcome and text), in file order. */
export interface ProblemGroup {
  outcome: FileResult["outcome"];
  text: string;
  results: FileResult[];
}

/** Groups the non-processed files by outcome and failure text, in order of first appearance. */
export function groupProblems(results: readonly FileResult[]): ProblemGroup[] {
  const groups = new Map<string, ProblemGroup>();
  for (const result of results) {
    if (isProcessed(result.outcome)) continue;
    const text = failureText(result);
    const key = `${result.outcome}\u0000${text}`;
    const group = groups.get(key) ?? { outcome: result.outcome, text, results: [] };
    group.results.push(result);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** `a, b, c, and 4 more`. */
export function nameFiles(files: readonly string[], max = NAMED_FILES): string {
  const shown = files.slice(0, max);
  const more = files.length > shown.length ? `, and ${files.length - shown.length} more` : "";
  return `${shown.join(", ")}${more}`;
}

function annotate(group: ProblemGroup, level: Annotation["level"]): Annotation {
  const [first] = group.results as [FileResult, ...FileResult[]];
  if (group.results.length === 1) {
    return {
      level,
      title: `Extend: ${group.outcome}${first.runId ? ` (${first.runId})` : ""}`,
      message: group.text,
      file: first.file,
    };
  }
  const files = group.results.map((r) => r.file);
  return {
    level,
    title: `Extend: ${group.results.length} files ${group.outcome}`,
    message: `${group.text} (${group.results.length} files: ${nameFiles(files)})`,
    file: first.file,
  };
}

/** What {@link planAnnotations} needs. */
export interface AnnotationPlanInput {
  results: readonly FileResult[];
  failOn: readonly FailOnKind[];
  verdict: Verdict;
  /** Annotations the step has emitted already, per level. */
  used?: { error: number; warning: number };
}

/** The overview first, then one annotation per problem group within the per-level budget, then a roll-up. */
export function planAnnotations(input: AnnotationPlanInput): Annotation[] {
  const used = input.used ?? { error: 0, warning: 0 };
  const out: Annotation[] = [];
  const groups = groupProblems(input.results);
  const levelOf = (group: ProblemGroup): Annotation["level"] =>
    countsAsFailure(group.outcome, input.failOn) ? "error" : "warning";
  if (input.verdict.failed) out.push({ level: "error", message: input.verdict.reason });
  else if (groups.length > 0) out.push({ level: "warning", message: input.verdict.reason });
  for (const level of ["error", "warning"] as const) {
    const ofLevel = groups.filter((g) => levelOf(g) === level);
    const budget = MAX_ANNOTATIONS_PER_LEVEL - used[level] - out.filter((a) => a.level === level).length;
    if (budget <= 0 || ofLevel.length === 0) continue;
    const fits = ofLevel.length <= budget;
    const shown = fits ? ofLevel : ofLevel.slice(0, budget - 1);
    out.push(...shown.map((group) => annotate(group, level)));
    const rest = ofLevel.slice(shown.length).flatMap((g) => g.results.map((r) => r.file));
    if (rest.length > 0) {
      out.push({
        level,
        title: `Extend: ${rest.length} more files did not process`,
        message: `${nameFiles(rest)}. See the job summary and the results file for every file.`,
      });
    }
  }
  return out;
}
