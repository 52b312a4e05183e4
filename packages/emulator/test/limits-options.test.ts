import { describe, expect, it } from "vitest";
import { parseCliArgs } from "../src/cli-args.js";
import { createEmulator } from "../src/emulator.js";
import { resolveLimits } from "../src/limits/plans.js";

describe("limits option", () => {
  it("resolves the documented plans and off", () => {
    expect(resolveLimits("off")).toBeUndefined();
    expect(resolveLimits(undefined)).toBeUndefined();
    expect(resolveLimits("payg")).toMatchObject({
      rates: { get: 10, write: 10, run: 10 },
      filesPerMinute: 80,
      throughput: "queue",
    });
    expect(resolveLimits("scale")).toMatchObject({ rates: { get: 25 }, filesPerMinute: 120 });
    expect(resolveLimits("enterprise")).toMatchObject({ rates: { run: 75 }, filesPerMinute: 300 });
  });

  it("applies a custom configuration over a base plan", () => {
    expect(resolveLimits({ plan: "payg", throughput: "reject" })).toMatchObject({
      plan: "payg",
      rates: { get: 10 },
      throughput: "reject",
    });
    expect(
      resolveLimits({ requestsPerSecond: { get: 5, write: 2, run: 1 }, filesPerMinute: 3 }),
    ).toMatchObject({ plan: "custom", rates: { get: 5, write: 2, run: 1 }, burst: { get: 5, run: 1 } });
  });

  it("refuses bad configurations with a message naming the field", () => {
    expect(() => resolveLimits("gold")).toThrow(/limits must be off, payg/);
    expect(() => resolveLimits({ requestsPerSecond: 10 })).toThrow(/limits.filesPerMinute/);
    expect(() => resolveLimits({ plan: "payg", burst: { read: 1 } })).toThrow(/limits.burst.read/);
    expect(() => resolveLimits({ plan: "payg", throughput: "drop" })).toThrow(/throughput/);
    expect(() => resolveLimits({ plan: "payg", burst: 0.5 })).toThrow(/limits.burst must be at least 1/);
    // A rate below one per second still gets a bucket of one whole request by default.
    expect(resolveLimits({ requestsPerSecond: 0.5, filesPerMinute: 1 })?.burst.get).toBe(1);
    expect(() => resolveLimits({ plan: "payg", rps: 3 })).toThrow(/limits.rps is not a limits setting/);
    expect(() => createEmulator({ limits: { plan: "payg", filesPerMinute: 0 } })).toThrow(
      /filesPerMinute must be a number > 0/,
    );
  });

  it("parses --limits as a plan name or a .json file", () => {
    const plan = parseCliArgs(["--limits", "scale"]);
    expect(plan.kind === "start" && plan.options.limits).toBe("scale");
    const file = parseCliArgs(["--limits", "./my-limits.json"]);
    expect(file.kind === "start" && file.limitsFile).toBe("./my-limits.json");
    expect(() => parseCliArgs(["--limits", "gold"])).toThrow(/--limits must be off, payg/);
  });
});
