// The store contract (test/store/conformance.ts) on the in-memory store and on the Durable Objects in
// workerd; test/node/store-runtimes.test.ts runs it on deno (Deno KV) and bun (bun:sqlite).
import { expect, it } from "vitest";
import type { CounterState, TenantState } from "../../src/entry/cloudflare-objects.ts";
import { DurableObjectStore } from "../../src/entry/cloudflare-store.ts";
import { MemoryStore } from "../../src/state/memory-store.ts";
import { checkStore } from "../store/conformance.ts";
import { testEnv } from "./env.ts";

it("MemoryStore keeps the store contract", async () => {
  expect(await checkStore(new MemoryStore(), "mem")).toBe(33);
});

it("DurableObjectStore (SQLite-backed Durable Objects) keeps the store contract", async () => {
  const store = new DurableObjectStore(
    testEnv.TENANT_STATE as unknown as DurableObjectNamespace<TenantState>,
    testEnv.COUNTER_STATE as unknown as DurableObjectNamespace<CounterState>,
  );
  expect(await checkStore(store, `do-${crypto.randomUUID()}`)).toBe(33);
});
