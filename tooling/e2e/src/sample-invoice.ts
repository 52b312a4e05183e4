// The invoice the browser test uploads: a generated text invoice with known values.
import { join } from "node:path";
import { type GeneratedDocument, generateInvoices } from "./documents.js";

/** Writes one known invoice into `dir` and returns it. */
export function sampleInvoice(dir: string): GeneratedDocument {
  return generateInvoices(join(dir, "sample"), 1)[0]!;
}
