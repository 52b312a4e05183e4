// §5: failed authentication is throttled per source address, across isolates sharing a store; successful
// requests from other addresses are untouched. Counted in requests, never timed.
import { describe, expect, it } from "vitest";
import worker, { type WorkerEnv } from "../../src/entry/cloudflare.ts";
import { createProxy } from "../../src/proxy.ts";
import { MemoryStore } from "../../src/state/memory-store.ts";
import { bearer, call } from "../contract/harness.ts";
import { TOKENS } from "../fixtures.ts";
import { targetFor, testEnv } from "./env.ts";

function isolates(perMinute: number) {
  const store = new MemoryStore();
  const settings = { ...testEnv, AUTH_FAILURES_PER_MINUTE: String(perMinute) } as unknown as Record<
    string,
    unknown
  >;
  return [0, 1].map(() => createProxy(settings, { store, log: () => undefined }));
}

describe("failed-auth throttling per source address", () => {
  it("after AUTH_FAILURES_PER_MINUTE failures an address gets 429 + Retry-After, even with a valid token", async () => {
    const handlers = isolates(5);
    let turn = 0;
    const from = (address: string) =>
      targetFor(`throttle-${address}`, (request) => handlers[turn++ % 2]!(request, { address }));
    const attacker = from("203.0.113.7");
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      statuses.push(
        (await call(attacker, "/processor_runs/dpr_x", { headers: bearer(`tok_guess_${i}`) })).status,
      );
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    // Blocked before verification: a correct token from that address is refused too…
    const blocked = await call(attacker, "/processor_runs/dpr_x", { headers: bearer(TOKENS.alpha) });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // …while another address is unaffected.
    const other = await call(from("198.51.100.2"), "/processor_runs/dpr_x", {
      headers: bearer(TOKENS.alpha),
    });
    expect(other.status).toBe(404);
  });

  it("0 switches it off, and an unknown address is never throttled", async () => {
    const [off] = isolates(0);
    const [on] = isolates(1);
    for (let i = 0; i < 5; i++) {
      const target = targetFor("throttle-off", (request) => off!(request, { address: "203.0.113.8" }));
      expect((await call(target, "/processor_runs/dpr_x", { headers: bearer("tok_bad") })).status).toBe(401);
      const anonymous = targetFor("throttle-unknown", (request) => on!(request));
      expect((await call(anonymous, "/processor_runs/dpr_x", { headers: bearer("tok_bad") })).status).toBe(
        401,
      );
    }
  });

  it("the Cloudflare entry throttles by CF-Connecting-IP", async () => {
    const env = { ...testEnv, AUTH_FAILURES_PER_MINUTE: "2" } as WorkerEnv;
    const address = `192.0.2.${Math.floor(Math.random() * 200) + 1}`;
    const target = targetFor("throttle-entry", (request) => {
      const withIp = new Request(request, { headers: new Headers(request.headers) });
      withIp.headers.set("cf-connecting-ip", address);
      return Promise.resolve(worker.fetch(withIp as Parameters<typeof worker.fetch>[0], env));
    });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await call(target, "/processor_runs/dpr_x", { headers: bearer("tok_wrong") })).status);
    }
    expect(statuses).toEqual([401, 401, 429, 429]);
  });
});
