/**
 * The `rate-limits` input: which of Extend's per-organisation limits the action paces itself under.
 * A plan name, `off`, or JSON that starts from a plan (`plan`, default payg) and overrides its rates,
 * its files/min budget and the share of them this job may use (several jobs of one organisation
 * divide the plan between them: two parallel jobs each take `{"share":0.5}`).
 */
import { fail, quote, read } from "./input-error.js";
import type { InputSource } from "./input-names.js";

/** Named plans of Extend's rate-limit page. */
export type RatePlanName = "payg" | "scale" | "enterprise";

/** Requests per second per category and runs that may start per minute, for the whole organisation. */
export interface PlanRates {
  get: number;
  write: number;
  run: number;
  filesPerMinute: number;
}

/** Extend's published limits per organisation (10/25/75 req/s per category; 80/120/300 files/min). */
export const RATE_PLANS: Readonly<Record<RatePlanName, PlanRates>> = {
  payg: { get: 10, write: 10, run: 10, filesPerMinute: 80 },
  scale: { get: 25, write: 25, run: 25, filesPerMinute: 120 },
  enterprise: { get: 75, write: 75, run: 75, filesPerMinute: 300 },
};

/** The limits this job paces itself under. */
export interface RateLimits extends PlanRates {
  /** "payg", "scale", "enterprise" or "custom" (a JSON value that changed a plan's rates). */
  plan: string;
  /** Fraction (0 < share ≤ 1) of the organisation's limits this job may use. */
  share: number;
}

const ACCEPTED =
  'must be payg, scale, enterprise, off or JSON such as {"plan":"payg","share":0.5} or {"get":10,"write":10,"run":10,"filesPerMinute":80}';
const KEYS = ["plan", "share", "get", "write", "run", "filesPerMinute"] as const;
const RATE_KEYS = ["get", "write", "run", "filesPerMinute"] as const;

function isPlanName(value: unknown): value is RatePlanName {
  return typeof value === "string" && Object.hasOwn(RATE_PLANS, value);
}

/** Parses `rate-limits`; `undefined` means off (no pacing; a 429's Retry-After is still honoured). */
export function parseRateLimits(source: InputSource): RateLimits | undefined {
  const value = read(source, "rate-limits");
  if (value === "off") return undefined;
  if (isPlanName(value)) return { plan: value, ...RATE_PLANS[value], share: 1 };
  if (!value.startsWith("{")) return fail("rate-limits", ACCEPTED, value);
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return fail("rate-limits", ACCEPTED, value);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return fail("rate-limits", ACCEPTED, value);
  }
  const object = parsed as Record<string, unknown>;
  const unknownKey = Object.keys(object).find((key) => !(KEYS as readonly string[]).includes(key));
  if (unknownKey !== undefined) {
    return fail("rate-limits", `has an unknown key ${quote(unknownKey)}; keys are ${KEYS.join(", ")}`, value);
  }
  const plan = object["plan"] ?? "payg";
  if (!isPlanName(plan)) return fail("rate-limits", '"plan" must be payg, scale or enterprise', value);
  const limits: RateLimits = { plan, ...RATE_PLANS[plan], share: 1 };
  for (const key of RATE_KEYS) {
    const rate = object[key];
    if (rate === undefined) continue;
    if (typeof rate !== "number" || !Number.isFinite(rate) || rate <= 0) {
      return fail("rate-limits", `"${key}" must be a positive number`, value);
    }
    if (rate !== limits[key]) limits.plan = "custom";
    limits[key] = rate;
  }
  const share = object["share"];
  if (share !== undefined) {
    if (typeof share !== "number" || !(share > 0 && share <= 1)) {
      return fail("rate-limits", '"share" must be a number above 0 and at most 1', value);
    }
    limits.share = share;
  }
  return limits;
}

/** One line for the log: what the action paces itself under. */
export function describeRateLimits(limits: RateLimits | undefined): string {
  if (!limits) return "Rate limits: off (no pacing; a 429's Retry-After is still honoured).";
  const share = limits.share === 1 ? "" : ` × share ${limits.share}`;
  return `Rate limits: ${limits.plan} (${limits.get} GET/s, ${limits.write} WRITE/s, ${limits.run} RUN/s, ${limits.filesPerMinute} files/min)${share}.`;
}

/** How run states are learned: `list` (one list request for all runs) or `per-run` (a GET per run). */
export type PollingMode = "list" | "per-run";

/** Parses `polling`. */
export function parsePolling(source: InputSource): PollingMode {
  const value = read(source, "polling");
  if (value === "list" || value === "per-run") return value;
  return fail("polling", "must be list or per-run", value);
}
