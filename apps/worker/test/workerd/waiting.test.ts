// §4 waiting without polling Extend: coalesced reads of running runs, `Prefer: wait` long-polls released
// by a webhook (no upstream polling) or by one poller per run. The upstream is an emulator on a virtual
// clock, so runs stay PROCESSING until a test moves its time; everything is asserted on request counts
// from the emulator's journal, never on wall-clock timings.
import { EmulatorAdmin } from "@extendkit/emulator/admin";
import { describe, expect, it } from "vitest";
import { createProxy, pollIntervalMs } from "../../src/proxy.ts";
import { MemoryStore } from "../../src/state/memory-store.ts";
import { MAX_WAIT_SECONDS, preferredWaitSeconds } from "../../src/waiting/index.ts";
import { bearer, call, createRun, type ProxyTarget, runOf, webhookRequest } from "../contract/harness.ts";
import { API_KEY, TOKENS } from "../fixtures.ts";
import { targetFor, testEnv } from "./env.ts";

const admin = new EmulatorAdmin(testEnv.TEST_VIRTUAL_EMULATOR_URL);

/** A proxy in front of the virtual-clock emulator; `webhooks` decides whether waiters poll. */
function proxy(name: string, options: { webhooks: boolean; now?: () => number }) {
  const settings: Record<string, unknown> = {
    ...testEnv,
    EXTEND_BASE_URL: testEnv.TEST_VIRTUAL_EMULATOR_URL,
  };
  if (!options.webhooks) delete settings["WEBHOOK_SECRET"];
  const handler = createProxy(settings, {
    store: new MemoryStore(),
    log: () => undefined,
    ...(options.now ? { now: options.now } : {}),
  });
  const target: ProxyTarget = { ...targetFor(name, handler), emulatorUrl: testEnv.TEST_VIRTUAL_EMULATOR_URL };
  return target;
}

/** GETs of one run the proxy sent upstream (the test's own direct reads are not counted). */
async function upstreamGets(id: string): Promise<number> {
  return (await admin.journal()).filter(
    (r) =>
      r.method === "GET" &&
      r.path === `/processor_runs/${id}` &&
      r.headers?.["user-agent"] === "extendkit-proxy/0.1",
  ).length;
}

