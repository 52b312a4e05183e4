// Issue 13 §3 end to end: @extendkit/core's generated Idempotency-Key meets the proxy. Between core and the
// proxy sits an edge that answers the first create with 503 + Retry-After although the proxy had already
// created the run (a gateway timing out after its origin accepted). Core repeats the create with the same
// key and the proxy replays the first answer: one run upstream, the id core returns is that run.
import { ExtendClient } from "@extendkit/core";
import { EmulatorAdmin } from "@extendkit/emulator/admin";
import { expect, inject, it } from "vitest";
import { createProxy } from "../../src/proxy.ts";
import { MemoryStore } from "../../src/state/memory-store.ts";
import { API_KEY, INVOICE, proxySettings, TOKENS } from "../fixtures.ts";

it("a create retried by core after a 503 that followed success creates one run", async () => {
  const emulatorUrl = inject("emulatorUrl");
  const proxy = createProxy(
    { ...(await proxySettings(emulatorUrl, inject("es256PublicJwk"))), UPSTREAM_LIMITS: "off" },
    { store: new MemoryStore(), log: () => {} },
  );
  const replayed: Array<string | null> = [];
  let failedOnce = false;
  const edge: typeof fetch = async (input, init) => {
    const response = await proxy(new Request(input, init));
    if (new URL(new Request(input, init).url).pathname === "/processor_runs") {
      replayed.push(response.headers.get("idempotent-replayed"));
      if (!failedOnce) {
        failedOnce = true;
        await response.body?.cancel();
        return new Response(JSON.stringify({ success: false, error: "gateway", code: "UNAVAILABLE" }), {
          status: 503,
          headers: { "content-type": "application/json", "retry-after": "0" },
        });
      }
    }
    return response;
  };
  const client = new ExtendClient({ apiKey: TOKENS.alpha, baseUrl: "http://proxy.test", fetch: edge });
  const marker = `core-key-${crypto.randomUUID()}`;
  const run = await client.processorRuns.create({ processorId: INVOICE, rawText: `${marker} total 3 USD` });

  expect(replayed).toEqual([null, "true"]);
  const journal = await new EmulatorAdmin(emulatorUrl).journal();
  const creates = journal.filter((entry) => entry.method === "POST" && entry.path === "/processor_runs");
  const mine = [];
  for (const entry of creates) {
    const id = String(entry["runId"]);
    const upstream = (await (
      await fetch(`${emulatorUrl}/processor_runs/${id}`, {
        headers: { authorization: `Bearer ${API_KEY}`, "x-extend-api-version": "2025-04-21" },
      })
    ).json()) as { processorRun?: { input?: unknown; metadata?: Record<string, unknown> } };
    if (JSON.stringify(upstream.processorRun ?? {}).includes(marker)) mine.push(id);
  }
  expect(mine).toEqual([run.id]);
});
