// examples/web in a real browser: headless Chromium loads the page from a local static server, uploads a
// document through the proxy (wrangler dev, the Cloudflare entry) with a client token, runs the extractor
// and the classifier on the emulator, and shows the results. A second origin that is not in
// ALLOWED_ORIGINS must be refused by the browser's CORS check before anything reaches the upstream.
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import {
  type EmulatorProcess,
  newClientToken,
  proxyClients,
  startEmulatorProcess,
  startProxyServer,
  type WranglerDevServer,
} from "@extendkit/testing";
import { launchChromium } from "@extendkit/testing/chromium";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebServer } from "../../../examples/web/serve.mjs";
import { artifactsDir } from "../src/paths.js";
import { expectedOutput, type SampleDocument, sampleDocuments } from "../src/sample-documents.js";

type WebServer = Awaited<ReturnType<typeof startWebServer>>;

let emulator: EmulatorProcess | undefined;
let proxy: WranglerDevServer | undefined;
let allowed: WebServer | undefined;
let foreign: WebServer | undefined;
let browser: Browser | undefined;
let invoice: SampleDocument;
const token = newClientToken("web");

beforeAll(async () => {
  // The repository's sample text invoice, whose outputs are recorded in examples/documents/expected.
  invoice = sampleDocuments(/^invoice-.*\.txt$/)[0]!;
  expect(invoice, "examples/documents/invoice-*.txt").toBeDefined();
  mkdirSync(artifactsDir, { recursive: true });
  allowed = await startWebServer();
  foreign = await startWebServer();
  emulator = await startEmulatorProcess({
    apiKey: `sk_test_${randomBytes(12).toString("hex")}`,
    latency: "fast",
  });
  proxy = await startProxyServer({
    upstreamUrl: emulator.url,
    upstreamKey: emulator.apiKey,
    clients: await proxyClients([
      {
        token,
        client: {
          tenant: "web",
          tags: ["web-example"],
          scopes: ["runs:create", "runs:read", "files:write", "files:read"],
          processors: ["dp_invoice_extractor", "dp_document_classifier"],
        },
      },
    ]),
    allowedOrigins: [allowed.url],
  });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await proxy?.stop();
  await emulator?.stop();
  await allowed?.close();
  await foreign?.close();
}, 60_000);

async function openPage(origin: string): Promise<{ page: Page; console: string[] }> {
  const page = await browser!.newPage({ viewport: { width: 1100, height: 1000 } });
  const messages: string[] = [];
  page.on("console", (message) => messages.push(`${message.type()}: ${message.text()}`));
  page.on("pageerror", (error) => messages.push(`pageerror: ${error.message}`));
  const query = new URLSearchParams({ proxy: proxy!.url, token });
  await page.goto(`${origin}/?${query}`);
  return { page, console: messages };
}

async function uploadAndRun(page: Page, documentPath: string, processor: "extractor" | "classifier") {
  await page.setInputFiles("#document", documentPath);
  await page.check(`input[name="processor"][value="${processor}"]`);
  await page.click("#run");
}

async function tableRows(page: Page): Promise<Record<string, string>> {
  const rows = await page.$$eval("#output-table tbody tr", (trs) =>
    trs.map((tr) => [tr.children[0]?.textContent ?? "", tr.children[1]?.textContent ?? ""]),
  );
  return Object.fromEntries(rows);
}

describe("examples/web in headless Chromium", () => {
  it("uploads an invoice, runs the extractor, shows live status and the extracted fields", async () => {
    const expected = expectedOutput(invoice.name, "dp_invoice_extractor") as {
      value: Record<string, unknown>;
    };
    const { page, console } = await openPage(allowed!.url);
    // The token is read from the query string and then removed from the address bar.
    expect(page.url()).not.toContain(token);
    await uploadAndRun(page, invoice.path, "extractor");
    await page.waitForSelector('#status[data-state="PROCESSED"]', { timeout: 60_000 });

    const runId = (await page.textContent("#run-id"))?.trim() ?? "";
    expect(runId).toMatch(/^dpr_/);
    const timeline = await page.$$eval("#timeline li", (items) => items.map((li) => li.textContent ?? ""));
    expect(timeline.some((line) => /Uploaded as file_/.test(line))).toBe(true);
    expect(timeline.some((line) => /Run dpr_\S+ created/.test(line))).toBe(true);
    expect(timeline.at(-1)).toMatch(/Finished: PROCESSED/);

    // The page shows exactly the output recorded for this document, as JSON and as a table of fields.
    expect(JSON.parse((await page.textContent("#output-json")) ?? "{}")).toEqual(expected);
    const rows = await tableRows(page);
    // An object field (the currency total) shows as its leaves: `total.amount`, `total.iso_4217_currency_code`.
    const leaves = Object.entries(expected.value).flatMap(([field, value]) =>
      typeof value === "object" && value !== null
        ? Object.entries(value).map(([key, inner]) => [`${field}.${key}`, inner] as const)
        : [[field, value] as const],
    );
    for (const [field, value] of leaves) expect(rows[field]).toBe(String(value));
    expect(await page.isHidden("#error")).toBe(true);
    await page.screenshot({ path: join(artifactsDir, "browser.png"), fullPage: true });

    // The run the page saw is the one the emulator holds, created through the proxy with its tenant.
    const upstream = (await (await emulator!.api(`/processor_runs/${runId}`)).json()) as {
      processorRun: { status: string; metadata: Record<string, unknown> };
    };
    expect(upstream.processorRun.status).toBe("PROCESSED");
    expect(upstream.processorRun.metadata["extendkit:tenant"]).toBe("web");
    expect(console.filter((line) => line.startsWith("error") || line.startsWith("pageerror"))).toEqual([]);
    await page.close();
  });

  it("runs the classifier on the same document", async () => {
    const expected = expectedOutput(invoice.name, "dp_document_classifier") as {
      type: string;
      confidence: number;
    };
    const { page } = await openPage(allowed!.url);
    await uploadAndRun(page, invoice.path, "classifier");
    await page.waitForSelector('#status[data-state="PROCESSED"]', { timeout: 60_000 });
    expect(JSON.parse((await page.textContent("#output-json")) ?? "{}")).toEqual(expected);
    const rows = await tableRows(page);
    expect(rows["type"]).toBe("invoice");
    expect(rows["confidence"]).toBe(String(expected.confidence));
    await page.close();
  });

  it("is refused by CORS when served from an origin that is not in ALLOWED_ORIGINS", async () => {
    const before = Math.max(0, ...(await emulator!.admin.journal()).map((entry) => entry.seq));
    const { page, console } = await openPage(foreign!.url);
    await uploadAndRun(page, invoice.path, "extractor");
    await page.waitForSelector('#status[data-state="error"]', { timeout: 30_000 });
    const error = (await page.textContent("#error")) ?? "";
    expect(error).toMatch(/ConnectionError/);
    expect(error).toMatch(/ALLOWED_ORIGINS/);
    // Chromium itself reports the refusal: the proxy gave this origin no Access-Control-Allow-Origin.
    expect(console.some((line) => /blocked by CORS policy/i.test(line))).toBe(true);
    await page.screenshot({ path: join(artifactsDir, "browser-cors-refused.png"), fullPage: true });
    // The preflight failed, so the upload itself never reached the upstream.
    const journal = await emulator!.admin.journal();
    expect(journal.filter((entry) => entry.seq > before && entry.path === "/files/upload")).toEqual([]);
    await page.close();
  });
});
