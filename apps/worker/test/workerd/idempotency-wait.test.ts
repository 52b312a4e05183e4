// Issue 13 §3: a create that arrives while the first with the same key is still in flight waits for it.
// The proxy runs in workerd on the real Durable Object store with the emulator as upstream; the first
// create's upstream request is held until the second request is seen waiting on the key, so the overlap is
// certain rather than left to timing.
import { expect, it } from "vitest";
import type { CounterState, TenantState } from "../../src/entry/cloudflare-objects.ts";
import { DurableObjectStore } from "../../src/entry/cloudflare-store.ts";
import { createProxy } from "../../src/proxy.ts";
import { INVOICE, TOKENS } from "../fixtures.ts";
import { testEnv } from "./env.ts";

it("a second create with the same key waits for the first and replays it (one upstream create)", async () => {
  const store = new DurableObjectStore(
    testEnv.TENANT_STATE as unknown as DurableObjectNamespace<TenantState>,
    testEnv.COUNTER_STATE as unknown as DurableObjectNamespace<CounterState>,
  );
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let waitingLooks = 0;
  const lookup = store.lookupIdempotency.bind(store);
  store.lookupIdempotency = async (...args) => {
    waitingLooks++;
    release(); // the second request is now waiting on the key: let the first one's upstream call go
    return lookup(...args);
  };
  let upstreamCreates = 0;
  const proxy = createProxy(testEnv as unknown as Record<string, unknown>, {
    store,
    log: () => {},
    fetch: async (request) => {
      if (request.method === "POST" && new URL(request.url).pathname === "/processor_runs") {
        upstreamCreates++;
        await held;
      }
      return fetch(request);
    },
  });
  const key = `wait-${crypto.randomUUID()}`;
  const create = () =>
    proxy(
      new Request("https://proxy.test/processor_runs", {
        method: "POST",
        headers: {
          authorization: `Bearer ${TOKENS.alpha}`,
          "content-type": "application/json",
          "idempotency-key": key,
        },
        body: JSON.stringify({ processorId: INVOICE, rawText: `${key} total 1 USD` }),
      }),
    );
  const first = create();
  const second = create();
  const [a, b] = await Promise.all([first, second]);
  expect(a.status).toBe(200);
  expect(b.status).toBe(200);
  const ids = [a, b].map(
    async (response) => ((await response.json()) as { processorRun: { id: string } }).processorRun.id,
  );
  const [idA, idB] = await Promise.all(ids);
  expect(idB).toBe(idA);
  expect(upstreamCreates).toBe(1);
  expect(waitingLooks).toBeGreaterThan(0);
  expect([a.headers.get("idempotent-replayed"), b.headers.get("idempotent-replayed")].sort()).toEqual([
    null,
    "true",
  ]);
});
