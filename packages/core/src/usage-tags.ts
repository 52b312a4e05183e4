/** The run-metadata key Extend reads usage tags from (`metadata["extend:usage_tags"]`, an array of strings). */
export const USAGE_TAGS_KEY = "extend:usage_tags";

/**
 * Extend's rule for one usage tag: every character that is not an ASCII letter, digit, `-` or `_` is
 * removed (the server strips them, it does not reject the request), so `"cust 9!"` becomes `"cust9"`.
 * The result may be empty; {@link sanitizeUsageTags} drops such tags.
 */
export function sanitizeUsageTag(tag: string): string {
  return tag.replace(/[^A-Za-z0-9_-]/g, "");
}

/**
 * Sanitises each tag with {@link sanitizeUsageTag}, in order, leaving out tags that end up empty and
 * repeats (a repeated tag adds nothing), so the tags sent are exactly the tags Extend records.
 */
export function sanitizeUsageTags(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const tag of tags) {
    const clean = sanitizeUsageTag(tag);
    if (clean !== "" && !out.includes(clean)) out.push(clean);
  }
  return out;
}
