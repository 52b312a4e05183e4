// The official SDK (extend-ai@0.0.12) and @extendkit/core, pointed at `wrangler dev` running the
// proxy (with the emulator from globalSetup as upstream) with a client token instead of an API key.
// The SDK's upload() is typed with Node's Blob (node:buffer), not the DOM lib's global Blob that this
// tsconfig also loads; at run time the two are the same class.
import { Blob } from "node:buffer";
import { ExtendClient as CoreClient } from "@extendkit/core";
import { type RunningServer, startWranglerDev } from "@extendkit/testing";
import { ExtendClient } from "extend-ai";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { API_KEY, proxySettings, TOKENS } from "../fixtures.ts";
import { splitSettings } from "../wrangler-settings.ts";

let proxy: RunningServer;
const emulatorUrl = inject("emulatorUrl");

async function waitForTerminal(id: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const response = await fetch(`${emulatorUrl}/processor_runs/${id}`, {
      headers: { authorization: `Bearer ${API_KEY}`, "x-extend-api-version": "2025-04-21" },
    });
    const body = (await response.json()) as { processorRun: { status: string } };
    if (["PROCESSED", "FAILED", "CANCELLED"].includes(body.processorRun.status)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`run ${id} did not finish`);
}

beforeAll(async () => {
  proxy = await startWranglerDev(splitSettings(await proxySettings(emulatorUrl, inject("es256PublicJwk"))));
}, 90_000);

afterAll(async () => {
  await proxy?.stop();
  expect(proxy.output().includes(API_KEY), "wrangler dev output leaks the key").toBe(false);
});

describe("official SDK extend-ai@0.0.12 through wrangler dev", () => {
  it("creates, gets (second get a HIT), cancels, deletes and uploads with zero errors", async () => {
    const client = new ExtendClient({ token: TOKENS.alpha, baseUrl: proxy.url });

    const created = await client.processorRun.create({
      processorId: "dp_invoice_extractor",
      rawText: "Invoice 314 from Acme, total 27.18 USD",
      metadata: { source: "sdk-test" },
    });
    expect(created.success).toBe(true);
    const id = created.processorRun.id;
    expect(created.processorRun.metadata?.["extendkit:tenant"]).toBe("alpha");
    await waitForTerminal(id);

    const first = await client.processorRun.get(id).withRawResponse();
    expect(first.data.processorRun.status).toBe("PROCESSED");
    expect(first.rawResponse.headers.get("x-extendkit-cache")).toBe("MISS");
    const second = await client.processorRun.get(id).withRawResponse();
    expect(second.rawResponse.headers.get("x-extendkit-cache")).toBe("HIT");
    expect(second.data.processorRun).toEqual(first.data.processorRun);

    const stuck = await client.processorRun.create({
      processorId: "dp_invoice_extractor",
      rawText: "extendkit-stuck: waits for a cancel",
    });
    const cancelled = await client.processorRun.cancel(stuck.processorRun.id);
    expect(cancelled.processorRun.status).toBe("CANCELLED");

    const deleted = await client.processorRun.delete(id);
    expect(deleted.success).toBe(true);
    await expect(client.processorRun.get(id)).rejects.toMatchObject({ statusCode: 404 });

    const uploaded = await client.file.upload(
      new Blob(["Invoice 2718 total 3.14 EUR"], { type: "text/plain" }),
    );
    expect(uploaded.success).toBe(true);
    const fileId = uploaded.file.id;
    expect(fileId).toMatch(/^file_/);
    const fromFile = await client.processorRun.create({
      processorId: "dp_invoice_extractor",
      file: { fileId },
    });
    expect(fromFile.success).toBe(true);
    const file = await client.file.get(fileId);
    expect(file.file.id).toBe(fileId);
  });

  it("a client token from another tenant cannot read the run (NotFoundError)", async () => {
    const alpha = new ExtendClient({ token: TOKENS.alpha, baseUrl: proxy.url });
    const beta = new ExtendClient({ token: TOKENS.beta, baseUrl: proxy.url });
    const created = await alpha.processorRun.create({ processorId: "dp_invoice_extractor", rawText: "x" });
    await expect(beta.processorRun.get(created.processorRun.id)).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe("@extendkit/core through wrangler dev (the README's frontend setup)", () => {
  it("createAndWait, then a cached get", async () => {
    const client = new CoreClient({ apiKey: TOKENS.alpha, baseUrl: proxy.url });
    const run = await client.processorRuns.createAndWait(
      { processorId: "dp_invoice_extractor", rawText: "Invoice 9 total 1 USD" },
      { pollIntervalMs: 50, timeoutMs: 20_000 },
    );
    expect(run.status).toBe("PROCESSED");
    const { response } = await client.processorRuns.get(run.id).withResponse();
    expect(response.headers.get("x-extendkit-cache")).toBe("HIT");
  });
});
