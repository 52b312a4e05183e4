import type { FaultRule } from "./options.js";
import type { Prng } from "./prng.js";
import { isObject } from "./validation/json.js";

interface ActiveFault {
  id: string;
  rule: FaultRule;
  remaining: number | undefined;
}

const STATUSES = [429, 500, 502, 503];

/** Fault rules in force; matched in order, first applicable rule wins. */
export class FaultSet {
  private rules: ActiveFault[] = [];
  private nextId = 1;

  constructor(private readonly prng: Prng) {}

  /** Adds rules (validated first; throws an Error naming the bad field). Returns their ids. */
  add(rules: readonly unknown[]): string[] {
    const parsed = rules.map((rule, index) =>
      parseFaultRule(rule, rules.length > 1 ? `rules[${index}]` : "fault"),
    );
    return parsed.map((rule) => {
      const id = `fault_${this.nextId++}`;
      this.rules.push({ id, rule, remaining: rule.count });
      return id;
    });
  }

  clear(): void {
    this.rules = [];
  }

  list(): Array<FaultRule & { id: string; remaining?: number }> {
    return this.rules.map((f) => ({
      id: f.id,
      ...f.rule,
      ...(f.remaining === undefined ? {} : { remaining: f.remaining }),
    }));
  }

  /** The rule to apply to this request, consuming one use of a counted rule. */
  match(method: string, path: string): FaultRule | undefined {
    for (const fault of this.rules) {
      const { rule } = fault;
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (rule.path && !pathMatches(rule.path, path)) continue;
      if (fault.remaining !== undefined && fault.remaining <= 0) continue;
      if (rule.probability !== undefined && this.prng.next() >= rule.probability) continue;
      if (fault.remaining !== undefined) fault.remaining--;
      return rule;
    }
    return undefined;
  }
}

/** `*` matches exactly one path segment; a trailing `/**` matches any rest. */
export function pathMatches(pattern: string, path: string): boolean {
  const want = pattern.split("/").filter(Boolean);
  const have = path.split("/").filter(Boolean);
  for (let i = 0; i < want.length; i++) {
    if (want[i] === "**") return true;
    if (i >= have.length) return false;
    if (want[i] !== "*" && want[i] !== have[i]) return false;
  }
  return want.length === have.length;
}

/** Validates one fault rule; throws an Error whose message names the offending field. */
export function parseFaultRule(input: unknown, where = "fault"): FaultRule {
  if (!isObject(input)) throw new Error(`${where} must be a JSON object`);
  const rule: FaultRule = {};
  const {
    method,
    path,
    status,
    retryAfterSeconds,
    delayMs,
    drop,
    malformed,
    afterHandling,
    count,
    probability,
  } = input;
  if (method !== undefined) {
    if (typeof method !== "string" || method === "")
      throw new Error(`${where}.method must be an HTTP method`);
    rule.method = method.toUpperCase();
  }
  if (path !== undefined) {
    if (typeof path !== "string" || !path.startsWith("/"))
      throw new Error(`${where}.path must start with "/"`);
    if (path.startsWith("/_emulator")) throw new Error(`${where}.path cannot target /_emulator admin routes`);
    rule.path = path;
  }
  if (status !== undefined) {
    if (typeof status !== "number" || !STATUSES.includes(status)) {
      throw new Error(`${where}.status must be one of ${STATUSES.join(", ")}`);
    }
    rule.status = status as NonNullable<FaultRule["status"]>;
  }
  const nonNegative = (name: string, value: unknown): number | undefined => {
    if (value === undefined) return undefined;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new Error(`${where}.${name} must be a number >= 0`);
    }
    return value;
  };
  const retry = nonNegative("retryAfterSeconds", retryAfterSeconds);
  if (retry !== undefined) rule.retryAfterSeconds = retry;
  const delay = nonNegative("delayMs", delayMs);
  if (delay !== undefined) rule.delayMs = delay;
  const times = nonNegative("count", count);
  if (times !== undefined) {
    if (!Number.isInteger(times)) throw new Error(`${where}.count must be an integer >= 0`);
    rule.count = times;
  }
  const p = nonNegative("probability", probability);
  if (p !== undefined) {
    if (p > 1) throw new Error(`${where}.probability must be between 0 and 1`);
    rule.probability = p;
  }
  for (const [name, value] of [
    ["drop", drop],
    ["malformed", malformed],
    ["afterHandling", afterHandling],
  ] as const) {
    if (value === undefined) continue;
    if (typeof value !== "boolean") throw new Error(`${where}.${name} must be a boolean`);
    rule[name] = value;
  }
  const effects = [rule.status !== undefined, rule.drop === true, rule.malformed === true].filter(
    Boolean,
  ).length;
  if (effects > 1) throw new Error(`${where} may set only one of status, drop, malformed`);
  if (effects === 0 && rule.delayMs === undefined) {
    throw new Error(`${where} needs an effect: status, delayMs, drop or malformed`);
  }
  return rule;
}
