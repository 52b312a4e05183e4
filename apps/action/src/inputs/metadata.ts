/**
 * What every run carries: the user's metadata and the usage tags (from the input, from metadata, and
 * the automatic repository and workflow-run tags).
 */
import { sanitizeUsageTags, USAGE_TAGS_KEY } from "@extendkit/core";
import { RESERVED_METADATA_KEYS } from "../engine/run-metadata.js";
import { fail } from "./input-error.js";
import type { InputSource } from "./input-names.js";
import { type JsonRecord, parseJsonObject } from "./run-config.js";

/** The `metadata` input, with usage tags taken out (they merge with the `usage-tags` input). */
export function parseMetadata(source: InputSource): { metadata: JsonRecord; tags: string[] } {
  const value = source.getInput("metadata").trim();
  if (value === "") return { metadata: {}, tags: [] };
  const metadata = parseJsonObject("metadata", value, "value");
  const reserved = Object.keys(metadata).filter((key) => RESERVED_METADATA_KEYS.includes(key));
  if (reserved.length > 0) {
    fail(
      "metadata",
      `must not set ${reserved.map((k) => `"${k}"`).join(", ")}: the action and extendkit proxies write ${RESERVED_METADATA_KEYS.map((k) => `"${k}"`).join(", ")} themselves`,
    );
  }
  const { [USAGE_TAGS_KEY]: rawTags, ...rest } = metadata;
  if (rawTags === undefined) return { metadata: rest, tags: [] };
  if (!Array.isArray(rawTags) || !rawTags.every((tag) => typeof tag === "string")) {
    return fail(
      "metadata",
      `key "${USAGE_TAGS_KEY}" must be an array of strings (or use the usage-tags input)`,
    );
  }
  return { metadata: rest, tags: rawTags };
}

/**
 * Tags that identify where the runs came from: the repository (`gh-repo-OWNER-NAME`: the `/` and any `.`
 * of `OWNER/NAME` become `-`, which Extend keeps, so owner and name stay apart) and the workflow run.
 */
export function automaticTags(env: Readonly<Record<string, string | undefined>>): string[] {
  const tags: string[] = [];
  if (env["GITHUB_REPOSITORY"]) tags.push(`gh-repo-${env["GITHUB_REPOSITORY"].replace(/[/.]/g, "-")}`);
  if (env["GITHUB_RUN_ID"]) tags.push(`gh-run-${env["GITHUB_RUN_ID"]}`);
  return tags;
}

/**
 * The `usage-tags` input merged with tags from metadata and the automatic ones, sanitised by Extend's rule
 * (core's `sanitizeUsageTags`: characters other than letters, digits, `-` and `_` are removed), without
 * empties and repeats, so the tags sent are the tags Extend records.
 */
export function mergeTags(source: InputSource, fromMetadata: string[]): string[] {
  const fromInput = source
    .getInput("usage-tags")
    .split(/[\n,]/)
    .map((tag) => tag.trim())
    .filter((tag) => tag !== "");
  return sanitizeUsageTags([...fromInput, ...fromMetadata, ...automaticTags(source.env)]);
}
