import { sanitizeUsageTag } from "@extendkit/core";
import { ProxyError } from "./errors.ts";

/** The metadata key Extend reads usage tags from (core's fact, re-exported for the proxy's modules). */
export { USAGE_TAGS_KEY } from "@extendkit/core";
/** At most this many tags per run; mandatory tags are always kept, client tags fill what is left. */
export const MAX_TAGS = 20;
/** Longer tags are truncated so one client cannot bloat billing dimensions (the proxy's policy, not Extend's). */
export const MAX_TAG_LENGTH = 64;

/**
 * Sanitises each tag with Extend's rule (core's `sanitizeUsageTag`), then truncates it to
 * {@link MAX_TAG_LENGTH}, and drops empties and duplicates.
 */
export function sanitizeTags(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const tag of tags) {
    const clean = sanitizeUsageTag(tag).slice(0, MAX_TAG_LENGTH);
    if (clean !== "" && !out.includes(clean)) out.push(clean);
  }
  return out;
}

/** Prefix of the tag that bills a run to a tenant; only the proxy may write tags that start with it. */
export const TENANT_TAG_PREFIX = "tenant-";

/** The tag every run of a tenant carries, so usage can be billed per tenant. */
export function tenantTag(tenant: string): string {
  return `${TENANT_TAG_PREFIX}${tenant}`;
}

/** Whether a tag, once sanitised as Extend does, would bill some tenant (any letter case). */
export function isTenantTag(tag: string): boolean {
  return tag.toLowerCase().startsWith(TENANT_TAG_PREFIX);
}

/** Inputs to the usage-tag union. */
export interface UsageTagInput {
  serverTags: readonly string[];
  clientTags: readonly string[];
  tenant: string;
  /** Tags the request body asked for; used only when `allowCustom`. */
  supplied: readonly string[];
  allowCustom: boolean;
}

/**
 * server ∪ client-configured ∪ tenant ∪ (client-supplied if allowed). The mandatory part comes first
 * and is never dropped by the cap, so a client can add tags but never remove or displace the server's.
 */
export function buildUsageTags(input: UsageTagInput): string[] {
  const mandatory = sanitizeTags([...input.serverTags, tenantTag(input.tenant), ...input.clientTags]);
  if (!input.allowCustom) return mandatory;
  // Checked after sanitising: `tenant-a\u0000cme` becomes `tenant-acme` on the way to Extend.
  const supplied = sanitizeTags(input.supplied);
  if (supplied.some(isTenantTag)) {
    throw new ProxyError(
      400,
      "INVALID_REQUEST",
      `extend:usage_tags may not contain tags starting with "${TENANT_TAG_PREFIX}": the proxy adds the tenant's own`,
    );
  }
  const extra = supplied.filter((tag) => !mandatory.includes(tag));
  return [...mandatory, ...extra.slice(0, Math.max(0, MAX_TAGS - mandatory.length))];
}
