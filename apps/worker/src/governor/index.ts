export { GOVERNED_SHARE, UPSTREAM_BUDGET_CODE, UpstreamGovernor } from "./governor.ts";
export {
  DEFAULT_UPSTREAM_LIMITS,
  DEFAULT_UPSTREAM_QUEUE_MS,
  parseUpstreamLimits,
  UPSTREAM_CATEGORIES,
  UPSTREAM_PLANS,
  type UpstreamCategory,
  type UpstreamLimits,
  upstreamCategory,
} from "./upstream-limits.ts";
