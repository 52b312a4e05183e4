import { ProxyError } from "./errors.ts";
import { buildUsageTags, USAGE_TAGS_KEY } from "./tags.ts";

/** Reserved metadata key holding the owning tenant; only the proxy writes it. */
export const TENANT_KEY = "extendkit:tenant";
/**
 * The keys only the proxy writes; a client sending one (in any letter case) gets a 400. Other
 * `extendkit:*` keys (the GitHub Action's `extendkit:file`, say) belong to clients and pass through.
 */
export const RESERVED_KEYS: readonly string[] = [TENANT_KEY];

/** What create needs to stamp a run. */
export interface StampInput {
  tenant: string;
  serverTags: readonly string[];
  clientTags: readonly string[];
  allowCustomTags: boolean;
}

/**
 * Returns the metadata sent upstream: the client's own keys, the tenant under the reserved key and the
 * usage-tag union. Client-supplied reserved keys are refused (400) rather than silently overwritten,
 * so a spoofing attempt is visible to whoever wrote it.
 */
export function stampMetadata(metadata: unknown, input: StampInput): Record<string, unknown> {
  if (
    metadata !== undefined &&
    (typeof metadata !== "object" || metadata === null || Array.isArray(metadata))
  ) {
    throw new ProxyError(400, "INVALID_REQUEST", "metadata must be an object");
  }
  const own = { ...((metadata as Record<string, unknown> | undefined) ?? {}) };
  for (const key of Object.keys(own)) {
    if (RESERVED_KEYS.includes(key.toLowerCase())) {
      throw new ProxyError(
        400,
        "INVALID_REQUEST",
        `metadata["${key}"] is reserved: the proxy records the tenant there; remove it from the request`,
      );
    }
  }
  const supplied = own[USAGE_TAGS_KEY];
  if (supplied !== undefined && (!Array.isArray(supplied) || !supplied.every((t) => typeof t === "string"))) {
    throw new ProxyError(400, "INVALID_REQUEST", `metadata["${USAGE_TAGS_KEY}"] must be an array of strings`);
  }
  own[USAGE_TAGS_KEY] = buildUsageTags({
    serverTags: input.serverTags,
    clientTags: input.clientTags,
    tenant: input.tenant,
    supplied: (supplied as string[] | undefined) ?? [],
    allowCustom: input.allowCustomTags,
  });
  own[TENANT_KEY] = input.tenant;
  return own;
}

/** The tenant recorded on a run object from upstream, or null when absent (never owned by anyone). */
export function runTenant(run: unknown): string | null {
  if (typeof run !== "object" || run === null) return null;
  const metadata = (run as { metadata?: unknown }).metadata;
  if (typeof metadata !== "object" || metadata === null) return null;
  const tenant = (metadata as Record<string, unknown>)[TENANT_KEY];
  return typeof tenant === "string" ? tenant : null;
}
