import { detectCurrency } from "./coerce.js";
import { CONFIDENCE, type ExtractionContext, type FieldHit, type FieldSpec } from "./field-spec.js";
import type { LineRange } from "./label-match.js";
import { DOCUMENT_WORDS } from "./label-synonyms.js";
import { normaliseLabel } from "./labels.js";

/** Field name words that ask for the issuer of a document (usually its letterhead, not a labelled line). */
const ISSUER_WORDS = new Set(["vendor", "supplier", "merchant", "seller", "issuer", "store", "shop"]);

/**
 * Values that documents imply rather than label, found when no label matched, at the fallback confidence:
 * a currency code from the amounts, and the issuer (vendor, merchant…) from the letterhead. Null otherwise.
 */
export function inferMissing(
  spec: FieldSpec,
  context: ExtractionContext,
  range: LineRange,
  path: string,
): unknown {
  if (spec.kind !== "string") return null;
  const words = normaliseLabel(spec.key).split(" ");
  if (words.includes("currency")) return inferCurrency(context, range, path);
  if (words.some((word) => ISSUER_WORDS.has(word)) && range.from === 0) return inferIssuer(context, path);
  return null;
}

/** The code written or implied (`€`, `USD`) on the lines of values already found (the total's, typically), else the first line in range that shows one. */
function inferCurrency(context: ExtractionContext, range: LineRange, path: string): string | null {
  const candidates: FieldHit[] = [...context.hits.values()];
  for (let i = range.from; i < range.to; i++) {
    const line = context.lines[i];
    if (line) candidates.push({ confidence: CONFIDENCE.fallback, page: line.page, referenceText: line.text });
  }
  for (const candidate of candidates) {
    const code = detectCurrency(candidate.referenceText);
    if (code) {
      context.hits.set(path, { ...candidate, confidence: CONFIDENCE.fallback });
      return code;
    }
  }
  return null;
}

/**
 * The letterhead: the document's first non-blank line when it reads as a name — at most six words, no digits,
 * no label, and not a title such as "INVOICE" or "SALES RECEIPT".
 */
function inferIssuer(context: ExtractionContext, path: string): string | null {
  const first = context.lines.find((line) => line.text !== "");
  if (!first || first.label !== null || /\d|:/.test(first.text)) return null;
  const words = normaliseLabel(first.text).split(" ");
  if (words.length > 6 || words.some((word) => DOCUMENT_WORDS.has(word))) return null;
  context.hits.set(path, { confidence: CONFIDENCE.fallback, page: first.page, referenceText: first.text });
  return first.text;
}
