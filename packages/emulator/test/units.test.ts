import { describe, expect, it } from "vitest";
import { SimClock } from "../src/clock.js";
import { pathMatches } from "../src/faults.js";
import { decodePageToken, encodePageToken } from "../src/page-token.js";
import { SortedIndex } from "../src/sorted-index.js";

describe("SortedIndex", () => {
  it("walks from a cursor in both directions, after removals and out-of-order inserts", () => {
    const index = new SortedIndex<string>();
    for (const key of [1, 2, 3, 5, 8]) index.add(key, `k${key}`);
    index.add(4, "k4");
    index.remove(2);
    index.remove(99);
    const walk = (dir: "asc" | "desc", after?: number, limit = 10) => {
      const out: string[] = [];
      index.walk(dir, after, (item) => {
        out.push(item);
        return out.length < limit;
      });
      return out;
    };
    expect(walk("asc")).toEqual(["k1", "k3", "k4", "k5", "k8"]);
    expect(walk("desc")).toEqual(["k8", "k5", "k4", "k3", "k1"]);
    expect(walk("asc", 3, 2)).toEqual(["k4", "k5"]);
    expect(walk("desc", 5)).toEqual(["k4", "k3", "k1"]);
    // A cursor key that was removed still positions correctly.
    expect(walk("asc", 2)).toEqual(["k3", "k4", "k5", "k8"]);
    expect(walk("desc", 2)).toEqual(["k1"]);
    expect(index.size).toBe(5);
  });
});

describe("page tokens", () => {
  it("round-trip and always contain = + / :", () => {
    for (let key = 0; key < 200; key += 7) {
      for (const sortDir of ["asc", "desc"] as const) {
        const token = encodePageToken(
          { sortBy: "createdAt", sortDir, key },
          { status: "PROCESSED", key: String(key) },
        );
        for (const char of ["=", "+", "/", ":"]) expect(token).toContain(char);
        expect(decodePageToken(token)).toEqual({ sortBy: "createdAt", sortDir, key });
      }
    }
  });

  it("reject tampered tokens with a 400 naming nextPageToken", () => {
    for (const bad of ["", "abc", "a:b:c", "Zm9v:YmFy", `${btoa("{}")}:${btoa("x")}`]) {
      expect(() => decodePageToken(bad)).toThrow(/nextPageToken/);
    }
  });
});

describe("fault path patterns", () => {
  it("match exact paths and * segments", () => {
    expect(pathMatches("/processor_runs", "/processor_runs")).toBe(true);
    expect(pathMatches("/processor_runs", "/processor_runs/dpr_1")).toBe(false);
    expect(pathMatches("/processor_runs/*", "/processor_runs/dpr_1")).toBe(true);
    expect(pathMatches("/processor_runs/*", "/processor_runs/dpr_1/cancel")).toBe(false);
    expect(pathMatches("/processor_runs/*/cancel", "/processor_runs/dpr_1/cancel")).toBe(true);
    expect(pathMatches("/processor_runs/**", "/processor_runs/dpr_1/cancel")).toBe(true);
    expect(pathMatches("/files/*", "/processor_runs/x")).toBe(false);
  });
});

describe("SimClock (virtual)", () => {
  it("fires due timers in order, including timers scheduled by timers", async () => {
    const clock = new SimClock("virtual");
    const start = clock.now();
    const fired: Array<[string, number]> = [];
    clock.setTimer(300, () => fired.push(["c", clock.now() - start]));
    clock.setTimer(100, () => {
      fired.push(["a", clock.now() - start]);
      clock.setTimer(50, () => fired.push(["a2", clock.now() - start]));
    });
    const cancelled = clock.setTimer(200, () => fired.push(["x", 0]));
    clock.setTimer(100, () => fired.push(["b", clock.now() - start]));
    cancelled.cancel();
    await clock.advance(250);
    expect(fired).toEqual([
      ["a", 100],
      ["b", 100],
      ["a2", 150],
    ]);
    expect(clock.now() - start).toBe(250);
    await clock.advance(50);
    expect(fired.at(-1)).toEqual(["c", 300]);
  });

  it("real clocks refuse advance and never go backwards", async () => {
    const clock = new SimClock("real");
    const a = clock.now();
    expect(clock.now()).toBeGreaterThanOrEqual(a);
    await expect(clock.advance(1)).rejects.toThrow(/virtual/);
  });
});
