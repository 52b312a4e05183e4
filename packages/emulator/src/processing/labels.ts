/** One line of a document, with its `Label: value` split when it has one. */
export interface DocumentLine {
  /** 1-based page number. */
  page: number;
  /** Position in the whole document (0-based, across pages). */
  index: number;
  /** The line as written, trimmed. */
  text: string;
  /** Normalised label (see {@link normaliseLabel}) or null when the line is not a label line. */
  label: string | null;
  /** The value after the label ("" when the label ends the line). */
  value: string;
}

/** Abbreviations folded so "Invoice #", "Invoice No." and "Invoice Number" compare equal. */
const TOKEN_ALIASES: Readonly<Record<string, string>> = {
  no: "number",
  nr: "number",
  num: "number",
  nbr: "number",
  amt: "amount",
  qty: "quantity",
  addr: "address",
  tel: "phone",
  telephone: "phone",
};

/**
 * Normalises a label or a property name for comparison: parentheticals ("Sales Tax (6.25%)") dropped,
 * camelCase and snake/kebab-case split into words, lower-cased, `#` read as "number", possessive `'s` and
 * punctuation dropped, common abbreviations expanded.
 */
export function normaliseLabel(raw: string): string {
  const words = raw
    .replace(/\([^)]*\)/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .replace(/['’]s\b/g, "")
    .replace(/#/g, " number ")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .split(" ")
    .filter((word) => word !== "");
  return words.map((word) => TOKEN_ALIASES[word] ?? word).join(" ");
}

const COLON_LINE = /^([^:]{1,60}?)\s*:\s*(.*)$/;
const NUMBER_LINE = /^(.{1,40}?(?:\b(?:no\.?|nr\.?|number)|#))\s*[.:]?\s+(\S.*)$/i;
const SPACED_LINE = /^([\p{L}][\p{L}\p{N} .#/&'()-]{0,40}?)(?:\t+|\s{2,})(\S.*)$/u;

const XML_ELEMENT_LINE = /^<([A-Za-z_][\w.:-]*)(?:\s[^>]*)?>([^<]*)<\/\1\s*>$/;
const QUOTED_LABEL = /^"([^"]{1,60})"$/;

/**
 * Splits a line into label and value. Recognised: `Label: value`, `Invoice No. 123` / `Invoice # 123`
 * (a label ending in a number word needs no colon), `Label<tab or 2+ spaces>value` (aligned text), a JSON member
 * (`"invoice_number": "INV-1",`) and an XML leaf element (`<InvoiceNumber>INV-1</InvoiceNumber>`).
 * The label must contain a letter and at most eight words; times (`10:30`) and URLs are not labels.
 */
export function parseLabelLine(line: string): { label: string; value: string } | null {
  const text = line.trim();
  const element = XML_ELEMENT_LINE.exec(text);
  if (element) return { label: element[1] ?? "", value: decodeXmlText(element[2] ?? "").trim() };
  const colon = COLON_LINE.exec(text);
  if (colon) {
    const label = colon[1] ?? "";
    const value = colon[2] ?? "";
    const quoted = QUOTED_LABEL.exec(label.trim());
    if (quoted) return { label: quoted[1] ?? "", value: jsonValueText(value) };
    if (isPlausibleLabel(label) && !value.startsWith("//"))
      return { label, value: untilRepeat(label, value) };
  }
  for (const pattern of [NUMBER_LINE, SPACED_LINE]) {
    const match = pattern.exec(text);
    if (match && isPlausibleLabel(match[1] ?? "")) {
      return { label: (match[1] ?? "").trim(), value: (match[2] ?? "").trim() };
    }
  }
  return null;
}

/**
 * The value up to a repeat of its own label: two-column layouts (signature blocks) flatten to
 * "Date: April 24, 2025 Date: April 25, 2025", where the first value ends at the second "Date:".
 */
function untilRepeat(label: string, value: string): string {
  const escaped = label.trim().replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const repeat = new RegExp(`\\s${escaped}\\s*:`, "i").exec(value);
  return (repeat ? value.slice(0, repeat.index) : value).trim();
}

/** The text of a JSON member's value: quotes and a trailing comma removed, `null` read as empty. */
function jsonValueText(raw: string): string {
  const value = raw.trim().replace(/,$/, "").trim();
  if (value === "null" || value === "{" || value === "[") return "";
  if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) {
    try {
      return String(JSON.parse(value));
    } catch {
      return value.slice(1, -1);
    }
  }
  return value;
}

function decodeXmlText(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

function isPlausibleLabel(label: string): boolean {
  const trimmed = label.trim();
  if (!/\p{L}/u.test(trimmed)) return false;
  if (trimmed.split(/\s+/).length > 8) return false;
  return true;
}

/** Every line of the document in order, with page numbers and parsed labels. */
export function documentLines(pages: readonly string[]): DocumentLine[] {
  const lines: DocumentLine[] = [];
  pages.forEach((pageText, pageIndex) => {
    for (const raw of pageText.split("\n")) {
      const text = raw.trim();
      const parsed = text === "" ? null : parseLabelLine(text);
      lines.push({
        page: pageIndex + 1,
        index: lines.length,
        text,
        label: parsed ? normaliseLabel(parsed.label) : null,
        value: parsed ? parsed.value : "",
      });
    }
  });
  return lines;
}