/** The run straight from the emulator (never through the proxy). */
async function upstreamRun(id: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${testEnv.TEST_VIRTUAL_EMULATOR_URL}/processor_runs/${id}`, {
    headers: { authorization: `Bearer ${API_KEY}`, "x-extend-api-version": "2025-04-21" },
  });
  return ((await response.json()) as { processorRun: Record<string, unknown> }).processorRun;
}

async function processingRun(target: ProxyTarget): Promise<string> {
  const reply = await createRun(target, TOKENS.alpha, {
    processorId: "dp_invoice_extractor",
    rawText: "Invoice 9",
  });
  expect(reply.status, reply.text).toBe(200);
  return String(runOf(reply)["id"]);
}

/** Moves the emulator's time until the run is terminal, and returns it. */
async function finish(id: string): Promise<Record<string, unknown>> {
  await admin.advanceClock(5_000);
  const run = await upstreamRun(id);
  expect(run["status"]).toBe("PROCESSED");
  return run;
}

const read = (target: ProxyTarget, id: string, extra: Record<string, string> = {}) =>
  call(target, `/processor_runs/${id}`, { headers: bearer(TOKENS.alpha, extra) });

describe("Prefer: wait parsing (RFC 7240)", () => {
  it("reads wait among other preferences and caps it at 60 s", () => {
    const parse = (prefer: string | null) =>
      preferredWaitSeconds(new Request("https://p.test/", prefer === null ? {} : { headers: { prefer } }));
    expect(parse(null)).toBeNull();
    expect(parse("wait=10")).toBe(10);
    expect(parse("respond-async, wait=5")).toBe(5);
    expect(parse('wait="7"')).toBe(7);
    expect(parse("wait=3600")).toBe(MAX_WAIT_SECONDS);
    expect(parse("return=minimal")).toBeNull();
    expect(parse("wait=soon")).toBeNull();
  });

  it("polls once a second, or slower when the runs waited on would spend over half the GET budget", () => {
    expect(pollIntervalMs(null, 500)).toBe(1000);
  });
});

describe("coalescing", () => {
  it("concurrent reads of a running run share one upstream read; a ≤ 1 s entry serves the next ones", async () => {
    let now = Date.now();
    const target = proxy("coalesce", { webhooks: true, now: () => now });
    const id = await processingRun(target);
    const replies = await Promise.all(Array.from({ length: 25 }, () => read(target, id)));
    for (const reply of replies) {
      expect(reply.status).toBe(200);
      expect(runOf(reply)["status"]).toBe("PROCESSING");
    }
    expect(await upstreamGets(id)).toBe(1);
    now += 900;
    expect(runOf(await read(target, id))["status"]).toBe("PROCESSING");
    expect(await upstreamGets(id)).toBe(1);
    now += 200;
    await read(target, id);
    expect(await upstreamGets(id)).toBe(2);
    // no-cache skips the shared entry.
    await read(target, id, { "cache-control": "no-cache" });
    expect(await upstreamGets(id)).toBe(3);
  });

  it("a webhook drops the running entry at once: the next read is never served a stale PROCESSING", async () => {
    let now = Date.now();
    const target = proxy("coalesce-webhook", { webhooks: true, now: () => now });
    const id = await processingRun(target);
    expect(runOf(await read(target, id))["status"]).toBe("PROCESSING");
    const run = await finish(id);
    now += 100;
    const delivered = await call(
      target,
      "/webhooks/extend",
      await webhookRequest({ eventId: `evt_${id}`, eventType: "processor_run.processed", payload: run }),
    );
    expect(delivered.status).toBe(200);
    const after = await read(target, id);
    expect(runOf(after)["status"]).toBe("PROCESSED");
  });
});

describe("long-poll with webhooks: released by the delivery, no upstream polling", () => {
  it("every waiting client gets the finished run, with Preference-Applied, and the upstream saw no poll", async () => {
    const target = proxy("longpoll-webhook", { webhooks: true });
    const id = await processingRun(target);
    const waiting = Array.from({ length: 30 }, () => read(target, id, { prefer: "wait=30" }));
    // Let every request reach the waiting room (they all share the first, coalesced read).
    await new Promise((resolve) => setTimeout(resolve, 300));
    const readsBefore = await upstreamGets(id);
    expect(readsBefore).toBe(1);
    const run = await finish(id);
    const delivered = await call(
      target,
      "/webhooks/extend",
      await webhookRequest({ eventId: `evt_lp_${id}`, eventType: "processor_run.processed", payload: run }),
    );
    expect(delivered.json).toMatchObject({ stored: true });
    const replies = await Promise.all(waiting);
    for (const reply of replies) {
      expect(reply.status).toBe(200);
      expect(runOf(reply)["status"]).toBe("PROCESSED");
      expect(reply.headers.get("preference-applied")).toBe("wait=30");
    }
    expect(await upstreamGets(id)).toBe(readsBefore);
  });

  it("a wait that runs out answers the run as it is, with Preference-Applied", async () => {
    const target = proxy("longpoll-timeout", { webhooks: true });
    const id = await processingRun(target);
    const reply = await read(target, id, { prefer: "wait=1" });
    expect(reply.status).toBe(200);
    expect(runOf(reply)["status"]).toBe("PROCESSING");
    expect(reply.headers.get("preference-applied")).toBe("wait=1");
  });

  it("another tenant waiting on the run learns nothing (404), whatever the webhook says", async () => {
    const target = proxy("longpoll-tenant", { webhooks: true });
    const id = await processingRun(target);
    const other = await call(target, `/processor_runs/${id}`, {
      headers: bearer(TOKENS.beta, { prefer: "wait=5" }),
    });
    expect(other.status).toBe(404);
  });
});

describe("long-poll without webhooks: one poller per run serves every waiting client", () => {
  it("30 waiters on one run cost a handful of upstream reads, and all get the finished run", async () => {
    const target = proxy("longpoll-poll", { webhooks: false });
    const id = await processingRun(target);
    const waiting = Array.from({ length: 30 }, () => read(target, id, { prefer: "wait=30" }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const readsBefore = await upstreamGets(id);
    await finish(id);
    const replies = await Promise.all(waiting);
    for (const reply of replies) {
      expect(reply.status).toBe(200);
      expect(runOf(reply)["status"]).toBe("PROCESSED");
      expect(reply.headers.get("preference-applied")).toBe("wait=30");
    }
    // One poll per interval for the run, not one per client: 30 clients polling would be 30 reads a round.
    const polls = (await upstreamGets(id)) - readsBefore;
    expect(polls).toBeGreaterThanOrEqual(1);
    expect(polls).toBeLessThan(6);
  });
});
