import type { ProcessorType } from "./config-validation.js";

/**
 * Credits per page of a run, by processor type. Extend does not publish its 2025-04-21 prices per page, so the
 * emulator uses a simple, documented rule: EXTRACT 1 credit per page, CLASSIFY and SPLITTER 0.5 per page, a run
 * is billed for at least one page. File parsing is billed separately (see {@link fileCredits}), as on Extend,
 * where a run's `usage.credits` excludes parsing.
 */
export const RUN_CREDITS_PER_PAGE: Readonly<Record<ProcessorType, number>> = {
  EXTRACT: 1,
  CLASSIFY: 0.5,
  SPLITTER: 0.5,
};

/** File parsing credits per page (`File.usage.credits`). */
export const FILE_CREDITS_PER_PAGE = 1;

/** Credits of a run over `pageCount` pages (at least one page is billed). */
export function runCredits(type: ProcessorType, pageCount: number): number {
  return RUN_CREDITS_PER_PAGE[type] * Math.max(1, pageCount);
}

/** Parsing credits of a file with `pageCount` pages (at least one page is billed). */
export function fileCredits(pageCount: number): number {
  return FILE_CREDITS_PER_PAGE * Math.max(1, pageCount);
}
