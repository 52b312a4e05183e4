/** The three request categories Extend limits separately (per API key). */
export type UpstreamCategory = "get" | "write" | "run";

/** Every category, in display order. */
export const UPSTREAM_CATEGORIES: readonly UpstreamCategory[] = ["get", "write", "run"];

/** Requests per second Extend allows per category, by plan (Extend's rate-limit page). */
export const UPSTREAM_PLANS = { payg: 10, scale: 25, enterprise: 75 } as const;

/** Resolved `UPSTREAM_LIMITS`: the plan's rate per category, or null when the governor is off. */
export interface UpstreamLimits {
  plan: string;
  rates: Readonly<Record<UpstreamCategory, number>>;
  /** How long a request may wait for its slot before it is refused with 429 (`UPSTREAM_QUEUE_MS`). */
  queueMs: number;
}

/** Default `UPSTREAM_LIMITS`: Extend's smallest plan, so a proxy that was never told stays inside any plan. */
export const DEFAULT_UPSTREAM_LIMITS = "payg";
/** Default `UPSTREAM_QUEUE_MS`: a short burst waits this long at most. */
export const DEFAULT_UPSTREAM_QUEUE_MS = 2000;

/**
 * Parses `UPSTREAM_LIMITS`: `payg`, `scale`, `enterprise`, `off`, or JSON such as
 * `{"plan":"scale","run":5}` / `{"get":20,"write":10,"run":10}` (per-category requests per second; a
 * `plan` supplies the categories not given). Returns null for `off`, or a problem string.
 */
export function parseUpstreamLimits(raw: string | null, queueMs: number): UpstreamLimits | null | string {
  const value = raw ?? DEFAULT_UPSTREAM_LIMITS;
  if (value === "off") return null;
  if (value in UPSTREAM_PLANS) {
    const rate = UPSTREAM_PLANS[value as keyof typeof UPSTREAM_PLANS];
    return { plan: value, rates: { get: rate, write: rate, run: rate }, queueMs };
  }
  const problem =
    'UPSTREAM_LIMITS must be payg, scale, enterprise, off or JSON like {"get":10,"write":10,"run":10}';
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return problem;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return problem;
  const record = parsed as Record<string, unknown>;
  const plan = record["plan"];
  if (plan !== undefined && !(typeof plan === "string" && plan in UPSTREAM_PLANS)) return problem;
  const base = plan === undefined ? undefined : UPSTREAM_PLANS[plan as keyof typeof UPSTREAM_PLANS];
  const rates = {} as Record<UpstreamCategory, number>;
  for (const category of UPSTREAM_CATEGORIES) {
    const rate = record[category] ?? base;
    if (typeof rate !== "number" || !Number.isFinite(rate) || rate <= 0) return problem;
    rates[category] = rate;
  }
  for (const key of Object.keys(record)) {
    if (key !== "plan" && !(UPSTREAM_CATEGORIES as readonly string[]).includes(key)) return problem;
  }
  return { plan: typeof plan === "string" ? plan : "custom", rates, queueMs };
}

/** The category of an upstream request, as Extend counts it: reads, run creates, every other write. */
export function upstreamCategory(method: string, path: string): UpstreamCategory {
  if (method === "GET" || method === "HEAD") return "get";
  if (method === "POST" && path === "/processor_runs") return "run";
  return "write";
}
