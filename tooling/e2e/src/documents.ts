// Generated sample documents for tests that need many of them (chaos) or one with known values when
// examples/documents has none yet. Text invoices in the layout the emulator's invoice extractor reads;
// documents meant to fail carry the emulator's `extendkit-fail` trigger in their name and text.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** A generated document and what processing it must produce. */
export interface GeneratedDocument {
  path: string;
  name: string;
  invoiceNumber: string;
  total: number;
  /** True when the emulator is told to fail the run (`extendkit-fail`). */
  failing: boolean;
}

const VENDORS = [
  "Acme Supplies Ltd",
  "Globex Corporation",
  "Initech GmbH",
  "Umbrella Logistics",
  "Stark Parts Inc",
];

/** The text of one invoice. */
export function invoiceText(options: {
  number: string;
  vendor: string;
  date: string;
  total: number;
  fail?: boolean;
}) {
  const lines = [
    options.vendor,
    "INVOICE",
    "",
    `Invoice Number: ${options.number}`,
    `Invoice Date: ${options.date}`,
    `Vendor: ${options.vendor}`,
    "Bill To: Example Customer Co",
    "",
    "Description            Qty   Amount",
    `Consulting services      1   ${options.total.toFixed(2)}`,
    "",
    `Total: ${options.total.toFixed(2)}`,
    "Currency: USD",
  ];
  if (options.fail) lines.push("", "Note: extendkit-fail (this document is meant to fail processing)");
  return `${lines.join("\n")}\n`;
}

/**
 * Writes `count` invoices into `dir`; every `failEvery`-th one (1-based) is a failing document.
 * Deterministic: the same arguments always produce the same files.
 */
export function generateInvoices(dir: string, count: number, failEvery = 0): GeneratedDocument[] {
  mkdirSync(dir, { recursive: true });
  const documents: GeneratedDocument[] = [];
  for (let i = 1; i <= count; i++) {
    const failing = failEvery > 0 && i % failEvery === 0;
    const invoiceNumber = `INV-${String(10_000 + i)}`;
    const total = Math.round((100 + ((i * 7919) % 90_000) / 10) * 100) / 100;
    const name = failing ? `invoice-${i}-extendkit-fail.txt` : `invoice-${i}.txt`;
    const day = String(1 + (i % 28)).padStart(2, "0");
    const text = invoiceText({
      number: invoiceNumber,
      vendor: VENDORS[i % VENDORS.length]!,
      date: `2026-03-${day}`,
      total,
      fail: failing,
    });
    const path = join(dir, name);
    writeFileSync(path, text);
    documents.push({ path, name, invoiceNumber, total, failing });
  }
  return documents;
}
