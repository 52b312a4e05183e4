import { createHmac } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { createEmulator } from "../src/index.js";
import { TestApi } from "./support/api.js";
import { localServer } from "./support/local-server.js";

interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
}

const SECRET = "wss_test_secret";
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

async function receiver(failFirst = 0) {
  const deliveries: Delivery[] = [];
  let seen = 0;
  const server = await localServer((req, body, res) => {
    seen++;
    deliveries.push({ headers: req.headers, body });
    res.writeHead(seen <= failFirst ? 500 : 200);
    res.end();
  });
  cleanup.push(() => server.close());
  return { url: `${server.url}/hooks`, deliveries };
}

async function waitFor(predicate: () => boolean, ms = 5000) {
  const until = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > until) throw new Error("timed out waiting for a webhook");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function expectSigned(delivery: Delivery) {
  const timestamp = String(delivery.headers["x-extend-request-timestamp"]);
  expect(timestamp).toMatch(/^\d{10}$/);
  expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
  const expected = createHmac("sha256", SECRET)
    .update(`v0:${timestamp}:${delivery.body}`, "utf8")
    .digest("hex");
  expect(delivery.headers["x-extend-request-signature"]).toBe(expected);
  expect(delivery.headers["content-type"]).toContain("application/json");
}

describe("webhooks", () => {
  it("delivers processor_run.processed signed with v0:{timestamp}:{body}", async () => {
    const hook = await receiver();
    const emulator = createEmulator({
      latency: "instant",
      limits: "off",
      webhook: { url: hook.url, secret: SECRET },
    });
    cleanup.push(() => emulator.close());
    const api = new TestApi(emulator);
    const run = await api.createRun({
      processorId: "dp_invoice_extractor",
      rawText: "Invoice Number: W-1",
      metadata: { orderId: "o-1" },
    });
    await waitFor(() => hook.deliveries.length === 1);
    const delivery = hook.deliveries[0]!;
    expectSigned(delivery);
    const event = JSON.parse(delivery.body);
    expect(event.eventId).toEqual(expect.any(String));
    expect(event.eventType).toBe("processor_run.processed");
    expect(event.payload).toMatchObject({ id: run["id"], status: "PROCESSED", metadata: { orderId: "o-1" } });
    expect(event.payload.output.value.invoice_number).toBe("W-1");
    // The 2025-04-21 ProcessorRun object has no timestamps (only list summaries do).
    expect(event.payload).not.toHaveProperty("createdAt");
    expect(event.payload).not.toHaveProperty("updatedAt");
  });

  it("delivers processor_run.failed for failed runs and nothing for cancelled ones", async () => {
    const hook = await receiver();
    const emulator = createEmulator({
      clock: "virtual",
      latency: "instant",
      limits: "off",
      webhook: { url: hook.url, secret: SECRET },
    });
    cleanup.push(() => emulator.close());
    const api = new TestApi(emulator);
    const failing = await api.createRun({ processorId: "dp_invoice_extractor", rawText: "extendkit-fail" });
    const cancelled = await api.createRun({ processorId: "dp_invoice_extractor", rawText: "x" });
    await api.json("POST", `/processor_runs/${cancelled["id"]}/cancel`);
    await emulator.clock.advance(10);
    await waitFor(() => hook.deliveries.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(hook.deliveries).toHaveLength(1);
    expectSigned(hook.deliveries[0]!);
    const event = JSON.parse(hook.deliveries[0]!.body);
    expect(event.eventType).toBe("processor_run.failed");
    expect(event.payload).toMatchObject({
      id: failing["id"],
      status: "FAILED",
      failureReason: "PROCESSING_ERROR",
    });
  });

  it("retries with backoff after non-2xx answers, with the same event id", async () => {
    const hook = await receiver(2);
    const emulator = createEmulator({
      latency: "instant",
      limits: "off",
      webhook: { url: hook.url, secret: SECRET },
    });
    cleanup.push(() => emulator.close());
    await new TestApi(emulator).createRun({ processorId: "dp_invoice_extractor", rawText: "Total: 1" });
    await waitFor(() => hook.deliveries.length === 3);
    const ids = hook.deliveries.map((d) => JSON.parse(d.body).eventId);
    expect(new Set(ids).size).toBe(1);
    for (const delivery of hook.deliveries) expectSigned(delivery);
  });

  it("close() stops retries", async () => {
    const hook = await receiver(100);
    const emulator = createEmulator({
      latency: "instant",
      limits: "off",
      webhook: { url: hook.url, secret: SECRET },
    });
    await new TestApi(emulator).createRun({ processorId: "dp_invoice_extractor", rawText: "Total: 1" });
    await waitFor(() => hook.deliveries.length === 1);
    await emulator.close();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(hook.deliveries).toHaveLength(1);
  });

  it("refuses webhook URLs that are not on 127.0.0.1 or localhost", () => {
    expect(() => createEmulator({ webhook: { url: "https://example.com/hook", secret: SECRET } })).toThrow(
      /127\.0\.0\.1/,
    );
  });
});
