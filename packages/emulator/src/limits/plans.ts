import { isObject } from "../validation/json.js";

/** The three request categories Extend limits separately. */
export type LimitCategory = "get" | "write" | "run";

/** What happens to a run created while the files/min budget is spent. */
export type ThroughputMode = "queue" | "reject";

/** Named plans of Extend's rate-limit page, plus `off` (no limits at all). */
export type LimitsPlanName = "off" | "payg" | "scale" | "enterprise";

/**
 * A custom limits configuration (also the format of a `--limits <file.json>` file). `plan` names a
 * base plan whose values the other fields override; without it every rate must be given.
 */
export interface LimitsConfig {
  /** Base plan whose values the other fields override. */
  plan?: Exclude<LimitsPlanName, "off">;
  /** Requests per second per category per API key: one number for all three, or per category. */
  requestsPerSecond?: number | Partial<Record<LimitCategory, number>>;
  /** Bucket capacity (requests a full bucket lets through at once); default: one second's worth. */
  burst?: number | Partial<Record<LimitCategory, number>>;
  /** Runs that may start per rolling 60 s per API key. */
  filesPerMinute?: number;
  /** `queue` (default): runs over the budget wait PENDING by priority; `reject`: 429 on create. */
  throughput?: ThroughputMode;
}

/** The `limits` option: a plan name or a custom configuration. */
export type LimitsOption = LimitsPlanName | LimitsConfig;

/** Fully resolved limits in force. */
export interface ResolvedLimits {
  /** Plan name, or "custom" for a configuration that changed a plan's values. */
  plan: string;
  rates: Record<LimitCategory, number>;
  burst: Record<LimitCategory, number>;
  filesPerMinute: number;
  throughput: ThroughputMode;
}

/** The categories in display order. */
export const LIMIT_CATEGORIES: readonly LimitCategory[] = ["get", "write", "run"];

const PLANS: Record<Exclude<LimitsPlanName, "off">, { rps: number; filesPerMinute: number }> = {
  payg: { rps: 10, filesPerMinute: 80 },
  scale: { rps: 25, filesPerMinute: 120 },
  enterprise: { rps: 75, filesPerMinute: 300 },
};

/**
 * The limits in force when none are given: Extend's entry plan, so a client that is green against the
 * emulator is not red against production for want of pacing. Tests about other things pass `"off"`.
 */
export const DEFAULT_LIMITS: LimitsPlanName = "payg";

/** Plan names accepted by `--limits` and the `limits` option. */
export const LIMITS_PLAN_NAMES: readonly LimitsPlanName[] = ["off", "payg", "scale", "enterprise"];

/** True for a plan name (as opposed to a file path or an object). */
export function isLimitsPlanName(value: unknown): value is LimitsPlanName {
  return typeof value === "string" && (LIMITS_PLAN_NAMES as readonly string[]).includes(value);
}

/**
 * Resolves the `limits` option; `undefined` means no limits (`off`). Throws a TypeError whose
 * message names the offending field.
 */
export function resolveLimits(option: unknown, where = "limits"): ResolvedLimits | undefined {
  if (option === undefined || option === "off") return undefined;
  if (typeof option === "string") {
    if (!isLimitsPlanName(option) || option === "off") {
      throw new TypeError(
        `${where} must be off, payg, scale, enterprise or a limits object (got "${option}")`,
      );
    }
    return fromPlan(option);
  }
  if (!isObject(option)) throw new TypeError(`${where} must be a plan name or a limits object`);
  const known = new Set(["plan", "requestsPerSecond", "burst", "filesPerMinute", "throughput"]);
  for (const key of Object.keys(option)) {
    if (!known.has(key)) {
      throw new TypeError(`${where}.${key} is not a limits setting (use ${[...known].join(", ")})`);
    }
  }
  const { plan, requestsPerSecond, burst, filesPerMinute, throughput } = option as LimitsConfig;
  if (plan !== undefined && (plan === ("off" as string) || !isLimitsPlanName(plan))) {
    throw new TypeError(`${where}.plan must be payg, scale or enterprise`);
  }
  const base = plan === undefined ? undefined : fromPlan(plan);
  const rates = perCategory(requestsPerSecond, base?.rates, `${where}.requestsPerSecond`);
  const limits: ResolvedLimits = {
    plan:
      plan !== undefined &&
      requestsPerSecond === undefined &&
      burst === undefined &&
      filesPerMinute === undefined
        ? plan
        : "custom",
    rates,
    // Default: one second's worth, and never less than one whole request.
    burst:
      burst === undefined
        ? { get: Math.max(1, rates.get), write: Math.max(1, rates.write), run: Math.max(1, rates.run) }
        : atLeastOne(perCategory(burst, rates, `${where}.burst`), `${where}.burst`),
    filesPerMinute: positive(filesPerMinute ?? base?.filesPerMinute, `${where}.filesPerMinute`),
    throughput: throughput ?? "queue",
  };
  if (limits.throughput !== "queue" && limits.throughput !== "reject") {
    throw new TypeError(`${where}.throughput must be "queue" or "reject"`);
  }
  return limits;
}

function fromPlan(name: Exclude<LimitsPlanName, "off">): ResolvedLimits {
  const { rps, filesPerMinute } = PLANS[name];
  const rates = { get: rps, write: rps, run: rps };
  return { plan: name, rates, burst: { ...rates }, filesPerMinute, throughput: "queue" };
}

function perCategory(
  value: LimitsConfig["requestsPerSecond"],
  base: Record<LimitCategory, number> | undefined,
  where: string,
): Record<LimitCategory, number> {
  if (typeof value === "number") {
    const all = positive(value, where);
    return { get: all, write: all, run: all };
  }
  if (value === undefined) {
    if (!base) throw new TypeError(`${where} is required without a base plan`);
    return { ...base };
  }
  if (!isObject(value)) throw new TypeError(`${where} must be a number or { get, write, run }`);
  for (const key of Object.keys(value)) {
    if (!(LIMIT_CATEGORIES as readonly string[]).includes(key)) {
      throw new TypeError(`${where}.${key} is not a category (use get, write, run)`);
    }
  }
  const pick = (category: LimitCategory) =>
    positive(value[category] ?? base?.[category], `${where}.${category}`);
  return { get: pick("get"), write: pick("write"), run: pick("run") };
}

/** A bucket smaller than one token could never let a request through. */
function atLeastOne(burst: Record<LimitCategory, number>, where: string): Record<LimitCategory, number> {
  for (const category of LIMIT_CATEGORIES) {
    if (burst[category] < 1)
      throw new TypeError(`${where} must be at least 1 (a bucket holds whole requests)`);
  }
  return burst;
}

function positive(value: unknown, where: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`${where} must be a number > 0`);
  }
  return value;
}
