import { normaliseLabel } from "./labels.js";

/** Words that name the document itself: "invoice_date" is also labelled plain "Date" on an invoice. */
export const DOCUMENT_WORDS = new Set([
  "invoice",
  "receipt",
  "contract",
  "document",
  "bill",
  "order",
  "purchase",
  "agreement",
  "statement",
]);

/** Common alternative labels, per (normalised) word of a field name. */
const WORD_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  number: ["id", "reference", "ref"],
  vendor: [
    "supplier",
    "seller",
    "merchant",
    "from",
    "company",
    "sold by",
    "billed from",
    "issued by",
    "payee",
    "vendor name",
    "supplier name",
  ],
  customer: ["client", "buyer", "bill to", "billed to", "sold to", "customer name", "client name"],
  total: [
    "total amount",
    "amount due",
    "grand total",
    "total due",
    "balance due",
    "total amount due",
    "invoice total",
    "total paid",
    "amount paid",
  ],
  date: ["dated", "issue date", "date of issue", "issued on", "issued"],
  amount: ["total", "sum"],
  subtotal: ["sub total", "net amount", "net total"],
  tax: ["vat", "sales tax", "gst", "tax amount"],
  currency: ["currency code", "ccy"],
  phone: ["phone number", "mobile"],
  email: ["email address", "e mail"],
  description: ["item", "product", "service", "details"],
  price: ["unit price", "rate"],
  terms: ["payment terms"],
};

/** Words that end the leading phrase of a description ("Invoice number *as* printed on the document"). */
const DESCRIPTION_STOP_WORDS = new Set([
  "of",
  "on",
  "for",
  "in",
  "as",
  "that",
  "which",
  "printed",
  "shown",
  "to",
  "when",
  "if",
  "e",
  "eg",
  "including",
  "with",
  "from",
  "is",
  "was",
]);

/**
 * Looser labels for a field, derived from its name and description: the name without a leading document word
 * ("invoice date" → "date"), per-word synonyms ("invoice number" → "invoice id"; "vendor" → "supplier"), and the
 * leading words of the description up to the first punctuation or stop word. All normalised.
 */
export function derivedLabels(name: string, description?: string): string[] {
  const labels = new Set<string>();
  const tokens = normaliseLabel(name).split(" ").filter(Boolean);
  const bases: string[][] = [tokens];
  if (tokens.length > 1 && DOCUMENT_WORDS.has(tokens[0] ?? "")) bases.push(tokens.slice(1));
  for (const base of bases) {
    labels.add(base.join(" "));
    base.forEach((word, i) => {
      // A bare "number" → "id"/"reference" would match unrelated references; keep it to named numbers.
      if (base.length === 1 && word === "number") return;
      for (const synonym of WORD_SYNONYMS[word] ?? []) {
        labels.add(normaliseLabel([...base.slice(0, i), synonym, ...base.slice(i + 1)].join(" ")));
      }
    });
  }
  const phrase = descriptionPhrase(description);
  if (phrase) labels.add(phrase);
  labels.delete("");
  return [...labels];
}

function descriptionPhrase(description: string | undefined): string | null {
  if (!description) return null;
  const head = description.split(/[,.;:()]/)[0] ?? "";
  const words = normaliseLabel(head).split(" ").filter(Boolean);
  while (words.length > 0 && ["the", "a", "an"].includes(words[0] ?? "")) words.shift();
  const phrase: string[] = [];
  for (const word of words) {
    if (DESCRIPTION_STOP_WORDS.has(word) || phrase.length === 5) break;
    phrase.push(word);
  }
  return phrase.length > 0 ? phrase.join(" ") : null;
}
