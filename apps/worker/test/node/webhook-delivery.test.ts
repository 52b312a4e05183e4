// End to end: the emulator delivers real signed webhooks to the proxy under `wrangler dev`; a run's
// first read through the proxy is then already a HIT (the proxy never fetched it before).
import { type StartedEmulator, startEmulator } from "@extendkit/emulator";
import { freePort, type RunningServer, startWranglerDev } from "@extendkit/testing";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { API_KEY, proxySettings, TOKENS, WEBHOOK_SECRET } from "../fixtures.ts";
import { splitSettings } from "../wrangler-settings.ts";

let emulator: StartedEmulator;
let proxy: RunningServer;

beforeAll(async () => {
  const port = await freePort();
  emulator = await startEmulator({
    host: "127.0.0.1",
    port: 0,
    apiKeys: [API_KEY],
    latency: "instant",
    limits: "off",
    webhook: { url: `http://127.0.0.1:${port}/webhooks/extend`, secret: WEBHOOK_SECRET },
  });
  const settings = await proxySettings(emulator.url, inject("es256PublicJwk"));
  proxy = await startWranglerDev({ ...splitSettings(settings), port, logLevel: "log" });
}, 90_000);

afterAll(async () => {
  await proxy?.stop();
  await emulator?.stop();
});

it("an emulator webhook makes the first read of a finished run a HIT", async () => {
  const created = await fetch(`${proxy.url}/processor_runs`, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKENS.alpha}`, "content-type": "application/json" },
    body: JSON.stringify({ processorId: "dp_invoice_extractor", rawText: "Invoice 11 total 4 USD" }),
  });
  expect(created.status).toBe(200);
  const { processorRun } = (await created.json()) as { processorRun: { id: string } };
  // Wait for the delivery (the proxy logs it) without reading the run through the proxy.
  const deadline = Date.now() + 20_000;
  while (!/"route":"POST \/webhooks\/extend","status":200/.test(proxy.output())) {
    if (Date.now() > deadline) throw new Error(`no webhook delivery seen:\n${proxy.output().slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const read = await fetch(`${proxy.url}/processor_runs/${processorRun.id}`, {
    headers: { authorization: `Bearer ${TOKENS.alpha}` },
  });
  expect(read.status).toBe(200);
  expect(read.headers.get("x-extendkit-cache")).toBe("HIT");
  const body = (await read.json()) as { processorRun: { status: string } };
  expect(body.processorRun.status).toBe("PROCESSED");
});
