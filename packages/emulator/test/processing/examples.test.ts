import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_PROCESSOR_DEFINITIONS, readDocument, runProcessor } from "../../src/processing/index.js";

// The samples of examples/documents and the outputs the default processors must produce on them
// (expected/<processorId>/examples/documents/<sample>.json: the layout of the action's `expectations` input,
// which mirrors each file's workspace path, so the action checks the same files in CI). `UPDATE_EXPECTED=1` rewrites the expected files after a deliberate
// change; review the diff before committing.
const DOCUMENTS = fileURLToPath(new URL("../../../../examples/documents/", import.meta.url));
const EXPECTED = join(DOCUMENTS, "expected");
const UPDATE = process.env["UPDATE_EXPECTED"] === "1";

/** The expected output of `processorId` on `sample`, relative to expected/. */
const expectedFile = (sample: string, processorId: string) =>
  `${processorId}/examples/documents/${sample}.json`;

const SAMPLES: Record<string, string[]> = {
  "invoice-acme.txt": ["dp_invoice_extractor", "dp_document_classifier"],
  "invoice-globex.pdf": ["dp_invoice_extractor", "dp_document_classifier"],
  "receipt-coffee.txt": ["dp_invoice_extractor", "dp_document_classifier"],
  "contract-services.pdf": ["dp_document_classifier"],
  "packet.pdf": ["dp_document_classifier", "dp_packet_splitter"],
};

async function run(sample: string, processorId: string): Promise<Record<string, unknown>> {
  const processor = DEFAULT_PROCESSOR_DEFINITIONS.find((p) => p.id === processorId);
  if (!processor) throw new Error(`unknown processor ${processorId}`);
  const document = await readDocument(new Uint8Array(readFileSync(join(DOCUMENTS, sample))), sample);
  if (!document.ok) throw new Error(`${sample}: ${document.message}`);
  const result = runProcessor({ type: processor.type, config: processor.config, pages: document.pages });
  if (!result.ok) throw new Error(`${sample}: ${result.failureMessage}`);
  return result.output;
}

describe("examples/documents", () => {
  for (const [sample, processorIds] of Object.entries(SAMPLES)) {
    for (const processorId of processorIds) {
      it(`${sample} with ${processorId} produces expected/${expectedFile(sample, processorId)}`, async () => {
        const output = await run(sample, processorId);
        const path = join(EXPECTED, expectedFile(sample, processorId));
        if (UPDATE) {
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, `${JSON.stringify(output, null, 2)}\n`);
        }
        expect(output).toEqual(JSON.parse(readFileSync(path, "utf8")));
      });
    }
  }

  // After the per-sample tests, so UPDATE_EXPECTED=1 has written any new file before the listing is checked.
  it("has exactly the expected files of the sample table", () => {
    const files = readdirSync(EXPECTED, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name).slice(EXPECTED.length + 1))
      .sort();
    const wanted = Object.entries(SAMPLES)
      .flatMap(([sample, ids]) => ids.map((id) => expectedFile(sample, id)))
      .sort();
    expect(files).toEqual(wanted);
  });

  // Independent of the expected files: the facts a reader of the samples can check by eye.
  it("extracts the invoices' numbers, vendors, dates, totals and currencies", async () => {
    expect((await run("invoice-acme.txt", "dp_invoice_extractor"))["value"]).toEqual({
      invoice_number: "INV-2025-0412",
      vendor: "Acme Corporation",
      invoice_date: "2025-03-14",
      total: { amount: 1681.94, iso_4217_currency_code: "USD" },
      currency: "USD",
    });
    expect((await run("invoice-globex.pdf", "dp_invoice_extractor"))["value"]).toEqual({
      invoice_number: "GX-88213",
      vendor: "Globex GmbH",
      invoice_date: "2025-03-14",
      total: { amount: 12480.5, iso_4217_currency_code: "EUR" },
      currency: "EUR",
    });
  });

  it("extracts what a receipt has in common with an invoice", async () => {
    expect((await run("receipt-coffee.txt", "dp_invoice_extractor"))["value"]).toEqual({
      invoice_number: null,
      vendor: "HARBOR STREET COFFEE ROASTERS",
      invoice_date: "2025-04-02",
      total: { amount: 31.25, iso_4217_currency_code: "USD" },
      currency: "USD",
    });
  });

  it("classifies each sample as what it is", async () => {
    const types: Record<string, string> = {
      "invoice-acme.txt": "invoice",
      "invoice-globex.pdf": "invoice",
      "receipt-coffee.txt": "receipt",
      "contract-services.pdf": "contract",
      "packet.pdf": "invoice",
    };
    for (const [sample, type] of Object.entries(types)) {
      expect((await run(sample, "dp_document_classifier"))["type"], sample).toBe(type);
    }
  });

  it("splits the packet into invoice (pages 1-2), receipt (3) and contract (4-5)", async () => {
    const output = (await run("packet.pdf", "dp_packet_splitter")) as {
      splits: Array<{ type: string; startPage: number; endPage: number; identifier: string }>;
    };
    expect(output.splits.map((s) => [s.type, s.startPage, s.endPage, s.identifier])).toEqual([
      ["invoice", 1, 2, "NW-2025-0098"],
      ["receipt", 3, 3, "55-20931"],
      ["contract", 4, 5, ""],
    ]);
  });

  describe("generate.mjs", () => {
    const out = mkdtempSync(join(tmpdir(), "extendkit-documents-"));
    afterAll(() => rmSync(out, { recursive: true, force: true }));

    it("regenerates the committed PDFs byte for byte", () => {
      execFileSync(process.execPath, [join(DOCUMENTS, "generate.mjs"), out], { stdio: "pipe" });
      const pdfs = readdirSync(DOCUMENTS).filter((name) => name.endsWith(".pdf"));
      expect(readdirSync(out).sort()).toEqual(pdfs.sort());
      for (const name of pdfs) {
        expect(Buffer.compare(readFileSync(join(out, name)), readFileSync(join(DOCUMENTS, name))), name).toBe(
          0,
        );
      }
    });
  });
});
