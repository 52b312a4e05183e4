// The regression gate's job summary rendered the way GitHub renders it (`marked`, GitHub's markdown CSS) in
// headless Chromium: the verdict and totals lead, the mismatched document's differing fields are a real table,
// matching documents fold into <details>. The screenshot goes to .artifacts/ on every run; with
// UPDATE_SCREENSHOT=1 it also refreshes apps/action/docs/summary.png (the README's picture).
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "@extendkit/testing/chromium";
import { marked } from "marked";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ActionFailure, runAction } from "../../src/action.js";
import { inProcessEmulator, TEST_KEY } from "../helpers/in-process.js";
import { recordingIO } from "../helpers/recording-io.js";
import { createWorkspace, invoiceText, type TempWorkspace } from "../helpers/workspace.js";
import { gateDeps } from "./gate-deps.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const css = createRequire(import.meta.url).resolve("github-markdown-css/github-markdown-light.css");

let ws: TempWorkspace;
let emu: ReturnType<typeof inProcessEmulator>;
beforeAll(async () => {
  ws = await createWorkspace();
  emu = inProcessEmulator();
});
afterAll(async () => {
  await emu.close();
  await ws.remove();
});

async function summaryOf(inputs: Record<string, string>): Promise<string> {
  const { io, rec } = recordingIO({
    "api-key": TEST_KEY,
    "base-url": "http://127.0.0.1:9",
    "processor-id": "dp_invoice_extractor",
    files: "invoices/**",
    expectations: "expected",
    ...inputs,
  });
  await runAction(gateDeps(io, ws.dir, emu.fetch)).catch((error: unknown) => {
    if (!(error instanceof ActionFailure)) throw error;
  });
  return rec.summaries.join("");
}

describe("the gate's job summary as GitHub renders it", () => {
  it("leads with the verdict and totals, tables the differing fields, folds the rest", async () => {
    await ws.write({
      "invoices/acme-2024-031.txt": invoiceText("ACME-031"),
      "invoices/globex-7781.txt": invoiceText("GX-7781"),
      "invoices/initech-q3.txt": invoiceText("IT-Q3"),
    });
    await summaryOf({ "update-expectations": "true" });
    const changed = join(ws.dir, "expected/invoices/globex-7781.txt.json");
    const expected = JSON.parse(await readFile(changed, "utf8"));
    expected.value.invoice_number = "GX-7718";
    expected.value.total = { ...expected.value.total, amount: 1180.5 };
    await writeFile(changed, JSON.stringify(expected, null, 2));
    await rm(join(ws.dir, "expected/invoices/initech-q3.txt.json"));
    const markdown = await summaryOf({});

    const verdictAt = markdown.indexOf("## ❌");
    expect(verdictAt).toBe(0);
    expect(markdown.indexOf("| Mismatched |")).toBeLessThan(
      markdown.indexOf("### ❌ `invoices/globex-7781.txt`"),
    );

    const html = `<!doctype html><html><head><meta charset="utf-8"><style>${await readFile(css, "utf8")}
      body { margin: 0; background: #fff; } .markdown-body { box-sizing: border-box; width: 1012px; padding: 32px; }
      </style></head><body><article class="markdown-body">${await marked.parse(markdown)}</article></body></html>`;
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1012, height: 800 } });
      await page.setContent(html);
      const cells = await page.$$eval("table td", (tds) => tds.map((td) => td.textContent?.trim() ?? ""));
      expect(cells).toContain("value.invoice_number");
      expect(cells).toContain('"GX-7718"');
      expect(cells).toContain('"GX-7781"');
      expect(await page.$$eval("details summary", (s) => s.map((e) => e.textContent ?? ""))).toEqual(
        expect.arrayContaining([expect.stringContaining("1 documents match their expected output")]),
      );
      expect(await page.textContent("h2")).toContain("Extend processor");
      const png = await page.screenshot({ fullPage: true });
      expect(png.length).toBeGreaterThan(20_000);
      const artifacts = join(root, ".artifacts");
      await mkdir(artifacts, { recursive: true });
      await writeFile(join(artifacts, "summary.png"), png);
      if (process.env["UPDATE_SCREENSHOT"] === "1") await writeFile(join(root, "docs/summary.png"), png);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
