/**
 * What every run carries: the user's metadata and the usage tags (from the input, from metadata, and
 * the automatic repository and workflow-run tags).
 */
import { RESERVED_METADATA_KEYS } from "../engine/run-metadata.js";
import { fail } from "./input-error.js";
import type { InputSource } from "./input-names.js";
import { type JsonRecord, parseJsonObject } from "./run-config.js";

const USAGE_TAGS_KEY = "extend:usage_tags";

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

/** Extend keeps only `[A-Za-z0-9_-]` in usage tags; other runs of characters become `-` so words stay apart. */
export function sanitiseTag(tag: string): string {
  return tag
    .replace(/[^A-Za-z0-9_-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** Tags that identify where the runs came from: the repository and the workflow run. */
export function automaticTags(env: Readonly<Record<string, string | undefined>>): string[] {
  const tags: string[] = [];
  if (env["GITHUB_REPOSITORY"]) tags.push(`gh-repo-${env["GITHUB_REPOSITORY"]}`);
  if (env["GITHUB_RUN_ID"]) tags.push(`gh-run-${env["GITHUB_RUN_ID"]}`);
  return tags;
}

/** The `usage-tags` input merged with tags from metadata and the automatic ones, sanitised, deduplicated. */
export function mergeTags(source: InputSource, fromMetadata: string[]): string[] {
  const fromInput = source
    .getInput("usage-tags")
    .split(/[\n,]/)
    .map((tag) => tag.trim())
    .filter((tag) => tag !== "");
  const merged: string[] = [];
  for (const tag of [...fromInput, ...fromMetadata, ...automaticTags(source.env)]) {
    const clean = sanitiseTag(tag);
    if (clean !== "" && !merged.includes(clean)) merged.push(clean);
  }
  return merged;
}
