/**
 * The dry run: inputs, files and config validated, the key proven by the preflight's authenticated read,
 * the plan printed, nothing created. It says what it proved and, as plainly, what it could not prove
 * without spending credits: the API has no read of a processor or its versions, so a processor that has
 * never run cannot be told from one that does not exist.
 */
import { ActionFailure } from "./action-failure.js";
import { errorLine } from "./engine/index.js";
import type { ActionConfig } from "./inputs/index.js";
import { countOutcomes } from "./outcomes.js";
import { type Preflight, typeOf } from "./preflight.js";
import { publish } from "./publish.js";
import type { Redactor } from "./redact.js";
import { renderPlanSummary } from "./report/summary.js";
import type { Verdict } from "./report/verdict.js";
import type { RunnerIO } from "./runner-io.js";
import type { Selection } from "./select-files.js";

/** What the dry run proved and what it could not. */
export interface DryRunFindings {
  proven: string[];
  unproven: string[];
}

/** The findings of a dry run from what the preflight saw. */
export function dryRunFindings(config: ActionConfig, check: Preflight): DryRunFindings {
  const proven = [`${config.baseUrl} answered and accepted the api-key (an authenticated read of runs)`];
  const unproven: string[] = [];
  const type = typeOf(check.latest);
  if (check.latest) {
    proven.push(
      `processor ${config.processorId} exists: its latest run is ${check.latest.id}${type ? ` (type ${type})` : ""}`,
    );
    if (config.config && type) proven.push(`the config's type ${config.config.type} is the processor's`);
  } else {
    unproven.push(
      `that processor ${config.processorId} exists: the key sees no run of it, and the API offers no read of a processor (a wrong id fails on the first create)`,
    );
    if (config.config)
      unproven.push(
        `that the config's type ${config.config.type} is the processor's (no run to compare with)`,
      );
  }
  unproven.push(`that processor-version ${config.processorVersion} exists (the API lists no versions)`);
  unproven.push("that Extend accepts each file's type and content (decided on upload)");
  unproven.push("that the account has credits for the runs");
  return { proven, unproven };
}

/** Runs the dry run and writes its reports. */
export async function dryRun(
  config: ActionConfig,
  deps: { io: RunnerIO; redact: Redactor; now(): number },
  selection: Selection,
  check: Preflight,
): Promise<void> {
  const { files, skipped } = selection;
  const { io } = deps;
  const started = deps.now();
  if (check.fatal) {
    throw new ActionFailure(`Dry run: the key check (GET /processor_runs) failed: ${errorLine(check.fatal)}`);
  }
  const findings = dryRunFindings(config, check);
  const type = typeOf(check.latest);
  const lines = [
    `processor ${config.processorId}, version ${config.processorVersion}${type ? `, type ${type}` : ""}`,
    `config: ${config.config ? `${config.config.type} override (${config.configSource})` : "the processor version's own"}`,
    `concurrency ${config.concurrency}, timeout ${config.timeoutLabel}, fail-on ${config.failOn.join(",") || "never"}`,
    `usage tags: ${config.usageTags.join(", ") || "none"}; metadata keys: ${Object.keys(config.metadata).join(", ") || "none"}`,
  ];
  io.info(
    `Dry run: ${config.baseUrl} accepted the api-key (GET /processor_runs?processorId=…&maxPageSize=1).`,
  );
  io.startGroup(`Dry run plan: ${files.length} files`);
  for (const line of lines) io.info(line);
  for (const line of findings.proven) io.info(`proven: ${line}`);
  for (const line of findings.unproven) io.info(`not proven: ${line}`);
  for (const file of files) io.info(`would process ${file.path} (${file.bytes} bytes)`);
  io.endGroup();
  const verdict: Verdict = {
    failed: false,
    reason: `Dry run: ${files.length} files would be processed; nothing was created.`,
  };
  await publish(config, deps, {
    verdict,
    dryRun: true,
    processorId: config.processorId,
    processorVersion: config.processorVersion,
    baseUrl: config.baseUrl,
    startedAt: started,
    finishedAt: deps.now(),
    stop: undefined,
    totals: { ...countOutcomes([]), total: files.length },
    files: files.map((f) => ({ file: f.path, bytes: f.bytes })),
    skipped,
    results: [],
    summary: renderPlanSummary({ ...config, files, lines, skipped, ...findings }),
  });
  io.info(verdict.reason);
}
