/**
 * Extend's server-side handling of `metadata["extend:usage_tags"]` (API 2025-04-21, §3.3 of the reference):
 * every character that is not an ASCII letter, digit, `-` or `_` is stripped (the request is not rejected).
 * Emulator assumptions where the docs are silent: a tag left empty is dropped, the sanitised array is what
 * the run echoes back, and a value that is not an array of strings is a 400.
 *
 * Written here rather than imported from @extendkit/core on purpose: the emulator stands in for Extend, and
 * the client's copy of the rule (core's `sanitizeUsageTag`) must be checked against an independent server,
 * never against itself. tooling/e2e's usage-tag test proves that core, the action, the worker and this file
 * give the same tags for the same hostile inputs.
 */
import { badRequest } from "../errors.js";

/** The metadata key Extend reads usage tags from. */
export const USAGE_TAGS_KEY = "extend:usage_tags";

/** Characters Extend keeps in a usage tag. */
const NOT_ALLOWED = /[^A-Za-z0-9_-]/g;

/** Sanitises the usage tags of `metadata`; returns the metadata to store and the tags the run carries. */
export function sanitiseUsageTags(metadata: Record<string, unknown>): {
  metadata: Record<string, unknown>;
  tags: string[];
} {
  const raw = metadata[USAGE_TAGS_KEY];
  if (raw === undefined) return { metadata, tags: [] };
  if (!Array.isArray(raw) || raw.some((tag) => typeof tag !== "string")) {
    throw badRequest(`metadata["${USAGE_TAGS_KEY}"] must be an array of strings`);
  }
  const tags = (raw as string[]).map((tag) => tag.replace(NOT_ALLOWED, "")).filter((tag) => tag !== "");
  return { metadata: { ...metadata, [USAGE_TAGS_KEY]: tags }, tags };
}
