import { DEFAULT_PROCESSORS } from "@extendkit/emulator";
import { afterEach, describe, expect, it } from "vitest";
import { verifyWebhook, type WebhookEvent, WebhookVerificationError } from "../../src/index.js";
import { type Harness, startHarness } from "../helpers/emulator.js";
import { startWebhookReceiver, type WebhookReceiver } from "../helpers/webhook-receiver.js";

const SECRET = "wss_emulator_test_secret";
let h: Harness | undefined;
let receiver: WebhookReceiver | undefined;

afterEach(async () => {
  await h?.close();
  await receiver?.close();
  h = undefined;
  receiver = undefined;
});

function headersOf(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : v]));
}

describe("webhooks signed by the emulator verify with verifyWebhook", () => {
  it("processor_run.processed and processor_run.failed", async () => {
    receiver = await startWebhookReceiver();
    h = startHarness({ webhook: { url: receiver.url, secret: SECRET } });
    const ok = await h.client.processorRuns.createAndWait(
      {
        processorId: DEFAULT_PROCESSORS.invoiceExtractor,
        rawText: "Invoice 1",
        metadata: { orderId: "o-77" },
      },
      { pollIntervalMs: 5 },
    );
    const failed = await h.client.processorRuns.createAndWait(
      { processorId: DEFAULT_PROCESSORS.invoiceExtractor, rawText: "extendkit-fail" },
      { pollIntervalMs: 5 },
    );
    const deliveries = await receiver.waitFor(2);
    const events: WebhookEvent[] = [];
    for (const delivery of deliveries) {
      events.push(
        await verifyWebhook({ body: delivery.body, headers: headersOf(delivery.headers), secret: SECRET }),
      );
    }
    const byRun = new Map<string, WebhookEvent>();
    for (const event of events) {
      if (event.eventType === "processor_run.processed" || event.eventType === "processor_run.failed") {
        if (event.payload.object === "document_processor_run") byRun.set(event.payload.id, event);
      }
    }
    const processed = byRun.get(ok.id);
    expect(processed?.eventType).toBe("processor_run.processed");
    expect(processed?.payload).toMatchObject({
      id: ok.id,
      status: "PROCESSED",
      metadata: { orderId: "o-77" },
    });
    expect(typeof processed?.eventId).toBe("string");
    expect(byRun.get(failed.id)?.eventType).toBe("processor_run.failed");
  });

  it("a tampered delivery or a wrong secret is rejected", async () => {
    receiver = await startWebhookReceiver();
    h = startHarness({ webhook: { url: receiver.url, secret: SECRET } });
    await h.client.processorRuns.createAndWait(
      { processorId: DEFAULT_PROCESSORS.classifier, rawText: "a letter" },
      { pollIntervalMs: 5 },
    );
    const [delivery] = await receiver.waitFor(1);
    const headers = headersOf(delivery!.headers);
    const tampered = delivery!.body.replace("PROCESSED", "FAILED");
    await expect(verifyWebhook({ body: tampered, headers, secret: SECRET })).rejects.toMatchObject({
      reason: "invalid_signature",
    });
    const wrong = await verifyWebhook({ body: delivery!.body, headers, secret: "wss_other" }).catch(
      (e: unknown) => e,
    );
    expect(wrong).toBeInstanceOf(WebhookVerificationError);
    const later = Date.now() + 10 * 60_000;
    await expect(
      verifyWebhook({ body: delivery!.body, headers, secret: SECRET, now: later }),
    ).rejects.toMatchObject({
      reason: "timestamp_too_old",
    });
  });
});
